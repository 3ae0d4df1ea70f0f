/**
 * d llh/dθ on the PEtab test-suite problems (vendored, see test/data/README.md) against central
 * differences: the forward path (sensitivities of the model parameters that carry estimated
 * parameters, chained through placeholders, σ, the log/log10 transformations and estimated initial
 * values) and the difference fallback (preequilibration). And the laplace likelihood's form.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DATA } from '../../helpers/paths.js';
import { readPetabProblem } from '../../../src/node.js';
import { petabModel, evaluatePetab, nominalTheta, type PetabModel } from '../../../src/index.js';

const load = (c: string): PetabModel => petabModel(readPetabProblem(path.join(DATA, 'petab-test-suite', c, `_${c}.yaml`)));
const OPT = { rtol: 1e-12, atol: 1e-14 };

function fd(pm: PetabModel, theta: Float64Array, h = 1e-4): number[] {
  return Array.from(theta, (_, k) => {
    const a = theta.slice(), b = theta.slice();
    a[k] += h; b[k] -= h;
    return (evaluatePetab(pm, a, OPT).llh - evaluatePetab(pm, b, OPT).llh) / (2 * h);
  });
}

// 0006 time-specific observable parameters, 0007 log10, 0013 parametric initial value, 0015 parametric
// noise, 0016 log, 0019 an estimated initial value on log10 scale; preequilibration: 0009 (a0, b0 act
// only through the preequilibrated state), 0010 and 0017 (partial re-initialisation), 0018 (rate rules)
for (const [c, method] of [['0006', 'forward'], ['0007', 'forward'], ['0013', 'forward'], ['0015', 'forward'], ['0016', 'forward'], ['0019', 'forward'],
  ['0009', 'forward'], ['0010', 'forward'], ['0017', 'forward'], ['0018', 'forward']] as const) {
  test(`case ${c}: the ${method} gradient of llh agrees with central differences`, () => {
    const pm = load(c);
    // away from the nominal point so that every component matters
    const theta = nominalTheta(pm).map((x, k) => x * (1 + 0.1 * (k % 2 ? 1 : -1)) + 0.01);
    const ev = evaluatePetab(pm, theta, { ...OPT, gradient: 'forward' });
    assert.equal(ev.failure, undefined);
    assert.ok(ev.methods!.every((m) => m === method), `methods ${ev.methods}`);
    const ref = fd(pm, theta);
    // the difference fallback gives the same
    const viaFd = evaluatePetab(pm, theta, { ...OPT, gradient: 'fd' });
    assert.ok(viaFd.methods!.every((m) => m === 'fd'));
    const scale = Math.max(1e-6, ...ref.map(Math.abs));
    ref.forEach((x, k) => assert.ok(Math.abs(ev.gradient![k] - x) <= 1e-5 * scale, `${pm.problem.parameters[pm.estimated[k]].id}: ${ev.gradient![k]} vs ${x}`));
    ref.forEach((x, k) => assert.ok(Math.abs(viaFd.gradient![k] - x) <= 1e-5 * scale, `fd fallback, ${k}: ${viaFd.gradient![k]} vs ${x}`));
  });
}

test('a steady-state measurement (time inf): the analytic steady state, and its forward gradient', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'magbone-petab-inf-'));
  const src = path.join(DATA, 'petab-test-suite', '0001');
  for (const f of fs.readdirSync(src)) fs.copyFileSync(path.join(src, f), path.join(dir, f));
  fs.writeFileSync(path.join(dir, '_measurements.tsv'), 'observableId\tsimulationConditionId\ttime\tmeasurement\nobs_a\tc0\t0\t0.7\nobs_a\tc0\t10\t0.1\nobs_a\tc0\tinf\t0.5\n');
  const pm = petabModel(readPetabProblem(path.join(dir, '_0001.yaml')));
  // A <=> B: A_ss = k2/(k1 + k2)·(a0 + b0), nominal a0 = 1, b0 = 0, k1 = 0.8, k2 = 0.6
  const ev = evaluatePetab(pm, undefined, OPT);
  assert.ok(Math.abs(ev.simulations[2] - 0.6 / 1.4) < 1e-8, `A_ss ${ev.simulations[2]}`);
  const theta = nominalTheta(pm).map((x) => x + 0.1);
  const g = evaluatePetab(pm, theta, { ...OPT, gradient: 'forward' });
  assert.deepEqual(g.methods, ['forward']);
  const ref = fd(pm, theta);
  ref.forEach((x, k) => assert.ok(Math.abs(g.gradient![k] - x) <= 1e-5 * Math.max(...ref.map(Math.abs)), `${k}: ${g.gradient![k]} vs ${x}`));
});

test('laplace noise: llh = −Σ[ln(2σ) + |r|], chi2 = Σr²; the gradient agrees with differences', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'magbone-petab-laplace-'));
  const src = path.join(DATA, 'petab-test-suite', '0007');
  for (const f of fs.readdirSync(src)) fs.copyFileSync(path.join(src, f), path.join(dir, f));
  fs.writeFileSync(path.join(dir, '_observables.tsv'), 'observableId\tobservableFormula\tobservableTransformation\tnoiseFormula\tnoiseDistribution\nobs_a\tA\tlin\t0.5\tlaplace\nobs_b\tB\tlog\t0.6\tlaplace\n');
  const pm = petabModel(readPetabProblem(path.join(dir, '_0007.yaml')));
  const normal = load('0007');
  const ev = evaluatePetab(pm, undefined, OPT), en = evaluatePetab(normal, undefined, OPT);
  // same simulations as the normal problem; residuals on the transformed scale
  const m = [0.2, 0.8], s = [0.5, 0.6];
  const r = [(en.simulations[0] - m[0]) / s[0], (Math.log(en.simulations[1]) - Math.log(m[1])) / s[1]];
  const llh = -(Math.log(2 * s[0]) + Math.abs(r[0])) - (Math.log(2 * s[1]) + Math.abs(r[1]) + Math.log(m[1]));
  assert.ok(Math.abs(ev.llh - llh) < 1e-12, `${ev.llh} vs ${llh}`);
  assert.ok(Math.abs(ev.chi2 - (r[0] ** 2 + r[1] ** 2)) < 1e-12);
  const theta = nominalTheta(pm).map((x) => x + 0.05);
  const g = evaluatePetab(pm, theta, { ...OPT, gradient: 'forward' }).gradient!;
  const ref = fd(pm, theta);
  ref.forEach((x, k) => assert.ok(Math.abs(g[k] - x) <= 1e-5 * Math.max(...ref.map(Math.abs)), `${k}: ${g[k]} vs ${x}`));
});

test('a parameter set by an initial assignment follows the parameters it reads (here b0 from the parameter table)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'magbone-petab-ia-'));
  const src = path.join(DATA, 'petab-test-suite', '0001');
  for (const f of fs.readdirSync(src)) fs.copyFileSync(path.join(src, f), path.join(dir, f));
  // half_b0 := b0 / 2 (SBML b0 = 1, the table's b0 = 0), and B(0) := 2·half_b0: B(0) must be 0, as in the case
  const xml = fs.readFileSync(path.join(src, '_model.xml'), 'utf8')
    .replace('<listOfParameters>', '<listOfParameters>\n      <parameter id="half_b0" value="7" constant="true"/>')
    .replace(/<initialAssignment symbol="B">[\s\S]*?<\/initialAssignment>/, '<initialAssignment symbol="B"><math xmlns="http://www.w3.org/1998/Math/MathML"><apply><times/><cn>2</cn><ci>half_b0</ci></apply></math></initialAssignment>'
      + '<initialAssignment symbol="half_b0"><math xmlns="http://www.w3.org/1998/Math/MathML"><apply><divide/><ci>b0</ci><cn>2</cn></apply></math></initialAssignment>');
  assert.ok(xml.includes('half_b0'));
  fs.writeFileSync(path.join(dir, '_model.xml'), xml);
  const ev = evaluatePetab(petabModel(readPetabProblem(path.join(dir, '_0001.yaml'))));
  assert.ok(Math.abs(ev.llh - -0.84750169713188) < 1e-6, `llh ${ev.llh}`);
});
