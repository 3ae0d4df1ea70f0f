/**
 * Qualitative facts as soft constraints of a fit (likelihood.ts, `facts`): each fact adds a row w·v/s that is 0 while
 * the fact holds; v is its violation in the fact's unit, s its scale (a two-sided range read as a 95 % interval; a
 * one-sided range or a direction τ·S). Checked against the closed form of the decay model.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkStudy, type Study, type Measurement } from '../../../src/analysis/evidence/study.js';
import { studyObjective, factViolation } from '../../../src/analysis/evidence/likelihood.js';
import { fitMultiStart } from '../../../src/analysis/evidence/fit.js';
import { decayExact, decayModel, decayStudy } from './decay-model.js';

const study = (): Study => checkStudy(decayStudy(), 'decay.json', decayModel).study!;
const facts = (s: Study): Measurement[] => s.arms.flatMap((a) => a.measurements).filter((m) => m.kind === 'qualitative');

test('factViolation: 0 while a fact holds; the violation and its scale otherwise', () => {
  const [down, cSmall, pcVs] = facts(study());
  assert.deepEqual([down.id, cSmall.id, pcVs.id], ['down', 'c-small', 'pc-vs']);
  // a direction (decrease of a change): holds below 0, violated by the amount above 0; scale τ·|reference|
  assert.equal(factViolation(down, -0.5, 1.5, 2).v, 0);
  assert.deepEqual(factViolation(down, 0.3, 2.3, 2, 0.05), { v: 0.3, dv: 1, s: 0.05 * 2 });
  // a one-sided absolute range: scale τ·|bound|
  const c = factViolation(cSmall, 1.1, 1.1, NaN, 0.1);
  assert.ok(Math.abs(c.v - 1.0) < 1e-15 && c.dv === 1 && Math.abs(c.s - 0.01) < 1e-15);
  // a two-sided range is a 95 % interval: s = width / 3.92, violated on either side
  assert.deepEqual(factViolation(pcVs, -65, NaN, NaN), { v: 0, dv: 0, s: 10 / 3.92 });
  const lo = factViolation(pcVs, -72, NaN, NaN);
  assert.ok(Math.abs(lo.v - 2) < 1e-12 && lo.dv === -1);
});

test('the objective with facts: quantitative rows, then one row per fact (w·v/s), then priors; without the option no fact row', () => {
  const s = study();
  const params = ['k', 'X0'];
  const plain = studyObjective([s], decayModel, { params });
  const obj = studyObjective([s], decayModel, { params, facts: { tolerance: 0.05, weight: 2 }, priors: { k: { median: 0.1, sdLog: 1 } } });
  const nq = plain.nResiduals;
  assert.equal(plain.factRows.length, 0);
  assert.equal(obj.nResiduals, nq + 3 + 1);
  assert.deepEqual(obj.labels.slice(nq, nq + 3), facts(s).map((m) => `fact:${m.label}`));
  assert.equal(obj.labels[nq + 3], 'prior:k');
  const k = 0.12, X0 = 2.5;
  const ev = obj.evaluate(Float64Array.from([Math.log(k), Math.log(X0)]), false);
  assert.equal(ev.failure, undefined);
  const x = decayExact(k, X0);
  // down: X(10) − X0 < 0 holds; c-small: C(10) above 0.1 mmol/L (s = 0.05·0.1); pc-vs: −55.1 % above −60 (s = 10/3.92)
  const expect = [0, 2 * (x['c-small'] - 0.1) / (0.05 * 0.1), 2 * (x['pc-vs'] + 60) / (10 / 3.92)];
  expect.forEach((e, j) => assert.ok(Math.abs(ev.r[nq + j] - e) <= 1e-6 * Math.max(1, e), `fact ${j}: ${ev.r[nq + j]} vs ${e}`));
  // the quantitative rows are the plain objective's
  const pv = plain.evaluate(Float64Array.from([Math.log(k), Math.log(X0)]), false);
  for (let i = 0; i < nq; i++) assert.equal(ev.r[i], pv.r[i]);
});

test('fact rows: the sensitivity Jacobian agrees with central differences where a fact is violated', () => {
  const s = study();
  const obj = studyObjective([s], decayModel, { params: ['k', 'X0'], facts: {} });
  const theta = Float64Array.from([Math.log(0.12), Math.log(2.5)]);
  const J = obj.evaluate(theta, true).J!;
  const nq = obj.rows.length, h = 1e-5;
  for (let p = 0; p < 2; p++) {
    const up = Float64Array.from(theta), dn = Float64Array.from(theta);
    up[p] += h; dn[p] -= h;
    const ru = obj.evaluate(up, false).r, rd = obj.evaluate(dn, false).r;
    for (const j of [1, 2]) {
      const fd = (ru[nq + j] - rd[nq + j]) / (2 * h), an = J[(nq + j) * 2 + p];
      assert.ok(Math.abs(fd - an) <= 1e-4 * Math.max(1, Math.abs(fd)), `fact ${j}, θ${p}: ${an} vs ${fd}`);
    }
  }
});

test('a fit with facts trades the likelihood for the fact: the fact is violated less, the data fitted less closely', async () => {
  // one measurement (X at 5 h = 1.2 ± 0.1 → k ≈ 0.102/h) against one fact (X at 10 h ≥ 0.9 mmol/L → k ≤ 0.080/h)
  const s = checkStudy({
    id: 'conflict', citation: 'Test. Conflict. J Tests 1:1.', doi: '10.0/conflict', evidence: 'hypothesis', population: 'none',
    model: 'test-decay', split: 'training',
    arms: [{ id: 'a', scenario: { duration: '10 h', solver: { rtol: 1e-10, atol: 1e-12 } }, measurements: [
      { id: 'y5', observable: 'Y', kind: 'absolute', time: '5 h', value: '1.2 mmol/L', se: 0.1 },
      { id: 'x10', observable: 'X', kind: 'qualitative', time: '10 h', range: { lower: '0.9 mmol/L' } },
    ] }],
  }, 'conflict.json', decayModel).study!;
  const fitK = async (withFacts: boolean): Promise<number> => {
    const obj = studyObjective([s], decayModel, { params: ['k'], ...(withFacts ? { facts: { weight: 1 } } : {}) });
    const fit = await fitMultiStart(obj, Float64Array.from([Math.log(0.1)]), { starts: 1 });
    return Math.exp(fit.theta[0]);
  };
  const kPlain = await fitK(false), kFacts = await fitK(true);
  const x10 = (k: number): number => 2 * Math.exp(-10 * k);
  assert.ok(Math.abs(kPlain - Math.log(2 / 1.2) / 5) < 1e-4, `plain fit k ${kPlain}`);
  assert.ok(x10(kPlain) < 0.9, 'the data alone violate the fact');
  assert.ok(kFacts < kPlain && x10(kFacts) > x10(kPlain), `k ${kFacts} with the fact vs ${kPlain}`);
  // a soft constraint: the optimum lies between the data's k and the fact's boundary (s = 0.05 · 0.9 mmol/L)
  assert.ok(kFacts > Math.log(2 / 0.9) / 10, `k ${kFacts} is not pushed past the boundary`);
});

// Session 20: an observable in % (a change from baseline, like a BMD change) has the natural size 100 points, not |b|,
// which sits near 0 for a change from baseline and made the row's scale vanish.
test('factViolation: an observable in % is sized in points (100), whatever its reference value', () => {
  const [down] = facts(study());
  assert.deepEqual(factViolation(down, 0.3, 0.3001, 1e-4, 0.05, true), { v: 0.3, dv: 1, s: 5 });
  // without the unit the reference value sizes it (the tiny scale the option exists for)
  assert.ok(Math.abs(factViolation(down, 0.3, 0.3001, 1e-4, 0.05).s - 5e-6) < 1e-18);
});

test('facts.exclude: the named studies\' facts stay checks; an id that is not a study of the objective is an input error', () => {
  const s = study();
  const obj = studyObjective([s], decayModel, { params: ['k'], facts: { exclude: [s.id] } });
  assert.equal(obj.factRows.length, 0);
  assert.equal(obj.nResiduals, studyObjective([s], decayModel, { params: ['k'] }).nResiduals);
  assert.throws(() => studyObjective([s], decayModel, { params: ['k'], facts: { exclude: ['decay-typo', s.id] } }),
    (e: Error & { issues?: { path: (string | number)[]; message: string }[] }) => {
      assert.equal(e.issues?.length, 1);
      assert.deepEqual(e.issues?.[0].path, ['facts', 'exclude', 0]);
      assert.match(e.issues![0].message, /"decay-typo" is not a study of the objective/);
      return true;
    });
});
