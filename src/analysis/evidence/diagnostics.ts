/**
 * Convergence diagnostics of MCMC draws after Vehtari, Gelman, Simpson, Carpenter & Bürkner,
 * "Rank-normalization, folding, and localization: an improved R-hat for assessing convergence of
 * MCMC", Bayesian Analysis 16:667 (2021):
 *  - chains are split in halves (a trend within a chain then shows as disagreement between halves);
 *  - draws are rank-normalised over all chains, z = Φ⁻¹((rank − 3/8)/(S + 1/4)), ties given their
 *    average rank (robust to heavy tails and infinite variances);
 *  - R-hat = max(R̂ of the rank-normalised draws, R̂ of the rank-normalised folded draws |θ − median|)
 *    (the folded one detects chains that differ in scale only);
 *  - bulk ESS = the effective sample size of the rank-normalised split chains, autocorrelations
 *    combined across chains, ρ̂_t = 1 − (W − mean autocovariance_t)/var⁺, summed with Geyer's
 *    initial monotone sequence (pairs of lags while their sum is positive, made non-increasing),
 *    τ̂ bounded below by 1/log₁₀(S) as in Stan.
 */
import { normalQuantile } from './stats.js';

function split(chains: readonly Float64Array[]): Float64Array[] {
  const out: Float64Array[] = [];
  for (const c of chains) {
    const h = Math.floor(c.length / 2);
    out.push(c.subarray(0, h), c.subarray(c.length - h));
  }
  return out;
}

function rankNormalize(chains: readonly Float64Array[]): Float64Array[] {
  const n = chains[0].length, m = chains.length, S = n * m;
  const sorted = new Float64Array(S);
  chains.forEach((c, j) => sorted.set(c, j * n));
  sorted.sort();
  // the average 1-based rank of a value: the middle of its run of ties in the sorted draws
  const first = (x: number): number => { let lo = 0, hi = S; while (lo < hi) { const mid = (lo + hi) >>> 1; if (sorted[mid] < x) lo = mid + 1; else hi = mid; } return lo; };
  const last = (x: number): number => { let lo = 0, hi = S; while (lo < hi) { const mid = (lo + hi) >>> 1; if (sorted[mid] <= x) lo = mid + 1; else hi = mid; } return lo - 1; };
  return chains.map((c) => c.map((x) => normalQuantile(((first(x) + last(x)) / 2 + 1 - 0.375) / (S + 0.25), false)));
}

function mean(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

/** Between- and within-chain pieces: W (mean chain variance) and var⁺. */
function variances(chains: readonly Float64Array[]): { means: number[]; W: number; varPlus: number } {
  const n = chains[0].length, m = chains.length;
  const means = chains.map(mean);
  let W = 0;
  chains.forEach((c, j) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += (c[i] - means[j]) ** 2;
    W += s / (n - 1);
  });
  W /= m;
  const grand = means.reduce((a, b) => a + b, 0) / m;
  const B = m > 1 ? (n * means.reduce((a, b) => a + (b - grand) ** 2, 0)) / (m - 1) : 0;
  return { means, W, varPlus: ((n - 1) / n) * W + B / n };
}

function rhatBasic(chains: readonly Float64Array[]): number {
  const { W, varPlus } = variances(chains);
  return W > 0 ? Math.sqrt(varPlus / W) : NaN;
}

function essBasic(chains: readonly Float64Array[]): number {
  const n = chains[0].length, m = chains.length;
  if (n < 4) return NaN;
  const { means, W, varPlus } = variances(chains);
  if (!(W > 0)) return NaN;
  // autocovariance at lag t, averaged over chains (biased estimator, 1/n)
  const acov = (t: number): number => {
    let total = 0;
    chains.forEach((c, j) => {
      const mu = means[j];
      let s = 0;
      for (let i = 0; i + t < n; i++) s += (c[i] - mu) * (c[i + t] - mu);
      total += s / n;
    });
    return total / m;
  };
  const rho = new Float64Array(n + 1);
  rho[0] = 1;
  let even = 1, odd = 1 - (W - acov(1)) / varPlus;
  rho[1] = odd;
  let s = 1;
  while (s < n - 4 && even + odd > 0) {
    even = 1 - (W - acov(s + 1)) / varPlus;
    odd = 1 - (W - acov(s + 2)) / varPlus;
    if (even + odd >= 0) { rho[s + 1] = even; rho[s + 2] = odd; }
    s += 2;
  }
  const last = s;
  if (even > 0) rho[last + 1] = even; // the improved truncation of Stan's estimator
  for (let t = 1; t <= last - 3; t += 2) {
    if (rho[t + 1] + rho[t + 2] > rho[t - 1] + rho[t]) {
      rho[t + 1] = (rho[t - 1] + rho[t]) / 2;
      rho[t + 2] = rho[t + 1];
    }
  }
  let tau = -1;
  for (let t = 0; t <= last; t++) tau += 2 * rho[t];
  tau += rho[last + 1];
  const S = n * m;
  tau = Math.max(tau, 1 / Math.log10(S));
  return S / tau;
}

/**
 * Split, rank-normalised R-hat (the larger of bulk and folded); chains of equal length ≥ 4.
 * `presplit`: the chains are already halves (the caller split them its own way).
 */
export function rhat(chains: readonly Float64Array[], presplit = false): number {
  const sp = presplit ? [...chains] : split(chains);
  const all = new Float64Array(sp.reduce((k, c) => k + c.length, 0));
  sp.reduce((k, c) => { all.set(c, k); return k + c.length; }, 0);
  all.sort();
  const med = all.length % 2 ? all[(all.length - 1) / 2] : (all[all.length / 2 - 1] + all[all.length / 2]) / 2;
  const folded = sp.map((c) => c.map((v) => Math.abs(v - med)));
  return Math.max(rhatBasic(rankNormalize(sp)), rhatBasic(rankNormalize(folded)));
}

/** Bulk effective sample size (rank-normalised split chains). */
export function essBulk(chains: readonly Float64Array[]): number {
  return essBasic(rankNormalize(split(chains)));
}
