/**
 * fast-check arbitraries of valid scenarios, one per shipped model, drawn from each model's
 * declared domain: human-mg-bone from `src/models/human-mg-bone/domain.ts` (its clinical ranges),
 * the others from `src/models/<model>/domain.ts` (ScenarioDomain). Every value is written as a user
 * would write it (a quantity string with its unit, 6 significant digits) and kept inside its range.
 */
import fc from 'fast-check';
import { DOMAIN, dropExclusive, DOMAIN_FLAGS, DOPRI_MAX_DAYS, MMOL_PER_G_MGSO4_7H2O } from '../../src/models/human-mg-bone/domain.js';
import { SALTS } from '../../src/models/human-mg-bone/scenario.js';
import { findModel } from '../../src/models/index.js';
import { getModel } from '../../src/index.js';
import type { ScenarioDomain } from '../../src/models/scenario-domain.js';
import { SCENARIO_DOMAIN as PR } from '../../src/models/peterson-riggs-2010/domain.js';
import { SCENARIO_DOMAIN as OBM } from '../../src/models/openbonemin/domain.js';
import { SCENARIO_DOMAIN as DL } from '../../src/models/dutta-layton-2024/domain.js';

export const FUZZ_MODELS = ['human-mg-bone', 'peterson-riggs-2010', 'openbonemin', 'dutta-layton-2024'] as const;
export type FuzzModel = typeof FUZZ_MODELS[number];

export const SCENARIO_DOMAINS: Readonly<Record<string, ScenarioDomain>> = {
  'peterson-riggs-2010': PR, openbonemin: OBM, 'dutta-layton-2024': DL,
};

/** A scenario object with the method the draw chose (also in `solver.method`). */
export type Scenario = Record<string, unknown>;

/** x rounded to 6 significant digits, then clamped to [lo, hi] (rounding may step outside). */
export function round6(x: number, lo = -Infinity, hi = Infinity): number {
  const r = Number(x.toPrecision(6));
  return Math.min(hi, Math.max(lo, r));
}

/**
 * On [lo, hi]: mostly uniform (a grid of 1e9 points), sometimes an end, sometimes fast-check's
 * double (biased to the ends, to 0 and to subnormals such as 5e-324: edges a user may write).
 * Shrinks towards lo.
 */
function spread(lo: number, hi: number, map: (x: number) => number): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 7, arbitrary: fc.integer({ min: 0, max: 1e9 }).map((i) => lo + ((hi - lo) * i) / 1e9) },
    { weight: 1, arbitrary: fc.constantFrom(lo, hi) },
    { weight: 1, arbitrary: fc.double({ min: lo, max: hi, noNaN: true }) },
  ).map(map);
}
const uni = (lo: number, hi: number): fc.Arbitrary<number> =>
  lo === hi ? fc.constant(lo) : spread(lo, hi, (x) => round6(x, lo, hi));
/** Log-uniform on [lo, hi], lo > 0. */
const logUni = (lo: number, hi: number): fc.Arbitrary<number> =>
  lo === hi ? fc.constant(lo) : spread(Math.log(lo), Math.log(hi), (x) => round6(Math.exp(x), lo, hi));

/** `arb` with probability p, else undefined. */
function sometimes<T>(arb: fc.Arbitrary<T>, p: number): fc.Arbitrary<T | undefined> {
  const w = Math.round(p * 100);
  return fc.oneof({ weight: 100 - w, arbitrary: fc.constant(undefined) }, { weight: w, arbitrary: arb });
}

/** Output: the default grid, or every duration/k (k up to 200 rows). */
function outputFor(hours: number): fc.Arbitrary<Record<string, unknown> | undefined> {
  return fc.oneof(
    fc.constant(undefined),
    fc.integer({ min: 1, max: 200 }).map((k) => ({ every: `${round6(hours / k)} h` })),
  );
}

function solverArb(methods: readonly string[], rtol: { min: number; max: number }): fc.Arbitrary<Record<string, unknown> | undefined> {
  return fc.record({
    method: fc.constantFrom(...methods),
    rtol: sometimes(logUni(rtol.min, rtol.max), 0.3),
  }).map((s) => {
    const out: Record<string, unknown> = {};
    if (s.method !== 'bdf') out.method = s.method;
    if (s.rtol !== undefined) out.rtol = s.rtol;
    return Object.keys(out).length ? out : undefined;
  });
}

function clean(o: Record<string, unknown>): Scenario {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

// ---------------------------------------------------------------------------------------------
// human-mg-bone: diet, supplements, conditions, IV Mg, a diet change, steady state, methods

const salts = Object.keys(SALTS);

function humanIv(hours: number): fc.Arbitrary<Record<string, unknown>[] | undefined> {
  const start = uni(0, hours / 2);
  const G = MMOL_PER_G_MGSO4_7H2O;
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    fc.tuple(uni(0, DOMAIN.ivBolus.max), start).map(([a, t]) => [{ cmt: 'Mg_iv', amt: `${a} mmol`, time: `${t} h` }]),
    fc.tuple(uni(0, DOMAIN.ivAmount.max), logUni(0.5, DOMAIN.ivRate.max), start)
      .map(([a, r, t]) => [{ cmt: 'Mg_iv', amt: `${a} mmol`, rate: `${r} mmol/h`, time: `${t} h` }]),
    // a MgSO4 load then maintenance: 2-6 g over 10-20 min, 0.5-2 g/h for 6-48 h (the total stays ≤ 250 mmol)
    fc.tuple(uni(2, 6), uni(10, 20), uni(0.5, 2), uni(6, 48), start).map(([g, min, gh, h, t]) => {
      const maint = Math.min(gh * G * h, DOMAIN.ivAmount.max - g * G);
      return [
        { cmt: 'Mg_iv', amt: `${round6(g * G)} mmol`, rate: `${round6((g * G * 60) / min)} mmol/h`, time: `${t} h` },
        { cmt: 'Mg_iv', amt: `${round6(Math.max(0, maint))} mmol`, rate: `${round6(gh * G)} mmol/h`, time: `${round6(t + min / 60)} h` },
      ];
    }),
  );
}

export function humanScenario(): fc.Arbitrary<Scenario> {
  return logUni(DOMAIN.duration.min, DOMAIN.duration.max).chain((days) => {
    const hours = round6(days * 24);
    const conditions = fc.record({
      eGFR: fc.option(logUni(DOMAIN.eGFR.min, DOMAIN.eGFR.max).map((x) => `${x} mL/min/1.73m2`), { nil: undefined }),
      age: sometimes(uni(DOMAIN.age.min, DOMAIN.age.max).map((x) => `${x} y`), 0.3),
      flags: fc.subarray([...DOMAIN_FLAGS]),
    }).map(({ eGFR, age, flags }) => {
      const c: Record<string, unknown> = { eGFR, age };
      for (const f of flags) c[f] = true;
      return clean(dropExclusive(c));
    });
    const diet = fc.record({
      Mg: fc.oneof(fc.constant(0), uni(DOMAIN.dietMg.min, DOMAIN.dietMg.max)).map((x) => `${x} mg/d`),
      Ca: fc.option(uni(DOMAIN.dietCa.min, DOMAIN.dietCa.max).map((x) => `${x} mg/d`), { nil: undefined }),
    }).map(clean);
    const supplements = fc.option(fc.array(fc.record({
      Mg: uni(0, DOMAIN.supplementMg.max).map((x) => `${x} mg/d`),
      salt: fc.constantFrom(...salts),
    }), { minLength: 1, maxLength: 2 }), { nil: undefined });
    const change = sometimes(fc.tuple(uni(0, hours), uni(DOMAIN.dietMg.min, DOMAIN.dietMg.max))
      .map(([t, mg]) => [{ time: `${t} h`, diet: { Mg: `${mg} mg/d` } }]), 0.25);
    const methods = days <= DOPRI_MAX_DAYS ? ['bdf', 'rodas', 'dopri'] : ['bdf', 'rodas'];
    return fc.record({
      output: outputFor(hours), diet, supplements, conditions, doses: humanIv(hours), changes: change,
      solver: solverArb(methods, { min: 1e-10, max: 1e-4 }),
    }).map((r) => clean({ model: 'human-mg-bone', duration: `${hours} h`, ...r }));
  });
}

// ---------------------------------------------------------------------------------------------
// the other models: ScenarioDomain

/** Parameters the generic ±scale may touch: bounded by an interval, non-zero, not excluded, not an input. */
export function scalableParameters(d: ScenarioDomain): string[] {
  const spec = findModel(d.model)!.spec;
  return Object.entries(spec.parameters)
    .filter(([name, p]) => p.bounds && p.bounds[0] < p.bounds[1] && p.value !== 0 && !Object.hasOwn(d.excluded, name) && !Object.hasOwn(d.inputs, name))
    .map(([name]) => name).sort();
}

/** A parameter set to default × factor, clipped to its bounds; written as `scale` or as `parameters`. */
function setParameter(d: ScenarioDomain, name: string, factor: number, asValue: boolean, scale: Record<string, number>, params: Record<string, number>): void {
  const p = findModel(d.model)!.spec.parameters[name];
  const [lo, hi] = p.bounds ?? [-Infinity, Infinity];
  const v = p.value * factor;
  if (asValue || v < lo || v > hi) params[name] = round6(v, lo, hi);
  else scale[name] = factor;
}

/** Whether the model accepts these parameters at default × factor (its bounds and constraints). */
function acceptsFactors(id: string, factors: [string, number][]): boolean {
  const spec = findModel(id)!.spec;
  const values: Record<string, number> = {};
  for (const [n, f] of factors) {
    const [lo, hi] = spec.parameters[n].bounds ?? [-Infinity, Infinity];
    values[n] = round6(spec.parameters[n].value * f, lo, hi);
  }
  try { getModel(id).with({ parameters: values }); return true; } catch { return false; }
}

export function domainScenario(d: ScenarioDomain): fc.Arbitrary<Scenario> {
  const scalable = scalableParameters(d);
  const inputNames = Object.keys(d.inputs);
  return logUni(d.duration.min, d.duration.max).chain((days) => {
    const hours = round6(days * 24);
    const inputs = fc.subarray(inputNames).chain((names) => fc.tuple(...names.map((n) => fc.tuple(fc.constant(n), uni(d.inputs[n].min, d.inputs[n].max), fc.boolean()))));
    const others = fc.subarray(scalable, { maxLength: d.scale.count }).chain((names) => fc.tuple(...names.map((n) => fc.tuple(fc.constant(n), uni(d.scale.min, d.scale.max), fc.boolean()))));
    const doses = fc.tuple(...d.doses.map((dd) => sometimes(fc.record({
      amt: uni(dd.amount.min, dd.amount.max), ii: uni(dd.interval.min, dd.interval.max),
      count: fc.integer({ min: dd.count.min, max: dd.count.max }), t: uni(0, hours / 2),
    }).map((r) => {
      const rec: Record<string, unknown> = { cmt: dd.cmt, amt: `${r.amt} ${dd.amount.unit}`, time: `${r.t} h` };
      if (r.count > 1) { rec.ii = `${r.ii} h`; rec.addl = r.count - 1; }
      return rec;
    }), 0.5)));
    return fc.record({
      inputs, others, doses, output: outputFor(hours),
      steadyState: d.steadyState ? sometimes(fc.constant(true as const), 0.2) : fc.constant(undefined),
      solver: solverArb(d.dopriMaxDays !== undefined && days > d.dopriMaxDays ? d.methods.filter((m) => m !== 'dopri') : d.methods, d.rtol),
    }).map((r) => {
      const scale: Record<string, number> = {}, parameters: Record<string, number> = {};
      // combinations that break a model constraint are outside the domain (rejected by design): drop
      // perturbations, last first, until the model accepts the set
      const chosen = [...r.inputs, ...r.others];
      while (chosen.length && !acceptsFactors(d.model, chosen.map(([n, f]) => [n, f]))) chosen.pop();
      for (const [n, f, asValue] of chosen) setParameter(d, n, f, asValue, scale, parameters);
      const doseList = r.doses.filter((x): x is Record<string, unknown> => x !== undefined);
      return clean({
        model: d.model, duration: `${hours} h`, output: r.output,
        scale: Object.keys(scale).length ? scale : undefined,
        parameters: Object.keys(parameters).length ? parameters : undefined,
        doses: doseList.length ? doseList : undefined,
        steadyState: r.steadyState, solver: r.solver,
      });
    });
  });
}

/** The valid-scenario arbitrary of a model. */
export function validScenario(model: FuzzModel): fc.Arbitrary<Scenario> {
  return model === 'human-mg-bone' ? humanScenario() : domainScenario(SCENARIO_DOMAINS[model]);
}
