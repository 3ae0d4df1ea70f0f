/**
 * Every parameter of every shipped model carries physical bounds, so that a non-physical override
 * (a negative rate constant, a fraction above 1) is rejected before any run, naming the parameter,
 * the value and the allowed range. The only exceptions are listed below, each with its reason.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { modelEntries } from '../../src/models/index.js';
import { runScenario } from '../../src/builtin/index.js';
import { InputError } from '../../src/core/issues.js';

/** Parameters left without bounds, per model, and why. */
const UNBOUNDED: Readonly<Record<string, Readonly<Record<string, string>>>> = (() => {
  const obm: Record<string, string> = {
    // negative as published: oestrogen production falls with age, (AGE/ageENTER)^ageGAM
    ageGAM: 'may be negative',
    // used by no equation, and the source says nothing about what they are, so nothing fixes a range
    T43param: 'unused, meaning unknown',
    T45: 'unused, meaning unknown',
    T84: 'unused, meaning unknown',
    ETHN: 'unused covariate code, coding unknown',
  };
  return { 'openbonemin': obm, 'human-mg-bone': obm, 'peterson-riggs-2010': {}, 'dutta-layton-2024': {} };
})();

test('every parameter of every registered model has bounds, or is on the commented allow-list', () => {
  const missing: string[] = [];
  const stale: string[] = [];
  for (const e of modelEntries()) {
    const allowed = UNBOUNDED[e.id];
    assert.ok(allowed, `model ${e.id} has no entry in the allow-list table: add one (empty if every parameter is bounded)`);
    for (const [name, p] of Object.entries(e.spec.parameters)) {
      if (!p.bounds && !(name in allowed)) missing.push(`${e.id}.${name}`);
    }
    for (const name of Object.keys(allowed)) {
      const p = e.spec.parameters[name];
      if (!p || p.bounds) stale.push(`${e.id}.${name}`);
    }
  }
  assert.deepEqual(missing, [], `parameters without bounds: ${missing.join(', ')}`);
  assert.deepEqual(stale, [], `allow-list entries that are bounded or no longer parameters: ${stale.join(', ')}`);
});

test('every bound is an ordered pair of numbers and every default lies inside its bounds', () => {
  const bad: string[] = [];
  for (const e of modelEntries()) {
    for (const [name, p] of Object.entries(e.spec.parameters)) {
      if (!p.bounds) continue;
      const [lo, hi] = p.bounds;
      if (p.bounds.length !== 2 || Number.isNaN(lo) || Number.isNaN(hi) || !(lo <= hi)) bad.push(`${e.id}.${name}: bounds ${JSON.stringify(p.bounds)}`);
      else if (!(p.value >= lo && p.value <= hi)) bad.push(`${e.id}.${name} = ${p.value} outside [${lo}, ${hi}]`);
    }
  }
  assert.deepEqual(bad, []);
});

test('rate constants, volumes and fractions are bounded by what they are', () => {
  const bounds = (model: string, name: string) => modelEntries().find((e) => e.id === model)!.spec.parameters[name].bounds;
  // a sample of each kind, so that a wholesale loosening (e.g. every bound set to ±Infinity) fails
  assert.deepEqual(bounds('openbonemin', 'kinRNKgam'), [0, Infinity]);
  assert.deepEqual(bounds('dutta-layton-2024', 'k_pf_Mg'), [0, Infinity]);
  assert.deepEqual(bounds('peterson-riggs-2010', 'FracJ14'), [0, 1]);
  assert.deepEqual(bounds('dutta-layton-2024', 'kappa_b_Mg'), [0, 1]);
  assert.deepEqual(bounds('openbonemin', 'ESTON'), [0, 1]);
  for (const [model, name] of [['openbonemin', 'V1'], ['dutta-layton-2024', 'Vp'], ['openbonemin', 'DENVC']] as const) {
    const b = bounds(model, name)!;
    assert.ok(b[0] > 0 && b[1] === Infinity, `${model}.${name}: a volume the equations divide by must be strictly positive, got [${b}]`);
  }
  // structural: INparen divides by (E0RUNX2kbEffFACT − 1)·kb; EC50PicROBparen by (1 − FracPicROB)·Pic0
  assert.ok(bounds('openbonemin', 'E0RUNX2kbEffFACT')![0] > 1);
  assert.ok(bounds('openbonemin', 'FracPicROB')![1] < 1);
  assert.ok(bounds('peterson-riggs-2010', 'CtriolMin')![1] < 1 && bounds('peterson-riggs-2010', 'CtriolMax')![0] > 1);
});

function rejection(input: Record<string, unknown>): string {
  try {
    runScenario(input);
  } catch (e) {
    assert.ok(e instanceof InputError, `expected an InputError, got ${String(e)}`);
    return e.message;
  }
  assert.fail('the scenario ran, but should have been rejected');
}

test('a scenario with a negative rate constant is rejected, naming the parameter, its value and the range', () => {
  const obm = rejection({ model: 'openbonemin', duration: '1 d', parameters: { kinRNKgam: -0.2 } });
  assert.match(obm, /kinRNKgam/);
  assert.match(obm, /-0\.2 is outside the allowed range \[0, Infinity\]/);

  const dl = rejection({ model: 'dutta-layton-2024', duration: '1 d', parameters: { k_pf_Mg: -0.07, kappa_b_Mg: 1.3 } });
  assert.match(dl, /k_pf_Mg: -0\.07 is outside the allowed range \[0, Infinity\] 1\/min/);
  assert.match(dl, /kappa_b_Mg: 1\.3 is outside the allowed range \[0, 1\]/, 'every problem at once, not just the first');
});

test('a structural bound rejects a value that would leave an EC50 undefined', () => {
  const msg = rejection({ model: 'peterson-riggs-2010', duration: '1 d', parameters: { E0RUNX2kbEffFACT: 1 } });
  assert.match(msg, /E0RUNX2kbEffFACT: 1 is outside the allowed range \[1\.000000001, Infinity\]/);
});
