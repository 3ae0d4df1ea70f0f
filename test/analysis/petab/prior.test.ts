/**
 * PEtab v1 priors (docs/petab.md, "Priors"): the log-prior of every type against its density
 * written out here, the checks of the prior columns (all problems at once), the fit objective's
 * prior rows (½Σ rows² + llh + log-prior constant in θ), a MAP fit of a linear-Gaussian toy
 * against its closed-form posterior mode, and the initialization priors' start points.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DATA } from '../../helpers/paths.js';
import { petabFileList, buildPetabProblem, petabModel, evaluatePetab, petabObjective, petabStartPoints, fitMultiStart, PetabError, formatPetabIssue } from '../../../src/index.js';
import { startPoints } from '../../../src/analysis/evidence/fit.js';

const DIR = path.join(DATA, 'petab-prior');
const HEADER = 'parameterId\tparameterScale\tlowerBound\tupperBound\tnominalValue\testimate\tobjectivePriorType\tobjectivePriorParameters\tinitializationPriorType\tinitializationPriorParameters\n';

/** The toy problem (x = k·t, 3 measurements, σ 0.5) with its parameter table replaced by `rows`. */
function toy(rows: string) {
  const list = petabFileList(fs.readFileSync(path.join(DIR, 'problem.yaml'), 'utf8'), 'problem.yaml');
  const texts = new Map<string, string>();
  for (const f of ['model.xml', 'conditions.tsv', 'observables.tsv', 'measurements.tsv']) texts.set(f, fs.readFileSync(path.join(DIR, f), 'utf8'));
  texts.set('parameters.tsv', HEADER + rows);
  return buildPetabProblem('problem.yaml', list, texts);
}
const LN2PI = Math.log(2 * Math.PI);

test('the log-prior of each PEtab prior type at a point equals its density written out', () => {
  // k is the model's; p1..p9 are extra estimated parameters that only carry a prior
  const rows = [
    'k\tlin\t-10\t10\t1\t1\t\t\t\t',
    'p1\tlin\t0\t5\t1.3\t1\tuniform\t0.5;2\t\t',
    'p2\tlin\t0\t5\t1.3\t1\tnormal\t1;0.2\t\t',
    'p3\tlin\t0\t5\t1.3\t1\tlaplace\t1;0.5\t\t',
    'p4\tlin\t0.01\t5\t1.3\t1\tlogNormal\t0.1;0.4\t\t',
    'p5\tlin\t0.01\t5\t1.3\t1\tlogLaplace\t0.1;0.4\t\t',
    'p6\tlog10\t0.01\t100\t1.5848931924611136\t1\tparameterScaleNormal\t0;0.5\t\t',
    'p7\tlog10\t0.01\t100\t1.5848931924611136\t1\tnormal\t1;0.5\t\t',
    'p8\tlog\t0.01\t100\t2\t1\tparameterScaleLaplace\t0.1;0.3\t\t',
    'p9\tlog10\t0.01\t100\t2\t1\tparameterScaleUniform\t-1;1\t\t',
  ].join('\n') + '\n';
  const pm = petabModel(toy(rows));
  const ev = evaluatePetab(pm);
  const x = 1.3, x7 = 10 ** 0.2, th8 = Math.log(2);
  const expected = [
    -Math.log(1.5), // uniform on [0.5, 2]
    -0.5 * (LN2PI + Math.log(0.04)) - 0.09 / 0.08, // normal(1, 0.2) at 1.3
    -Math.log(1.0) - 0.3 / 0.5, // laplace(1, 0.5): 1/(2b) = 1
    -Math.log(x) - 0.5 * (LN2PI + Math.log(0.16)) - (Math.log(x) - 0.1) ** 2 / 0.32, // logNormal(0.1, 0.4)
    -Math.log(x) - Math.log(0.8) - Math.abs(Math.log(x) - 0.1) / 0.4, // logLaplace(0.1, 0.4)
    -0.5 * (LN2PI + Math.log(0.25)) - 0.04 / 0.5, // parameterScaleNormal(0, 0.5) at θ = 0.2
    -0.5 * (LN2PI + Math.log(0.25)) - (x7 - 1) ** 2 / 0.5, // normal(1, 0.5) at x = 10^0.2
    -Math.log(0.6) - Math.abs(th8 - 0.1) / 0.3, // parameterScaleLaplace(0.1, 0.3) at θ = ln 2
    -Math.log(2), // parameterScaleUniform(-1, 1) at θ = log10 2
  ];
  const sum = expected.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(ev.logPrior - sum) < 1e-12, `${ev.logPrior} vs ${sum}`);
  assert.ok(Math.abs(ev.logPosterior - (ev.llh + sum)) < 1e-12);
  // each alone: move one parameter at a time into a table of its own
  const lines = rows.trim().split('\n');
  for (let i = 1; i < lines.length; i++) {
    const one = evaluatePetab(petabModel(toy(`${lines[0]}\n${lines[i]}\n`)));
    assert.ok(Math.abs(one.logPrior - expected[i - 1]) < 1e-12, `${lines[i].split('\t')[6]}: ${one.logPrior} vs ${expected[i - 1]}`);
  }
  // the llh does not include priors: the same as without them
  const plain = evaluatePetab(petabModel(toy('k\tlin\t-10\t10\t1\t1\t\t\t\t\n')));
  assert.equal(ev.llh, plain.llh);
  assert.equal(plain.logPrior, 0);
  // outside a uniform prior's interval: −∞
  const out = evaluatePetab(petabModel(toy('k\tlin\t-10\t10\t1\t1\tuniform\t2;3\t\t\n')));
  assert.equal(out.logPrior, -Infinity);
});

test('the prior columns are checked, every problem at once with file, line and column', () => {
  let err: PetabError | undefined;
  try {
    toy([
      'k\tlin\t-10\t10\t1\t1\tgauss\t0;1\t\t',
      'a\tlin\t0\t5\t1\t1\tnormal\t0;1;2\t\t',
      'b\tlin\t0\t5\t1\t1\tlaplace\tzero;1\t\t',
      'c\tlin\t0\t5\t1\t1\tnormal\t0;-1\t\t',
      'd\tlin\t0\t5\t1\t1\tlaplace\t0;0\t\t',
      'e\tlin\t0\t5\t1\t1\tlogNormal\t\t\t',
      'f\tlin\t0\t5\t1\t1\tuniform\t3;2\t\t',
      'g\tlin\t0\t5\t1\t1\tuniform\t6;7\t\t',
      'h\tlin\t0\t5\t1\t1\t\t\tparameterScaleNormal\t1;nan',
      'i\tlog\t0\t5\t1\t1\tparameterScaleUniform\t\t\t',
    ].join('\n') + '\n');
  } catch (e) { if (e instanceof PetabError) err = e; else throw e; }
  assert.ok(err, 'a PetabError');
  const msgs = err.petabIssues.map(formatPetabIssue);
  const want = [
    /parameters\.tsv, line 2, column 'objectivePriorType': "gauss" is not a PEtab prior type/,
    /parameters\.tsv, line 3, column 'objectivePriorParameters': "0;1;2": normal takes 2 parameters/,
    /parameters\.tsv, line 4, column 'objectivePriorParameters': "zero" \(parameter 1\) is not a finite number/,
    /parameters\.tsv, line 5, column 'objectivePriorParameters': -1: the standard deviation must be positive/,
    /parameters\.tsv, line 6, column 'objectivePriorParameters': 0: the scale must be positive/,
    /parameters\.tsv, line 7, column 'objectivePriorParameters': empty: logNormal needs two parameters/,
    /parameters\.tsv, line 8, column 'objectivePriorParameters': 3;2: the lower bound must be below the upper bound/,
    /parameters\.tsv, line 9, column 'objectivePriorParameters': 6;7: the uniform interval does not overlap the bounds \[0, 5\]/,
    /parameters\.tsv, line 10, column 'initializationPriorParameters': "nan" \(parameter 2\) is not a finite number/,
    // PEtab's default lowerBound;upperBound on log scale with lowerBound 0: an improper interval
    /parameters\.tsv, line 11, column 'objectivePriorParameters': empty, and the default lowerBound;upperBound \(0;5\) is not a finite interval/,
  ];
  for (const w of want) assert.ok(msgs.some((m) => w.test(m)), `${w} in\n${msgs.join('\n')}`);
  assert.equal(msgs.length, want.length, msgs.join('\n'));
  // a prior on a parameter that is not estimated: read, checked and unused (a note)
  const p = toy('k\tlin\t-10\t10\t1\t1\t\t\t\t\nq\tlin\t0\t5\t1\t0\tnormal\t0;1\t\t\n');
  assert.ok(p.notes.some((n) => /objective prior of 'q' is unused \(the parameter is not estimated\)/.test(n)), p.notes.join('\n'));
  assert.equal(p.parameters[1].objectivePrior, undefined);
  assert.equal(evaluatePetab(petabModel(p)).logPrior, 0);
});

test('the fit objective: ½Σ rows² + llh + log-prior does not depend on θ, for every prior type and scale', () => {
  const cases: [string, string, number[]][] = [
    ['lin', 'normal\t1.2;0.3', [0.5, 1.4, 2.5]],
    ['lin', 'parameterScaleNormal\t1.2;0.3', [0.5, 1.4, 2.5]],
    ['log', 'normal\t1.2;0.3', [-0.5, 0.3, 0.9]],
    ['log10', 'parameterScaleNormal\t0.1;0.3', [-0.5, 0.3, 0.9]],
    ['lin', 'laplace\t1.2;0.3', [0.5, 1.4, 2.5]],
    ['log', 'parameterScaleLaplace\t0.1;0.3', [-0.5, 0.3, 0.9]],
    ['log10', 'laplace\t1.2;0.3', [-0.5, 0.3, 0.9]],
    ['lin', 'logNormal\t0.2;0.5', [0.5, 1.4, 2.5]],
    ['log10', 'logNormal\t0.2;0.5', [-0.5, 0.3, 0.9]],
    ['lin', 'logLaplace\t0.2;0.5', [0.5, 1.4, 2.5]],
    ['log', 'logLaplace\t0.2;2', [-0.5, 0.3, 0.9]],
    ['lin', 'logLaplace\t0.2;1', [0.5, 1.4, 2.5]],
  ];
  for (const [scale, prior, thetas] of cases) {
    const pm = petabModel(toy(`k\t${scale}\t0.1\t10\t1\t1\t${prior}\t\t\n`));
    const obj = petabObjective(pm);
    assert.equal(obj.priorRows.length, 1);
    const consts = thetas.map((th) => {
      const r = obj.evaluate(Float64Array.of(th), false).r;
      const ev = evaluatePetab(pm, [th]);
      return 0.5 * r.reduce((a, v) => a + v * v, 0) + ev.llh + ev.logPrior;
    });
    for (const c of consts) assert.ok(Math.abs(c - consts[0]) < 1e-9 * Math.max(1, Math.abs(consts[0])), `${scale} ${prior}: ${consts.join(', ')}`);
    // the prior row's derivative against a central difference
    const th = thetas[1], h = 1e-6;
    const J = obj.evaluate(Float64Array.of(th), true).J!;
    const last = obj.nResiduals - 1;
    const fd = (obj.evaluate(Float64Array.of(th + h), false).r[last] - obj.evaluate(Float64Array.of(th - h), false).r[last]) / (2 * h);
    assert.ok(Math.abs(J[last] - fd) < 1e-6 * Math.max(1, Math.abs(fd)), `${scale} ${prior}: dr/dθ ${J[last]} vs ${fd}`);
  }
  // a uniform prior gives no row but narrows the box
  const u = petabObjective(petabModel(toy('k\tlog10\t0.01\t100\t1\t1\tuniform\t0.1;1000\t\t\n')));
  assert.equal(u.priorRows.length, 0);
  assert.deepEqual([u.lower[0], u.upper[0]], [-1, 2]);
});

test('a strong normal prior pulls the fit to the closed-form posterior mode of a linear-Gaussian problem', async () => {
  // x(t) = k·t, y = 2.3, 3.9, 6.4 at t = 1, 2, 3, σ = 0.5; prior k ~ N(μ, τ²)
  const t = [1, 2, 3], y = [2.3, 3.9, 6.4], s = 0.5;
  const mode = (mu: number, tau: number): number => (t.reduce((a, ti, i) => a + ti * y[i], 0) / s ** 2 + mu / tau ** 2) / (t.reduce((a, ti) => a + ti * ti, 0) / s ** 2 + 1 / tau ** 2);
  const mle = t.reduce((a, ti, i) => a + ti * y[i], 0) / t.reduce((a, ti) => a + ti * ti, 0);
  for (const [mu, tau] of [[1, 0.2], [1, 0.05], [3, 0.1]]) {
    const pm = petabModel(toy(`k\tlin\t-10\t10\t1\t1\tparameterScaleNormal\t${mu};${tau}\t\t\n`));
    const obj = petabObjective(pm);
    const fit = await fitMultiStart(obj, obj.theta0, { starts: 1 });
    assert.ok(fit.converged, fit.message);
    const want = mode(mu, tau);
    assert.ok(Math.abs(fit.theta[0] - want) < 1e-6, `μ ${mu}, τ ${tau}: ${fit.theta[0]} vs ${want} (MLE ${mle})`);
    // pulled from the MLE toward μ
    assert.ok(Math.abs(fit.theta[0] - mu) < Math.abs(mle - mu));
    // the posterior SD of a linear-Gaussian problem is exact from JᵀJ
    const sd = (t.reduce((a, ti) => a + ti * ti, 0) / s ** 2 + 1 / tau ** 2) ** -0.5;
    assert.ok(Math.abs(fit.covariance!.se[0] - sd) < 1e-6 * sd, `SE ${fit.covariance!.se[0]} vs ${sd}`);
  }
  // a lognormal prior on a log-scale parameter: mode of llh + ln π(x) (π's own mode is e^{μ−σ²})
  const pm = petabModel(toy('k\tlog\t0.01\t100\t1\t1\tlogNormal\t0;0.1\t\t\n'));
  const obj = petabObjective(pm);
  const fit = await fitMultiStart(obj, obj.theta0, { starts: 1 });
  // the stationary point of −Σ(k tᵢ − yᵢ)²/2σ² − ln k − (ln k)²/2σ_p² in k, by bisection on its derivative
  const g = (k: number): number => t.reduce((a, ti, i) => a - (k * ti - y[i]) * ti / s ** 2, 0) - 1 / k - Math.log(k) / (0.01 * k);
  let lo = 0.5, hi = 3;
  for (let i = 0; i < 200; i++) { const m = (lo + hi) / 2; if (g(m) > 0) lo = m; else hi = m; }
  assert.ok(Math.abs(Math.exp(fit.theta[0]) - lo) < 1e-6, `${Math.exp(fit.theta[0])} vs ${lo}`);
});

test('initialization priors place the multi-start points (deterministic for a seed, clipped into the bounds)', () => {
  const plain = petabObjective(petabModel(toy('k\tlin\t-10\t10\t1\t1\t\t\t\t\n')));
  // without initialization priors: the fit's own design
  assert.deepEqual(petabStartPoints(plain, 6, 3).map((p) => Array.from(p)), startPoints(plain, plain.theta0, 6, 3).map((p) => Array.from(p)));
  const obj = petabObjective(petabModel(toy('k\tlin\t-10\t10\t1\t1\t\t\tparameterScaleNormal\t4;0.01\n')));
  const a = petabStartPoints(obj, 20, 7), b = petabStartPoints(obj, 20, 7);
  assert.deepEqual(a.map((p) => Array.from(p)), b.map((p) => Array.from(p)));
  assert.equal(a[0][0], 1); // the nominal value first
  for (const p of a.slice(1)) assert.ok(Math.abs(p[0] - 4) < 0.05, `${p[0]}`); // within 5 SD of the prior's mean
  const c = petabObjective(petabModel(toy('k\tlin\t-1\t1\t0\t1\t\t\tnormal\t5;1\n')));
  const pts = petabStartPoints(c, 10, 1).slice(1).map((p) => p[0]);
  assert.ok(pts.every((v) => v >= -1 && v <= 1) && pts.some((v) => v === 1), `clipped: ${pts.join(', ')}`);
});
