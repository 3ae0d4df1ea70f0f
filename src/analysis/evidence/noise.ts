/**
 * The measurement-noise model a fit records (fit.json `noise`; `magbone sample` copies it into
 * posterior.json), which `magbone simulate --ensemble … --predictive` adds to every draw.
 *
 * Per observable: the median, over the fitted studies' measurements of its level (kind absolute at a
 * time point, not an increment or a change), of the relative SD of one subject's value,
 * Measurement.sd / |value| — the spread a new measurement of one person has around the population
 * value. Measurements without a subject-level SD (an SE without n, a log-scale CI) do not count; an
 * observable without any gets no entry (its prediction band is its credible band). This is not the
 * likelihood's dispersion: that is the SE of a cohort mean (docs/evidence.md).
 */
import type { Study } from './study.js';
import type { NoiseModel } from '../ensemble.js';

/**
 * The measurement-noise model derived from studies by `noiseFromStudies`: a relative SD per
 * observable and how many measurements each is the median of.
 */
export interface StudyNoise {
  /** Relative SD per observable (a NoiseModel: { Obs: { relative } }). */
  noise: NoiseModel;
  /** How many measurements each entry is the median of. */
  basis: Record<string, number>;
}

/**
 * The measurement-noise model a fit records (fit.json `noise`; `magbone sample` copies it into
 * posterior.json, `magbone simulate --ensemble … --predictive` adds it to every draw): per observable,
 * the median over the studies' level measurements (absolute, at one time) of the relative SD of one
 * subject's value, sd / |value|. Measurements without a subject-level SD do not count, and an
 * observable without any gets no entry. This is the spread of a new person's measurement, not the
 * likelihood's dispersion (the SE of a cohort mean; docs/evidence.md).
 */
export function noiseFromStudies(studies: readonly Study[]): StudyNoise {
  const rel = new Map<string, number[]>();
  for (const s of studies) {
    for (const a of s.arms) {
      for (const m of a.measurements) {
        if (m.kind !== 'absolute' || m.quantity !== 'absolute' || m.at.t1 !== undefined) continue;
        if (m.sd === undefined || m.value === undefined || !(Math.abs(m.value) > 0)) continue;
        const r = m.sd / Math.abs(m.value);
        if (!Number.isFinite(r)) continue;
        const list = rel.get(m.observable) ?? [];
        list.push(r);
        rel.set(m.observable, list);
      }
    }
  }
  const noise: NoiseModel = {}, basis: Record<string, number> = {};
  for (const obs of [...rel.keys()].sort()) {
    const v = rel.get(obs)!.sort((x, y) => x - y);
    const k = v.length;
    noise[obs] = { relative: k % 2 ? v[k >> 1] : 0.5 * (v[k / 2 - 1] + v[k / 2]) };
    basis[obs] = k;
  }
  return { noise, basis };
}
