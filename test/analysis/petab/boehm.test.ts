/**
 * Boehm et al. 2014 (J Proteome Res 13:5685) from the PEtab benchmark collection
 * (Benchmarking-Initiative/Benchmark-Models-PEtab, commit 4d208508, BSD-3-Clause; vendored in
 * test/data/petab-benchmark with its licence): the log-likelihood at the nominal parameters against
 * the value AMICI reports in its benchmark tests, −138.22199693517703 (same sign and factor
 * convention: llh = −Σ[½·ln(2πσ²) + ½·r²]), and the gradient from forward sensitivities against
 * central differences.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { DATA } from '../../helpers/paths.js';
import { readPetabProblem } from '../../../src/node.js';
import { petabModel, evaluatePetab, nominalTheta, petabObjective } from '../../../src/index.js';

const FILE = path.join(DATA, 'petab-benchmark', 'Boehm_JProteomeRes2014', 'Boehm_JProteomeRes2014.yaml');
const AMICI_LLH = -138.22199693517703;
const pm = petabModel(readPetabProblem(FILE));

test('Boehm_JProteomeRes2014: llh at the nominal parameters equals AMICI\'s to 1e-6 relative', () => {
  const ev = evaluatePetab(pm);
  assert.equal(ev.failure, undefined);
  assert.ok(Math.abs(ev.llh - AMICI_LLH) <= 1e-6 * Math.abs(AMICI_LLH), `llh ${ev.llh} vs ${AMICI_LLH}`);
});

/** Central differences of llh in θ with Richardson extrapolation (error O(h⁴)), at a tight tolerance. */
function fdGradient(theta: Float64Array, h: number): number[] {
  const opt = { rtol: 1e-12, atol: 1e-14 };
  const d = (k: number, step: number): number => {
    const a = theta.slice(), b = theta.slice();
    a[k] += step; b[k] -= step;
    return (evaluatePetab(pm, a, opt).llh - evaluatePetab(pm, b, opt).llh) / (2 * step);
  };
  return Array.from(theta, (_, k) => (4 * d(k, h / 2) - d(k, h)) / 3);
}

for (const [name, shift] of [['the nominal parameters', 0], ['a point 0.05 away on each log10 axis', 0.05]] as const) {
  test(`Boehm_JProteomeRes2014: the forward-sensitivity gradient of llh matches central differences at ${name}`, () => {
    const theta = nominalTheta(pm).map((x, k) => x + (k % 2 ? shift : -shift));
    const fwd = evaluatePetab(pm, theta, { gradient: 'forward', rtol: 1e-12, atol: 1e-14 });
    assert.deepEqual(fwd.methods, ['forward']);
    const fd = fdGradient(theta, 2e-4);
    const scale = Math.max(...fd.map(Math.abs));
    fd.forEach((x, k) => assert.ok(Math.abs(fwd.gradient![k] - x) <= 1e-3 * scale, `${pm.problem.parameters[pm.estimated[k]].id}: forward ${fwd.gradient![k]} vs differences ${x}`));
  });
}

test('Boehm_JProteomeRes2014: the least-squares objective is −llh + const, with its Jacobian consistent with the gradient', () => {
  const obj = petabObjective(pm);
  assert.equal(obj.sigmaRows.length, 48, 'every σ is an estimated parameter');
  const theta = nominalTheta(pm);
  const a = obj.evaluate(theta, true);
  const shifted = theta.map((x, k) => x + (k === 0 ? 0.1 : 0));
  const b = obj.evaluate(shifted, false);
  const half = (r: Float64Array): number => 0.5 * r.reduce((s, x) => s + x * x, 0);
  const dl = evaluatePetab(pm, shifted).llh - evaluatePetab(pm, theta).llh;
  assert.ok(Math.abs((half(b.r) - half(a.r)) + dl) <= 1e-8 * Math.abs(dl), 'Δ(½‖r‖²) = −Δllh');
  // −d llh/dθ = Jᵀr
  const g = evaluatePetab(pm, theta, { gradient: 'forward' }).gradient!;
  const ne = obj.params.length;
  for (let k = 0; k < ne; k++) {
    let jr = 0;
    for (let i = 0; i < obj.nResiduals; i++) jr += a.J![i * ne + k] * a.r[i];
    assert.ok(Math.abs(jr + g[k]) <= 1e-9 * (1 + Math.abs(g[k])), `${obj.params[k]}: Jᵀr ${jr} vs −gradient ${-g[k]}`);
  }
});
