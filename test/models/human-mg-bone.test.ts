/**
 * human-mg-bone: the spec passes the model checks; the reference steady state sits in the human
 * normal ranges (human-mg-physiology.md) and leaves OpenBoneMin's Ca/PTH/bone steady state
 * unchanged; every pathway modifier is exactly 1 at the reference; each switch changes what it
 * should and only that; Mg and Ca mass balance close in every shipped scenario.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/paths.js';
import { checkModel, compileModel } from '../../src/model/index.js';
import { humanMgBone, mgHomeostasisStandalone, PATHWAY_SWITCHES } from '../../src/models/human-mg-bone/index.js';
import { openBoneMin } from '../../src/models/openbonemin/index.js';
import { scenarioFromInput } from '../../src/analysis/attribution.js';
import { massBalance, mgBoneModel, runMgBone } from '../../src/analysis/validation.js';
import { scenarioAdapter } from '../../src/models/human-mg-bone/scenario.js';
import { simulate } from '../../src/simulate/run.js';
import { validateScenario } from '../../src/simulate/scenario.js';

const model = mgBoneModel();
const last = (res: { time: Float64Array; column(n: string): Float64Array }, c: string): number => res.column(c)[res.time.length - 1];

test('both specs pass the model checks (names, units, sources)', () => {
  assert.deepEqual(checkModel(humanMgBone).map((i) => i.message), []);
  assert.deepEqual(checkModel(mgHomeostasisStandalone).map((i) => i.message), []);
});

test('OpenBoneMin\'s PTH state is renamed PTH_pmol so the observable PTH (pg/mL) keeps its contract name', () => {
  assert.ok(!('PTH' in humanMgBone.states));
  assert.ok('PTH_pmol' in humanMgBone.states);
  assert.equal(humanMgBone.observables.PTH.unit, 'pg/mL');
  const contract = ['Mg_serum', 'Mg_ionized', 'Ca_serum', 'Ca_ionized', 'PTH', 'calcitriol', 'CTX', 'P1NP', 'BMD_ls', 'urine_Mg',
    'Mg_absorbed_fraction', 'Mg_bone_fraction', 'Mg_balance', 'bone_strength', 'phosphate', 'bone_Mg_content',
    'inflammation_index', 'mineral_quality_index'];
  for (const o of contract) assert.ok(o in humanMgBone.observables, `observable ${o}`);
  const y0 = model.initialState();
  const out = new Float64Array(model.observableNames.length);
  model.outputs(0, y0, model.p, out);
  const v = (n: string): number => out[model.observableNames.indexOf(n)];
  assert.equal(v('PTH'), v('PTHc'));
});

test('reference steady state is in the human normal ranges', () => {
  const y0 = model.initialState();
  const dy = new Float64Array(y0.length);
  model.rhs(0, y0, model.p, dy);
  // every Mg state is at rest at the reference (exact by construction)
  for (const s of ['Mg_ecf', 'Mg_cell_fast', 'Mg_cell_slow', 'Mg_bone_surf', 'Mg_bone_deep', 'abs_gain', 'SubP', 'Cytok', 'Endo', 'x_renal', 'x_bonecell', 'Cyt_bone']) {
    assert.ok(Math.abs(dy[model.stateNames.indexOf(s)]) < 1e-12 * Math.max(1, Math.abs(y0[model.stateNames.indexOf(s)])), `${s} at rest`);
  }
  const res = runMgBone({ duration: '1 y', output: { every: '1 y' }, diet: { Mg: '325 mg/d' } });
  const check = (name: string, lo: number, hi: number): void => {
    const x = last(res, name);
    assert.ok(x >= lo && x <= hi, `${name} = ${x} outside [${lo}, ${hi}]`);
  };
  check('Mg_serum', 0.75, 0.95);
  check('Mg_ionized', 0.45, 0.6);
  check('urine_Mg', 3, 5);
  check('Mg_absorbed_fraction', 0.30, 0.50);
  check('Mg_bone_fraction', 0.50, 0.60);
  check('Mg_ecf_fraction', 0.005, 0.015);
  check('FE_Mg', 3, 5);
  check('Mg_body', 950, 1050);
  check('Ca_serum', 2.2, 2.6);
});

test('at normal Mg every pathway modifier is exactly 1 and OpenBoneMin\'s steady state is preserved over 10 years', () => {
  const y0 = model.initialState();
  const rv = new Float64Array(model.ruleNames.length);
  model.ruleValues!(0, y0, model.p, rv);
  for (const f of ['f_PTHsec', 'f_PTHres', 'f_Dsyn', 'f_OB', 'f_endo_OB', 'f_OC', 'f_RANKL', 'f_OPG', 'f_min', 'MQ']) {
    assert.equal(rv[model.ruleNames.indexOf(f)], 1, f);
  }
  const obm = compileModel(openBoneMin);
  const input = { duration: '10 y', output: { every: '1 y' } };
  const a = simulate(obm, validateScenario({ model: 'openbonemin', ...input }, obm).scenario!);
  const b = runMgBone({ ...input, diet: { Mg: '325 mg/d' } });
  // OpenBoneMin's published initial state is not an exact steady state (its bone Ca drifts ~1e-3 over 10 y); that drift
  // moves serum Mg by ~2e-5 mmol/L and the modifiers by ~1e-5, so the coupled run follows OpenBoneMin to ~2e-4
  // (CTX), against changes of 10-20% when Mg intake is halved.
  const pairs: [string, string][] = [['CaC', 'Ca_serum'], ['PTHc', 'PTH'], ['OCchange', 'CTX'], ['OBchange', 'P1NP'], ['BMDls', 'BMDls'], ['B', 'calcitriol']];
  for (const [oa, ob] of pairs) {
    const scale = oa === 'B' ? 1 / 14 : 1; // calcitriol observable is B/V1
    for (let i = 0; i < a.time.length; i++) {
      const x = a.column(oa)[i] * scale, y = b.column(ob)[i];
      assert.ok(Math.abs(x - y) <= 5e-4 * Math.abs(x) + 1e-9, `${ob} at ${a.time[i]} h: OpenBoneMin ${x} vs coupled ${y}`);
    }
  }
});

test('each switch changes what it should and only that', () => {
  const deficient = { duration: '1 y', output: { every: '30 d' }, diet: { Mg: '50 mg/d' } };
  const on = runMgBone(deficient);
  const off = (k: string) => runMgBone({ ...deficient, switches: { [k]: false } });
  const all = (res: ReturnType<typeof runMgBone>, c: string, pred: (x: number) => boolean): boolean => Array.from(res.column(c)).every(pred);
  const differs = (a: ReturnType<typeof runMgBone>, b: ReturnType<typeof runMgBone>, c: string): boolean =>
    Math.abs(last(a, c) - last(b, c)) > 1e-6 * Math.max(1, Math.abs(last(a, c)));

  // the factor of a pathway is 1 throughout when its switch is off, and not 1 when on
  const factors: Record<string, string> = {
    mg_pth_secretion: 'PTH_secretion_factor', mg_pth_resistance: 'PTH_responsiveness', mineral_quality: 'mineral_quality_index',
  };
  for (const [k, obs] of Object.entries(factors)) {
    const r = off(k);
    assert.ok(all(r, obs, (x) => x === 1), `${obs} stays 1 with ${k} off`);
    assert.ok(!all(on, obs, (x) => x === 1), `${obs} moves with ${k} on`);
  }
  // mineral quality: strength only, BMD untouched
  const mq = off('mineral_quality');
  assert.equal(last(mq, 'BMD_ls'), last(on, 'BMD_ls'));
  assert.ok(differs(mq, on, 'bone_strength'));
  // inflammation: the cytokine index is a marker and still rises; only its effect on bone goes
  const infl = off('inflammation');
  assert.ok(last(infl, 'inflammation_index') > 1.1);
  assert.ok(differs(infl, on, 'CTX') && last(infl, 'CTX') < last(on, 'CTX'));
  // bone Mg exchange off freezes bone Mg
  const bx = off('bone_mg_exchange');
  assert.ok(all(bx, 'Mg_bone_surf', (x) => x === bx.column('Mg_bone_surf')[0]));
  assert.ok(all(bx, 'Mg_bone_deep', (x) => x === bx.column('Mg_bone_deep')[0]));
  // calcitriol, osteoblast, osteoclast pathways: each changes its own target
  assert.ok(differs(off('mg_calcitriol'), on, 'calcitriol'));
  assert.ok(differs(off('mg_osteoblast'), on, 'P1NP'));
  assert.ok(differs(off('mg_osteoclast'), on, 'CTX'));
  // the high-Mg pathway is silent in deficiency (results identical) ...
  const hm = off('high_mg_mineralization');
  for (const c of ['BMD_ls', 'PTH', 'Mg_serum', 'bone_strength']) assert.equal(last(hm, c), last(on, c), c);
  // ... silent at high intake with normal kidneys (serum Mg stays in the normal range) ...
  const highIntake = { duration: '2 y', output: { every: '2 y' }, diet: { Mg: '1000 mg/d' }, supplements: [{ Mg: '1000 mg/d', salt: 'chloride' }] };
  const nOn = runMgBone(highIntake), nOff = runMgBone({ ...highIntake, switches: { high_mg_mineralization: false } });
  assert.equal(last(nOn, 'mineralization_factor'), 1);
  assert.equal(last(nOn, 'BMD_ls'), last(nOff, 'BMD_ls'));
  // ... and acts when serum Mg is above the normal range (the same intake at eGFR 15)
  const high = { ...highIntake, conditions: { eGFR: '15 mL/min/1.73m2' } };
  const hOn = runMgBone(high), hOff = runMgBone({ ...high, switches: { high_mg_mineralization: false } });
  assert.ok(last(hOn, 'mineralization_factor') < 0.99 && last(hOff, 'mineralization_factor') === 1);
  assert.ok(last(hOn, 'BMD_ls') < last(hOff, 'BMD_ls'));
  // endothelial (hypothesis) is off by default: its index still moves, turning it on changes bone
  assert.equal(PATHWAY_SWITCHES.endothelial.default, false);
  assert.ok(!all(on, 'endothelial_index', (x) => x === 1));
  assert.ok(differs(runMgBone({ ...deficient, switches: { endothelial: true } }), on, 'P1NP'));
  // at the reference diet no switch changes anything (beyond OpenBoneMin's own drift, see above: 5e-4)
  const ref = { duration: '2 y', output: { every: '2 y' }, diet: { Mg: '325 mg/d' } };
  const r0 = runMgBone(ref);
  for (const k of Object.keys(PATHWAY_SWITCHES)) {
    const r = runMgBone({ ...ref, switches: { [k]: !PATHWAY_SWITCHES[k].default } });
    for (const c of ['BMD_ls', 'PTH', 'CTX', 'Mg_serum']) {
      // BMD_ls is a change in percentage points: 0.005 points against −2.5 points at half Mg intake
      const tol = c === 'BMD_ls' ? 5e-3 : 5e-4 * Math.abs(last(r0, c));
      assert.ok(Math.abs(last(r, c) - last(r0, c)) <= tol, `${k} at the reference changes ${c}: ${last(r0, c)} → ${last(r, c)}`);
    }
  }
});

test('Mg and Ca mass balance close to 1e-9 in every shipped scenario', () => {
  const dir = path.join(ROOT, 'scenarios');
  const files = fs.readdirSync(dir).filter((f) => f.startsWith('mgb-') && f.endsWith('.json'));
  assert.ok(files.length >= 10);
  for (const f of files) {
    const input = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Record<string, unknown>;
    const res = simulate(model, scenarioFromInput(model, input, scenarioAdapter));
    assert.equal(res.code, 'success', `${f}: ${res.message}`);
    const mb = massBalance(res);
    assert.ok(mb.mg.relative <= 1e-9, `${f}: Mg balance residual ${mb.mg.residual} mmol (relative ${mb.mg.relative})`);
    assert.ok(mb.ca !== undefined && mb.ca.relative <= 1e-9, `${f}: Ca balance relative ${mb.ca?.relative}`);
    // a bookkeeping check that could fail: intake really moved through the body
    assert.ok(mb.mg.intake + mb.mg.iv > 0 || f.includes('free'), f);
  }
});

test('Mg physiology: renal conservation, deficiency and excess behave as the human data say', () => {
  const free = runMgBone({ duration: '4 d', output: { every: '1 d' }, diet: { Mg: '0 mg/d' } });
  const u = free.column('Mg_urine_cum');
  assert.ok(u[4] - u[3] < 1, `day-4 urine ${u[4] - u[3]} mmol/d`);
  assert.ok(u[1] - u[0] > u[4] - u[3], 'urine falls day by day');
  // absorption fraction rises as intake falls (saturable + adaptation), 25% → 75% across diets
  const frac = (mg: number): number => last(runMgBone({ duration: '2 y', output: { every: '2 y' }, diet: { Mg: `${mg} mg/d` } }), 'Mg_absorbed_fraction');
  const f100 = frac(100), f325 = frac(325), f700 = frac(700);
  assert.ok(f100 > 0.6 && f100 < 0.8, `100 mg/d: ${f100}`);
  assert.ok(f700 > 0.15 && f700 < 0.3, `700 mg/d: ${f700}`);
  assert.ok(f100 > f325 && f325 > f700);
  // oxide is absorbed less than citrate
  const supp = (salt: string) => last(runMgBone({ duration: '30 d', output: { every: '30 d' }, supplements: [{ Mg: '400 mg/d', salt }] }), 'urine_Mg');
  assert.ok(supp('citrate') > supp('oxide'));
});

test('standalone Mg homeostasis sits at its reference steady state', () => {
  const m = compileModel(mgHomeostasisStandalone);
  const y0 = m.initialState();
  const dy = new Float64Array(y0.length);
  m.rhs(0, y0, m.p, dy);
  for (let i = 0; i < y0.length; i++) {
    const s = m.stateNames[i];
    if (s.endsWith('_cum')) continue;
    assert.ok(Math.abs(dy[i]) < 1e-12, `${s}: ${dy[i]}`);
  }
});
