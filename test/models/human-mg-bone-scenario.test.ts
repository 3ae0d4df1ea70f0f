/**
 * The human-mg-bone scenario adapter: diet, supplements (salts) and conditions map onto the right
 * parameters; every bad input is reported at once with its path and the allowed values; IV Mg is an
 * ordinary dose record into Mg_iv.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apply, CONDITION_FACTORS, EXTENSION_ENTRIES, EXTENSION_KEYS, SALTS } from '../../src/models/human-mg-bone/scenario.js';
import { checkShape } from '../../src/core/shape.js';
import type { InputIssue } from '../../src/core/issues.js';
import { scenarioFromInput } from '../../src/analysis/attribution.js';
import { mgBoneModel } from '../../src/analysis/validation.js';
import { scenarioAdapter } from '../../src/models/human-mg-bone/scenario.js';
import { InputError } from '../../src/core/issues.js';

const model = mgBoneModel();

test('diet, supplements and conditions map onto parameters', () => {
  const r = apply({
    diet: { Mg: '300 mg/d', Ca: '1000 mg/d' },
    supplements: [{ Mg: '200 mg/d', salt: 'citrate' }, { Mg: '200 mg/d', salt: 'oxide' }],
    conditions: { postmenopausal: true, eGFR: '45 mL/min/1.73m2', PPI: true, thiazide: true, loop_diuretic: true, alcohol: true, type2_diabetes: true, age: '70 y' },
  }, model);
  assert.deepEqual(r.issues, []);
  const p = r.parameters;
  assert.equal(p.Mg_diet, 300);
  assert.ok(Math.abs(p.OralCa - 1000 / 40.078 / 24) < 1e-12);
  assert.equal(p.Mg_supp, 400);
  assert.ok(Math.abs(p.F_supp - (SALTS.citrate.F + SALTS.oxide.F) / 2) < 1e-12);
  assert.equal(p.ESTON, 1);
  assert.equal(p.ageENTER, model.spec.parameters.ageDONE.value - model.spec.parameters.menoDUR.value);
  assert.ok(Math.abs(p.GFR0 - 45 / 16.667) < 1e-12);
  const F = CONDITION_FACTORS;
  assert.ok(Math.abs(p.f_trans - F.PPI_trans * F.alcohol_trans * (1 - 2 * F.age_trans_per_decade)) < 1e-12);
  assert.ok(Math.abs(p.TAL_odds_factor - F.loop_TAL * F.alcohol_TAL * F.t2d_TAL * (1 + 2 * F.age_TAL_per_decade)) < 1e-12);
  assert.ok(Math.abs(p.DCT_Tm_factor - F.thiazide_DCT * F.t2d_DCT) < 1e-12);
  // intakes may be given in mmol/d
  assert.ok(Math.abs(apply({ diet: { Mg: '10 mmol/d' } }, model).parameters.Mg_diet - 243.05) < 1e-9);
  assert.deepEqual([...EXTENSION_KEYS], ['diet', 'supplements', 'conditions']);
});

test('bad inputs: every problem reported with its path and what is allowed', () => {
  const r = apply({
    diet: { Mg: '2000 mg/d', Ca: '3 g', Zn: 1 },
    supplements: [{ Mg: '365 mg/d', salt: 'glycinate' }, { salt: 'citrate' }, 'x'],
    conditions: { eGFR: '2 mL/min/1.73m2', PPI: 'yes', smoker: true, age: '200 y' },
  }, model);
  const byPath = new Map(r.issues.map((i) => [i.path.join('.'), i.message]));
  assert.match(byPath.get('diet.Mg')!, /2000 mg\/d.*allowed range 0-1000 mg\/d/);
  assert.match(byPath.get('diet.Ca')!, /mass, expected an intake/);
  assert.match(byPath.get('diet.Zn')!, /unknown key.*allowed: Mg, Ca/);
  assert.match(byPath.get('supplements.0.salt')!, /"glycinate" is not a known salt.*allowed: citrate/);
  assert.match(byPath.get('supplements.1.Mg')!, /required/);
  assert.match(byPath.get('supplements.2')!, /must be an object/);
  assert.match(byPath.get('conditions.eGFR')!, /allowed range 5-150/);
  assert.match(byPath.get('conditions.PPI')!, /use true or false/);
  assert.match(byPath.get('conditions.smoker')!, /unknown key; allowed: postmenopausal/);
  assert.match(byPath.get('conditions.age')!, /allowed range 18-110 y/);
  assert.equal(r.issues.length, 10);
});

test('scenarios validate end to end; IV Mg is a dose record into Mg_iv; explicit parameters win', () => {
  const s = scenarioFromInput(model, {
    model: 'human-mg-bone', duration: '10 d', diet: { Mg: '200 mg/d' }, parameters: { Mg_diet: 250 },
    doses: [{ cmt: 'Mg_iv', amt: '170 mg', rate: '7 mmol/d', time: '1 d' }],
  }, scenarioAdapter);
  assert.equal(s.parameters.Mg_diet, 250);
  assert.equal(s.doses.length, 1);
  assert.ok(Math.abs(s.doses[0].amt - 170 / 24.305) < 1e-12);
  assert.ok(Math.abs(s.doses[0].rate! - 7 / 24) < 1e-12);
  assert.throws(() => scenarioFromInput(model, { model: 'human-mg-bone', duration: '1 d', diet: { Mg: -5 }, conditions: [] }, scenarioAdapter),
    (e: unknown) => e instanceof InputError && e.issues.length === 2 && /diet\.Mg/.test(e.message) && /conditions/.test(e.message));
});

test('the checks are the declaration\'s: a bad value declared in EXTENSION_ENTRIES is reported by the adapter with the same path and message', () => {
  const input = {
    diet: { Mg: '5 h', Ca: 50, Zn: 1 },
    supplements: [{ salt: 'glycinate' }, { Mg: '6000 mg/d', salt: 'citrate', dose: 1 }, 7],
    conditions: { PPI: 'yes', eGFR: 'abc', age: '17 y', smoker: true },
  };
  // the first pass alone, straight from the declaration
  const declared: InputIssue[] = [];
  for (const k of EXTENSION_KEYS) checkShape(EXTENSION_ENTRIES[k], (input as Record<string, unknown>)[k], declared, [], [k]);
  const r = apply(input, model);
  assert.deepEqual(r.issues, declared);
  const byPath = new Map(r.issues.map((i) => [i.path.join('.'), i.message]));
  // a supplement without Mg still has its salt checked: every problem at once
  assert.equal(byPath.get('supplements.0.Mg'), 'required: elemental Mg per day, e.g. "365 mg/d"');
  assert.match(byPath.get('supplements.0.salt')!, /^"glycinate" is not a known salt; allowed: citrate, chloride/);
  assert.equal(byPath.get('diet.Ca'), '50 (50 mg/d) is outside the allowed range 100-3000 mg/d');
  assert.equal(byPath.get('supplements.1.Mg'), '"6000 mg/d" (6000 mg/d) is outside the allowed range 0-5000 mg/d');
  assert.match(byPath.get('supplements.1.dose')!, /^unknown key; allowed: Mg, salt$/);
  assert.equal(byPath.get('supplements.2'), 'must be an object { "Mg": "365 mg/d", "salt": "citrate" }');
  assert.equal(byPath.get('conditions.age'), '"17 y" is outside the allowed range 18-110 y');
  assert.equal(r.issues.length, 12);
  // the values read are in the declared units: 10 mmol/d of Ca is 400.78 mg/d, 0.3 L/h/1.73m2 is 5 mL/min/1.73m2
  const ok = apply({ diet: { Ca: '10 mmol/d' }, conditions: { eGFR: '0.3 L/h/1.73m2' } }, model);
  assert.deepEqual(ok.issues, []);
  assert.ok(Math.abs(ok.parameters.OralCa - 10 / 24) < 1e-12);
  assert.ok(Math.abs(ok.parameters.GFR0 - 5 / model.spec.parameters.mLminPerLh.value) < 1e-12);
});
