/**
 * `exportPetab`: a model and a study exported as a PEtab v1 problem, read back by the project's own
 * PEtab reader (`buildPetabProblem`: the same checks `magbone petab` runs), give the evidence
 * engine's chi2 = Σ r² and the matching llh for the exported measurements, at the nominal
 * parameters and away from them — comparisons of two arms included; what PEtab v1 cannot express is
 * declined with its reason.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { compileModel } from '../../../src/model/index.js';
import type { ModelSpec } from '../../../src/model/spec.js';
import { checkStudy, type Study } from '../../../src/analysis/evidence/study.js';
import { studyObjective } from '../../../src/analysis/evidence/likelihood.js';
import { exportPetab, type PetabExport } from '../../../src/analysis/petab/export.js';
import { petabFileList, buildPetabProblem, petabModel, evaluatePetab, nominalTheta } from '../../../src/analysis/petab/index.js';

/**
 * A small model that uses what the export maps: an explicit `t` (the arm's own clock), a dose target
 * with a bioavailability (infusions, a bolus at t = 0), an observable that is a rule of a state.
 */
const spec: ModelSpec = {
  id: 'test-export', name: 'Export test', version: '1.0.0', species: 'none', timeUnit: 'h',
  description: 'Production, first-order loss and a collecting compartment, for the PEtab export tests.',
  references: [{ id: 'test', citation: 'Test model (no source).' }],
  parameters: {
    k: { value: 0.1, unit: '1/h', description: 'loss rate', source: 'assumed: test value', bounds: [1e-3, 10] },
    X0: { value: 2, unit: 'mmol', description: 'initial X', source: 'assumed: test value', bounds: [0.01, 100] },
    kin: { value: 0.05, unit: 'mmol/h', description: 'production', source: 'assumed: test value', bounds: [0, 10] },
    tau: { value: 5, unit: 'h', description: 'time scale of the production ramp', source: 'assumed: test value' },
    F: { value: 0.8, unit: '1', description: 'bioavailability of the IV dose', source: 'assumed: test value' },
    s: { value: 1.5, unit: '1', description: 'observation scaling', source: 'assumed: test value' },
  },
  states: {
    X: { unit: 'mmol', description: 'the quantity', initial: 'X0', ode: 'kin * ramp - k * X' },
    C: { unit: 'mmol', description: 'what has left X', initial: 0, ode: 'k * X' },
  },
  rules: { ramp: { expr: '1 + t / (t + tau)', unit: '1', description: 'production ramp over the arm' } },
  observables: { Y: { expr: 's * X', unit: 'mmol', description: 'X as observed' } },
  doses: { IV: { state: 'X', description: 'intravenous', amountUnit: 'mmol', bioavailability: 'F' } },
};
const model = compileModel(spec);
const tight = { rtol: 1e-11, atol: 1e-13 };

const studyData = {
  id: 'exp', citation: 'Test. Export study. J Tests 1:1.', doi: '10.0/exp', evidence: 'hypothesis', population: 'none',
  model: 'test-export', split: 'training',
  arms: [
    {
      id: 'a',
      scenario: {
        duration: '10 h', solver: tight,
        changes: [{ time: '4 h', parameters: { kin: 0.3 } }],
        doses: [{ cmt: 'IV', amt: '1 mmol', rate: '0.5 mmol/h', time: '2 h' }],
      },
      measurements: [
        { id: 'abs', observable: 'Y', kind: 'absolute', time: '5 h', value: '2.2 mmol', se: 0.1 },
        { id: 'pc', observable: 'X', kind: 'percent_change', time: '5 h', baseline: '1 h', value: -10, se: 5 },
        { id: 'pc-log', observable: 'Y', kind: 'percent_change', time: '8 h', value: -20, se: 4, scale: 'log' },
        { id: 'rat', observable: 'X', kind: 'ratio', time: '10 h', value: 0.8, ci: { lower: 0.6, upper: 1.0 } },
        { id: 'inc', observable: 'C', kind: 'absolute', over: ['2 h', '6 h'], value: '0.6 mmol', se: '0.05 mmol' },
        { id: 'inc-chg', observable: 'C', kind: 'change', over: ['6 h', '8 h'], baseline: ['0 h', '2 h'], value: '-0.1 mmol', se: 0.05 },
        { id: 'down', observable: 'X', kind: 'qualitative', time: '10 h', direction: 'decrease' },
      ],
    },
    {
      id: 'b',
      scenario: { duration: '10 h', parameters: { k: 0.2 }, solver: tight, doses: [{ cmt: 'IV', amt: '0.5 mmol', time: '0 h' }] },
      measurements: [
        { id: 'b-abs', observable: 'X', kind: 'absolute', time: '3 h', value: '1.5 mmol', se: 0.1, scale: 'log' },
        { id: 'b-at-dose', observable: 'X', kind: 'absolute', time: '0 h', value: '2 mmol', se: 0.1 },
        { id: 'con', observable: 'X', kind: 'contrast', versus: 'a', time: '10 h', value: '-0.4 mmol', se: 0.1 },
        { id: 'rat-vs', observable: 'Y', kind: 'ratio', versus: 'a', time: '8 h', value: 0.7, se: 0.05 },
        { id: 'inc-vs', observable: 'C', kind: 'percent_change', versus: 'a', over: ['2 h', '6 h'], value: 30, se: 8 },
        // differences of changes from a common baseline (placebo-adjusted): four values, both arms frozen at 1 h
        { id: 'adj-pc', observable: 'X', kind: 'percent_change', versus: 'a', baseline: '1 h', time: '9 h', value: -40, se: 5 },
        { id: 'adj-con', observable: 'Y', kind: 'contrast', versus: 'a', baseline: '1 h', time: '9 h', value: '-0.9 mmol', se: 0.2 },
        { id: 'adj-rat', observable: 'X', kind: 'ratio', versus: 'a', baseline: '2 h', time: '7 h', value: 0.6, se: 0.05 },
      ],
    },
    {
      id: 'c', after: { arm: 'a' },
      scenario: { duration: '5 h', parameters: { k: 0.3 }, solver: tight, changes: [{ time: '2 h', parameters: { kin: 0.1 } }] },
      measurements: [
        { id: 'c-abs', observable: 'X', kind: 'absolute', time: '5 h', value: '0.6 mmol', se: 0.05 },
        { id: 'c-pc', observable: 'Y', kind: 'percent_change', time: '4 h', value: -50, se: 10 },
        { id: 'c-log', observable: 'C', kind: 'absolute', time: '5 h', value: '2.2 mmol', se: 0.1, scale: 'log' },
        { id: 'c-vs-b', observable: 'X', kind: 'contrast', versus: 'b', time: '4 h', value: '-0.3 mmol', se: 0.1 },
        { id: 'c-vs-d', observable: 'X', kind: 'contrast', versus: 'd', time: '4 h', value: '-0.3 mmol', se: 0.1 },
      ],
    },
    {
      id: 'd', after: { arm: 'c' },
      scenario: { duration: '5 h', solver: tight, doses: [{ cmt: 'IV', amt: '0.5 mmol', time: '1 h' }] },
      measurements: [{ id: 'd-abs', observable: 'X', kind: 'absolute', time: '3 h', value: '0.8 mmol', se: 0.1 }],
    },
    {
      id: 'e',
      scenario: { duration: '10 h', solver: tight, doses: [{ cmt: 'IV', amt: '0.2 mmol', rate: '0.4 mmol/h', time: '1 h', ii: '3 h', addl: 2 }] },
      measurements: [{ id: 'e-abs', observable: 'X', kind: 'absolute', time: '9 h', value: '1.9 mmol', se: 0.1 }],
    },
  ],
};

function load(): Study {
  const r = checkStudy(studyData, 'exp.yaml', model);
  assert.deepEqual(r.issues, []);
  return r.study!;
}

/** Reads the exported texts with the project's PEtab reader (all its checks). */
function readBack(ex: PetabExport) {
  const file = path.join('export', 'problem.yaml');
  const named = petabFileList(ex.files['problem.yaml'], file);
  const at = (f: string): string => path.join('export', f);
  const list = { ...named, parameterFile: at(named.parameterFile), sbmlFile: at(named.sbmlFile), conditionFiles: named.conditionFiles.map(at),
    measurementFiles: named.measurementFiles.map(at), observableFiles: named.observableFiles.map(at), ignored: named.ignored.map(at) };
  const texts = new Map(Object.entries(ex.files).map(([f, t]) => [at(f), t]));
  return petabModel(buildPetabProblem(file, list, texts));
}

const params = ['k', 'X0', 'kin'];

test('export → PEtab reader: chi2 and llh equal the evidence engine\'s for the exported measurements (nominal and moved parameters)', () => {
  const study = load();
  for (const modelError of [0, 0.1]) {
    const ex = exportPetab(model, [study], { params, modelError });
    const pm = readBack(ex);
    const obj = studyObjective([study], model, { params, modelError });
    const exported = new Set(ex.exported.map((r) => r.label));
    assert.equal(pm.problem.measurements.length, ex.exported.length);
    for (const theta of [Float64Array.from(params, (p) => Math.log(spec.parameters[p].value)), Float64Array.from([Math.log(0.14), Math.log(1.7), Math.log(0.08)])]) {
      const r = obj.evaluate(theta, false);
      assert.equal(r.failure, undefined);
      let chi2 = 0, llh = 0;
      obj.rows.forEach((row, i) => {
        if (!exported.has(row.measurement.label)) return;
        const e = ex.exported.find((x) => x.label === row.measurement.label)!;
        const J = row.measurement.scale === 'log' ? Math.log(e.measurement) : 0;
        chi2 += r.r[i] ** 2;
        llh -= 0.5 * Math.log(2 * Math.PI * e.sigma ** 2) + 0.5 * r.r[i] ** 2 + J;
      });
      // the reader's θ: the estimated parameters on their scale (log = ln, as the evidence engine's)
      const theta0 = nominalTheta(pm);
      assert.equal(theta0.length, 3);
      const ev = evaluatePetab(pm, theta);
      assert.equal(ev.failure, undefined);

      assert.ok(Math.abs(ev.chi2 - chi2) <= 1e-6 * chi2, `modelError ${modelError}: chi2 ${ev.chi2} vs evidence ${chi2}`);
      assert.ok(Math.abs(ev.llh - llh) <= 1e-6 * Math.abs(llh), `modelError ${modelError}: llh ${ev.llh} vs ${llh}`);
      assert.ok(chi2 > 1, 'the data are not fitted exactly: the comparison means something');
      if (process.env.MAGBONE_PRINT) console.log(`modelError ${modelError}: chi2 ${ev.chi2} vs ${chi2} (rel ${Math.abs(ev.chi2 - chi2) / chi2}), llh ${ev.llh} vs ${llh}`);
    }
  }
});

test('export: what PEtab v1 cannot express is declined, each measurement with its reason, and the rest exported', () => {
  const ex = exportPetab(model, [load()], { params });
  const reason = (label: string): string | undefined => ex.declined.find((d) => d.label === label)?.reason;
  assert.match(reason('exp/a/down')!, /qualitative/);
  assert.match(reason('exp/b/b-at-dose')!, /before the dose/);
  assert.match(reason('exp/d/d-abs')!, /bolus of IV at t = 1 h.*event/);
  assert.match(reason('exp/c/c-vs-d')!, /the arm it is compared with \(d\): .*bolus of IV at t = 1 h/);
  assert.deepEqual(ex.exported.map((r) => r.label).sort(), ['exp/a/abs', 'exp/a/inc', 'exp/a/inc-chg', 'exp/a/pc', 'exp/a/pc-log', 'exp/a/rat',
    'exp/b/adj-con', 'exp/b/adj-pc', 'exp/b/adj-rat', 'exp/b/b-abs', 'exp/b/con', 'exp/b/inc-vs', 'exp/b/rat-vs', 'exp/c/c-abs', 'exp/c/c-log', 'exp/c/c-pc', 'exp/c/c-vs-b', 'exp/e/e-abs']);
  // a comparison of two arms: one condition running both (the compared arm as the model's second copy)
  const cvsb = ex.exported.find((r) => r.label === 'exp/c/c-vs-b')!;
  assert.equal(cvsb.conditionId, 'exp__c__vs__b');
  assert.equal(cvsb.time, 14, 'c starts after a (10 h): its 4 h is 14 h; b\'s 4 h is read from its frozen copy');
  assert.match(ex.files['observables.tsv'], /X_contrast_2\tX_contrast_2\tX - X__pet_v__pet_b1\t/);
  // a placebo-adjusted percent change: both arms read at the measurement time and frozen at their common baseline
  assert.match(ex.files['observables.tsv'], /X_percent_change_vs_from_baseline\t[^\t]*\t100 \* \(X \/ X__pet_b\d+ - X__pet_v \/ X__pet_v__pet_b\d+\)\t/);
  // the `after` chain a → c is one condition: c's times follow a's 10 h
  assert.equal(ex.exported.find((r) => r.label === 'exp/c/c-abs')!.time, 15);
  // a percent change on the log scale is the ratio 1 + y/100 under a log transformation
  assert.equal(ex.exported.find((r) => r.label === 'exp/a/pc-log')!.measurement, 0.8);
  assert.match(ex.files['observables.tsv'], /\tlog\t/);
  assert.match(ex.files['report.md'], /exp\/d\/d-abs \| arm d has a bolus/);
  // the estimated parameters: log scale, the evidence engine's bounds, the model's values
  const kRow = ex.files['parameters.tsv'].split('\n').find((l) => l.startsWith('k\t'))!.split('\t');
  assert.deepEqual(kRow.slice(2), ['log', '0.001', '10', '0.1', '1']);
});

test('export: nothing expressible, or a parameter that cannot be estimated, is an InputError listing every reason', () => {
  const only = { ...studyData, arms: [studyData.arms[0], { ...studyData.arms[1], measurements: [studyData.arms[1].measurements[1]] }] };
  only.arms[0] = { ...only.arms[0], measurements: [only.arms[0].measurements[6]] };
  const r = checkStudy(only, 'only.yaml', model);
  assert.deepEqual(r.issues, []);
  assert.throws(() => exportPetab(model, [r.study!], { params }), (e: Error) => /no measurement can be expressed/.test(e.message) && /exp\/a\/down: qualitative/.test(e.message) && /exp\/b\/b-at-dose: reads a value at t = 0/.test(e.message));
  assert.throws(() => exportPetab(model, [load()], { params: ['k', 'nope'] }), /nope.*not a parameter/);
});

test('export with the evidence engine\'s Gaussian priors: parameterScaleNormal on the log scale, the same prior term as the evidence engine\'s prior rows', () => {
  const study = load();
  const priors = { k: { median: 0.12, sdLog: 0.5 }, kin: { median: 0.04, sdLog: 1 } };
  const ex = exportPetab(model, [study], { params, priors });
  const pm = readBack(ex);
  const byId = new Map(pm.problem.parameters.map((p) => [p.id, p]));
  assert.deepEqual(byId.get('k')!.objectivePrior, { type: 'parameterScaleNormal', a: Math.log(0.12), b: 0.5 });
  assert.deepEqual(byId.get('kin')!.objectivePrior, { type: 'parameterScaleNormal', a: Math.log(0.04), b: 1 });
  assert.equal(byId.get('X0')!.objectivePrior, undefined);
  const obj = studyObjective([study], model, { params, priors });
  for (const theta of [Float64Array.from(params, (p) => Math.log(spec.parameters[p].value)), Float64Array.from([Math.log(0.14), Math.log(1.7), Math.log(0.08)])]) {
    const r = obj.evaluate(theta, false);
    // the evidence engine's prior rows (after the measurement rows) → the Gaussian log-density with its constant
    let lp = 0;
    obj.labels.forEach((l, i) => {
      if (!l.startsWith('prior:')) return;
      const sd = priors[l.slice(6) as 'k' | 'kin'].sdLog;
      lp += -0.5 * Math.log(2 * Math.PI * sd * sd) - 0.5 * r.r[i] ** 2;
    });
    const ev = evaluatePetab(pm, theta);
    assert.ok(Math.abs(ev.logPrior - lp) < 1e-12 * Math.max(1, Math.abs(lp)), `${ev.logPrior} vs ${lp}`);
  }
  // without priors the table has no prior columns
  assert.doesNotMatch(exportPetab(model, [study], { params }).files['parameters.tsv'], /objectivePrior/);
});
