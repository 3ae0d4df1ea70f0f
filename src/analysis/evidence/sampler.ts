/**
 * Posterior sampling by the affine-invariant ensemble sampler of Goodman & Weare ("Ensemble
 * samplers with affine invariance", Comm. App. Math. Comp. Sci. 5:65, 2010), stretch move, in the
 * parallel two-halves form of Foreman-Mackey et al. ("emcee: the MCMC hammer", PASP 125:306, 2013):
 * the walkers of one half move along lines through a random walker of the other half,
 * y = x_j + z·(x_k − x_j), z ~ g(z) ∝ 1/√z on [1/a, a] (a = 2), accepted with probability
 * min(1, z^{n−1}·π(y)/π(x_k)). Affine invariance makes it insensitive to correlations and scales
 * between parameters, and it needs no tuning, no gradient and one evaluation per proposal.
 *
 * Target: log π(θ) = −½‖r(θ)‖² for θ inside the bounds (a flat prior on θ = ln p within them, any
 * Gaussian priors arriving as residual rows), −∞ outside the bounds or where the evaluation fails.
 *
 * Chains: C independent ensembles of W walkers each, every one seeded from the master seed and
 * started from the Laplace approximation N(θ̂, Σ) of the fit (clipped into the box; a small ball
 * when Σ is singular), so every chain is a task a worker can run alone and the result does not
 * depend on the number of workers.
 *
 * Diagnostics (diagnostics.ts), per parameter:
 *  - R-hat compares the ensembles and the two halves of each run: chain (c, h) is half h of every
 *    walker path of ensemble c, walker after walker, so 2C split chains. The walkers of an ensemble
 *    are what is independent-ish and exchangeable, the ensembles were started independently: a
 *    disagreement between ensembles, or a drift from the first half to the second, raises R-hat.
 *    (R-hat over single walker paths would instead ask every walker alone to be ≫ τ long, ~50τ
 *    steps, which the ensemble does not need: its W walkers share the work.)
 *  - bulk ESS uses every walker path as a chain (split; autocorrelations combined over all C·W
 *    paths), so it measures the autocorrelation of the moves themselves.
 * Warnings: R-hat > 1.01, or bulk ESS < 100·C (Vehtari et al. ask 100 per chain; the walkers of
 * one ensemble are not independent, so the count is per ensemble).
 */
import type { LeastSquaresObjective } from './objective.js';
import { Rng } from '../random.js';
import { rhat, essBulk } from './diagnostics.js';
import { serialRunner, type TaskRunner } from './tasks.js';
import type { FitResult } from './fit.js';

/** The input of one ensemble-sampler chain task: walker start points, walkers, seed, burn-in, kept draws and thinning. */
export interface ChainTask {
  /** Walker start points, W × n row-major. */
  start: Float64Array;
  /** Number of walkers W. */
  walkers: number;
  /** Seed of the chain's random numbers. */
  seed: number;
  /** Steps discarded before keeping draws (burn-in). */
  burn: number;
  /** Kept draws per walker. */
  kept: number;
  /** Keep every thin-th step after the burn-in. */
  thin: number;
  /** Stretch scale a (default 2). */
  a?: number;
}

/** The output of one ensemble-sampler chain: kept draws, acceptance rate, failures and evaluations. */
export interface ChainResult {
  /** Kept draws, kept × W × n (step-major, then walker). */
  draws: Float64Array;
  /** Accepted proposals / proposals. */
  acceptance: number;
  /** Proposals whose evaluation failed (counted as rejected). */
  failures: number;
  /** Objective evaluations made. */
  evaluations: number;
}

/** log π(θ) of the file header. */
function logPosterior(obj: LeastSquaresObjective, theta: Float64Array): { lp: number; failed: boolean } {
  for (let i = 0; i < theta.length; i++) if (!(theta[i] >= obj.lower[i] && theta[i] <= obj.upper[i])) return { lp: -Infinity, failed: false };
  const e = obj.evaluate(theta, false);
  if (e.failure !== undefined) return { lp: -Infinity, failed: true };
  let s = 0;
  for (let i = 0; i < e.r.length; i++) s += e.r[i] * e.r[i];
  return Number.isFinite(s) ? { lp: -0.5 * s, failed: false } : { lp: -Infinity, failed: true };
}

/** Runs one ensemble (see the file header). */
export function runChain(obj: LeastSquaresObjective, t: ChainTask): ChainResult {
  const n = obj.params.length, W = t.walkers, half = W / 2, a = t.a ?? 2;
  const rng = new Rng(t.seed);
  const x = Float64Array.from(t.start);
  const lp = new Float64Array(W);
  const y = new Float64Array(n);
  let evaluations = 0, failures = 0, accepted = 0, proposals = 0;
  for (let w = 0; w < W; w++) {
    const r = logPosterior(obj, x.subarray(w * n, (w + 1) * n));
    lp[w] = r.lp; evaluations++; if (r.failed) failures++;
  }
  const draws = new Float64Array(t.kept * W * n);
  const steps = t.burn + t.kept * t.thin;
  let kept = 0;
  for (let step = 0; step < steps; step++) {
    for (let s = 0; s < 2; s++) {
      const first = s * half, other = (1 - s) * half;
      for (let k = first; k < first + half; k++) {
        const j = other + rng.int(half);
        const u = rng.uniform();
        const z = ((a - 1) * u + 1) ** 2 / a;
        for (let i = 0; i < n; i++) y[i] = x[j * n + i] + z * (x[k * n + i] - x[j * n + i]);
        const r = logPosterior(obj, y);
        evaluations++; proposals++;
        if (r.failed) failures++;
        const logAccept = (n - 1) * Math.log(z) + r.lp - lp[k];
        if (Math.log(rng.uniform()) < logAccept) {
          x.set(y, k * n);
          lp[k] = r.lp;
          accepted++;
        }
      }
    }
    if (step >= t.burn && (step - t.burn) % t.thin === 0) {
      draws.set(x, kept * W * n);
      kept++;
    }
  }
  return { draws, acceptance: proposals ? accepted / proposals : 0, failures, evaluations };
}

/**
 * Options of `samplePosterior`: the number of returned draws (default 1000), independent ensembles
 * (`chains`, default 4), walkers per ensemble, kept and burn-in steps per walker, thinning, the seed
 * and where the chains run (`serialRunner` or `workerRunner`; the draws do not depend on it).
 */
export interface SampleOptions {
  /** Draws in the returned sample (thinned evenly from all kept draws); default 1000. */
  draws?: number;
  /** Independent ensembles, default 4. */
  chains?: number;
  /** Walkers per ensemble (even, ≥ 2n + 2), default max(2n + 2, 16) rounded up to even. */
  walkers?: number;
  /** Kept steps per walker, default max(⌈draws/(chains·walkers)⌉, 500). */
  steps?: number;
  /** Steps discarded first, default max(200, steps/2). */
  burn?: number;
  /** Keep every thin-th step, default 1. */
  thin?: number;
  /** Master seed of every chain (default 1). */
  seed?: number;
  /** Where the chains run (default serially in this thread). */
  runner?: TaskRunner;
  /** Called after each chain. */
  onChain?: (done: number, total: number) => void;
}

/**
 * The posterior of one parameter: mean, SD and 2.5/50/97.5 % quantiles on the natural scale (the
 * parameter's unit), mean and SD of θ = ln p, and the convergence diagnostics R-hat (want ≤ 1.01)
 * and bulk effective sample size.
 */
export interface ParameterSummary {
  /** The parameter's name. */
  param: string;
  /** Natural scale. */
  mean: number;
  /** Posterior SD (the parameter's unit). */
  sd: number;
  /** 2.5 % quantile (the parameter's unit). */
  q025: number;
  /** Posterior median (the parameter's unit). */
  q50: number;
  /** 97.5 % quantile (the parameter's unit). */
  q975: number;
  /** On θ = ln p. */
  thetaMean: number;
  /** Posterior SD of θ = ln p (≈ the relative SD of p). */
  thetaSd: number;
  /** R-hat over the ensembles and halves (want ≤ 1.01). */
  rhat: number;
  /** Bulk effective sample size. */
  ess: number;
}

/**
 * The result of `samplePosterior`: the draws on the natural scale (one row per draw, in `params`
 * order), a summary per parameter, the posterior mean and covariance of θ = ln p, R-hat, bulk ESS and
 * acceptance per parameter/ensemble, failed evaluations, warnings (R-hat > 1.01, ESS too low), the
 * seed and settings.
 */
export interface SampleResult {
  /** The sampled parameters' names (the columns of `samples`). */
  params: string[];
  /** Natural-scale draws, one row per draw (values in `params` order). */
  samples: number[][];
  /** Per parameter: mean, SD, quantiles, R-hat and ESS. */
  summary: ParameterSummary[];
  /** Posterior mean and covariance of θ over all kept draws. */
  thetaMean: number[];
  /** Posterior covariance of θ = ln p over all kept draws, row-major in `params` order. */
  thetaCovariance: number[][];
  /** R-hat per parameter (want ≤ 1.01). */
  rhat: number[];
  /** Bulk effective sample size per parameter. */
  ess: number[];
  /** Acceptance rate of each ensemble's proposals. */
  acceptance: number[];
  /** Proposals whose evaluation failed (rejected). */
  failures: number;
  /** Objective evaluations in all. */
  evaluations: number;
  /** Convergence warnings (R-hat, ESS) and what to do about them. */
  warnings: string[];
  /** The master seed (reproduces every chain). */
  seed: number;
  /** The settings used (draws, chains, walkers, steps, burn-in, thinning, stretch scale a). */
  settings: {
    /** Draws in the returned sample. */
    draws: number;
    /** Independent chains run. */
    chains: number;
    /** Walkers per chain. */
    walkers: number;
    /** Kept steps per walker. */
    steps: number;
    /** Burn-in steps discarded per walker. */
    burn: number;
    /** Thinning: every thin-th step kept. */
    thin: number;
    /** The stretch move's scale a. */
    a: number;
  };
}

function quantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q, lo = Math.floor(h);
  return lo + 1 < sorted.length ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
}

/** Walker start points: N(θ̂, Σ) clipped into the box, or a ball of radius 1e-3 when Σ is unusable. */
function initialWalkers(obj: LeastSquaresObjective, fit: Pick<FitResult, 'theta' | 'covariance'>, W: number, rng: Rng): Float64Array {
  const n = obj.params.length;
  const theta = fit.theta;
  const cov = fit.covariance;
  let L: Float64Array | undefined;
  if (cov && !cov.rankDeficient) {
    L = new Float64Array(n * n);
    let ok = true;
    for (let i = 0; i < n && ok; i++) for (let j = 0; j <= i; j++) {
      let s = cov.matrix[i][j];
      for (let q = 0; q < j; q++) s -= L[i * n + q] * L[j * n + q];
      if (i === j) { if (!(s > 0)) { ok = false; break; } L[i * n + i] = Math.sqrt(s); } else L[i * n + j] = s / L[j * n + j];
    }
    if (!ok) L = undefined;
  }
  const out = new Float64Array(W * n);
  const z = new Float64Array(n);
  for (let w = 0; w < W; w++) {
    for (let i = 0; i < n; i++) z[i] = rng.normal();
    for (let i = 0; i < n; i++) {
      let v = theta[i];
      if (L) for (let q = 0; q <= i; q++) v += L[i * n + q] * z[q];
      else v += 1e-3 * z[i];
      const lo = obj.lower[i], hi = obj.upper[i];
      const pad = Number.isFinite(hi - lo) ? 1e-6 * (hi - lo) : 1e-6;
      out[w * n + i] = Math.min(hi - pad, Math.max(lo + pad, v));
    }
  }
  return out;
}

/**
 * Samples the posterior of θ = ln p around a fit with the affine-invariant ensemble sampler of
 * Goodman & Weare (2010), stretch move, in emcee's two-halves form: no tuning and no gradient, one
 * objective evaluation per proposal. The target is log π(θ) = −½‖r(θ)‖² inside the bounds (a flat
 * prior on ln p there; Gaussian priors come as residual rows). Each of the `chains` ensembles starts
 * from the Laplace approximation N(θ̂, Σ) of the fit and is an independent task, so the draws are
 * the same bits for a seed on any number of workers. R-hat compares the ensembles and the halves of
 * each run; bulk ESS treats every walker path as a chain; warnings when R-hat > 1.01 or
 * ESS < 100 per ensemble.
 *
 * When to use: after `fitMultiStart`, for parameter uncertainty that is not Gaussian (skewed or
 * banana-shaped posteriors) and for ensembles that `ensembleSimulate` turns into credible bands.
 * Cost: chains × walkers × (burn + steps) evaluations.
 *
 * @example
 * ```ts
 * import { fitMultiStart, samplePosterior } from 'magbone';
 * // one parameter: y = p observed as 2 ± 0.1, so ln p ~ N(ln 2, 0.05²)
 * const objective = {
 *   params: ['p'], lower: Float64Array.of(-3), upper: Float64Array.of(3), nResiduals: 1, labels: ['y'],
 *   evaluate: (theta) => ({ r: Float64Array.of((Math.exp(theta[0]) - 2) / 0.1) }),
 * };
 * const fit = await fitMultiStart(objective, [0], { starts: 2 });
 * const post = await samplePosterior(objective, fit, { draws: 400, chains: 2, seed: 7 });
 * console.log(post.summary[0].q50, post.summary[0].q025, post.summary[0].q975, post.warnings); // ≈ 2, 1.8, 2.2, []
 * ```
 */
export async function samplePosterior(obj: LeastSquaresObjective, fit: Pick<FitResult, 'theta' | 'covariance'>, opts: SampleOptions = {}): Promise<SampleResult> {
  const n = obj.params.length;
  const nDraws = Math.max(1, Math.floor(opts.draws ?? 1000));
  const C = Math.max(1, Math.floor(opts.chains ?? 4));
  let W = Math.floor(opts.walkers ?? Math.max(2 * n + 2, 16));
  W = Math.max(W + (W % 2), 2 * n + 2);
  const steps = Math.max(4, Math.floor(opts.steps ?? Math.max(Math.ceil(nDraws / (C * W)), 500)));
  const burn = Math.max(0, Math.floor(opts.burn ?? Math.max(200, Math.ceil(steps / 2))));
  const thin = Math.max(1, Math.floor(opts.thin ?? 1));
  const seed = opts.seed ?? 1;
  const master = new Rng(seed);
  const tasks: ChainTask[] = [];
  for (let c = 0; c < C; c++) {
    const chainSeed = master.nextUint32();
    tasks.push({ start: initialWalkers(obj, fit, W, master), walkers: W, seed: chainSeed, burn, kept: steps, thin, a: 2 });
  }
  const runner = opts.runner ?? serialRunner(obj);
  const results = await runner.run('chain', tasks, opts.onChain);
  // per parameter: one series per walker path
  const series: Float64Array[][] = Array.from({ length: n }, () => []);
  for (const r of results) for (let w = 0; w < W; w++) for (let i = 0; i < n; i++) {
    const s = new Float64Array(steps);
    for (let t = 0; t < steps; t++) s[t] = r.draws[(t * W + w) * n + i];
    series[i].push(s);
  }
  const total = C * W * steps;
  const thetaMean = new Array<number>(n).fill(0);
  for (const r of results) for (let q = 0; q < steps * W; q++) for (let i = 0; i < n; i++) thetaMean[i] += r.draws[q * n + i] / total;
  const thetaCovariance = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const r of results) for (let q = 0; q < steps * W; q++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    thetaCovariance[i][j] += ((r.draws[q * n + i] - thetaMean[i]) * (r.draws[q * n + j] - thetaMean[j])) / (total - 1);
  }
  const half = Math.floor(steps / 2);
  const rh = series.map((s) => {
    const halves: Float64Array[] = [];
    for (let c = 0; c < C; c++) for (const off of [0, steps - half]) {
      const h = new Float64Array(W * half);
      for (let w = 0; w < W; w++) h.set(s[c * W + w].subarray(off, off + half), w * half);
      halves.push(h);
    }
    return rhat(halves, true);
  });
  const ess = series.map((s) => essBulk(s));
  const summary = obj.params.map((param, i): ParameterSummary => {
    const vals = new Float64Array(total);
    let q = 0;
    for (const s of series[i]) for (let t = 0; t < steps; t++) vals[q++] = Math.exp(s[t]);
    let m = 0;
    for (const v of vals) m += v / total;
    let sd = 0;
    for (const v of vals) sd += (v - m) ** 2 / (total - 1);
    vals.sort();
    return { param, mean: m, sd: Math.sqrt(sd), q025: quantile(vals, 0.025), q50: quantile(vals, 0.5), q975: quantile(vals, 0.975), thetaMean: thetaMean[i], thetaSd: Math.sqrt(thetaCovariance[i][i]), rhat: rh[i], ess: ess[i] };
  });
  // the returned sample: nDraws draws taken evenly over (chain, step, walker)
  const samples: number[][] = [];
  const take = Math.min(nDraws, total);
  for (let d = 0; d < take; d++) {
    const idx = Math.floor((d * total) / take);
    const c = Math.floor(idx / (steps * W)), within = idx % (steps * W);
    samples.push(Array.from(results[c].draws.subarray(within * n, (within + 1) * n), Math.exp));
  }
  const warnings: string[] = [];
  obj.params.forEach((p, i) => {
    if (!(rh[i] <= 1.01)) warnings.push(`${p}: R-hat ${rh[i].toFixed(3)} > 1.01: the chains disagree; run longer (--steps) or check the fit`);
    if (!(ess[i] >= 100 * C)) warnings.push(`${p}: bulk ESS ${ess[i].toFixed(0)} < ${100 * C} (100 per chain): run longer (--steps)`);
  });
  const failures = results.reduce((s, r) => s + r.failures, 0);
  const evaluations = results.reduce((s, r) => s + r.evaluations, 0);
  if (failures > 0) warnings.push(`${failures} of ${evaluations} evaluations failed (treated as zero posterior density)`);
  const acceptance = results.map((r) => r.acceptance);
  if (acceptance.some((x) => x < 0.1)) warnings.push(`low acceptance (${acceptance.map((x) => x.toFixed(2)).join(', ')}): the posterior may be multimodal or very narrow`);
  return {
    params: [...obj.params], samples, summary, thetaMean, thetaCovariance, rhat: rh, ess, acceptance, failures, evaluations, warnings, seed,
    settings: { draws: take, chains: C, walkers: W, steps, burn, thin, a: 2 },
  };
}
