/**
 * Uncertainty bands of human-mg-bone: the scenario run once per draw of the shipped posterior
 * ensemble (calibration/posterior.json, a Laplace approximation at the fit optimum; see the
 * model's README), summarised per output time by the median and the 2.5–97.5 and 25–75
 * percentiles of the successful draws (src/analysis/batch.ts runs each draw, as `magbone simulate
 * --ensemble` does). Every other draw is used (50 of 100) to keep the page responsive; failed
 * draws are counted, never plotted. Parameters the scenario sets explicitly win over the draws.
 */
import { runWithParameters, type Model, type Scenario } from '../../../src/index.js';
import type { BandsData } from '../types.js';

export const BANDS_MODEL = 'human-mg-bone';
const STRIDE = 2;

// the shipped calibration artefact, bundled as data (as the built-in scenario files are)
const posterior = Object.values(import.meta.glob<{ params: string[]; samples: number[][] }>(
  '../../../src/models/human-mg-bone/calibration/posterior.json', { eager: true, import: 'default' }))[0];

function quantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h), hi = Math.ceil(h);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (h - lo);
}

export function ensembleBands(model: Model, scenario: Scenario, explicit: Record<string, number>, outputs: readonly string[]): BandsData {
  const t0 = performance.now();
  const params = posterior.params as string[];
  const draws = (posterior.samples as number[][]).filter((_, i) => i % STRIDE === 0);
  const good: Float64Array[][] = [];
  let time: Float64Array | undefined;
  const failures: string[] = [];
  for (const s of draws) {
    const p = { ...Object.fromEntries(params.map((n, k) => [n, s[k]])), ...explicit };
    const r = runWithParameters(model, scenario, p, outputs);
    if (!r.ok) { failures.push(r.message); continue; }
    time ??= r.time;
    good.push(r.values);
  }
  const n = time?.length ?? 0;
  const bands: BandsData['bands'] = {};
  outputs.forEach((o, j) => {
    const lo = new Float64Array(n), q1 = new Float64Array(n), med = new Float64Array(n), q3 = new Float64Array(n), hi = new Float64Array(n);
    const col = new Float64Array(good.length);
    for (let i = 0; i < n; i++) {
      for (let d = 0; d < good.length; d++) col[d] = good[d][j][i];
      col.sort();
      lo[i] = quantile(col, 0.025); q1[i] = quantile(col, 0.25); med[i] = quantile(col, 0.5); q3[i] = quantile(col, 0.75); hi[i] = quantile(col, 0.975);
    }
    bands[o] = { lo, q1, med, q3, hi };
  });
  return { time: time ?? new Float64Array(0), bands, draws: draws.length, succeeded: good.length, failures: failures.slice(0, 5), ms: performance.now() - t0 };
}
