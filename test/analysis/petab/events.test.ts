/**
 * PEtab problems whose SBML model has events (docs/petab.md, "Events"): a time-triggered dose and a
 * state-triggered refill (test/data/petab-events), simulated values and llh against the analytic
 * solution, a fit that recovers the parameters the data were made with, derivatives by central
 * differences, and what is declined (preequilibration and steady states with events).
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DATA } from '../../helpers/paths.js';
import { readPetabProblem } from '../../../src/node.js';
import { petabFileList, buildPetabProblem, petabModel, evaluatePetab, petabObjective, fitMultiStart, PetabError, formatPetabIssue } from '../../../src/index.js';

const DIR = path.join(DATA, 'petab-events');
const FILE = path.join(DIR, 'problem.yaml');

/** x(t) of the toy: x' = −k x from x0; at t = 2, x += d; whenever x falls below xlow = 0.2, x = 1. */
function analytic(t: number, k: number, x0: number, d: number): number {
  let tc = 0, xc = x0;
  for (;;) {
    const next = Math.min(tc < 2 ? 2 : Infinity, xc > 0.2 ? tc + Math.log(xc / 0.2) / k : Infinity);
    if (t < next) return xc * Math.exp(-k * (t - tc));
    const xe = xc * Math.exp(-k * (next - tc));
    xc = tc < 2 && next === 2 ? xe + d : 1;
    tc = next;
  }
}

test('events in a PEtab problem: the simulated values and the llh are the analytic solution\'s (dose at t = 2, refill when x < 0.2)', () => {
  const pm = petabModel(readPetabProblem(FILE));
  assert.ok(pm.eventModel, 'the model runs with its events');
  for (const [k, dose] of [[0.5, 1], [0.4, 1.5], [0.7, 0.3]]) {
    const ev = evaluatePetab(pm, [Math.log10(k), dose], { rtol: 1e-10, atol: 1e-12 });
    assert.equal(ev.failure, undefined);
    let llh = 0;
    pm.problem.measurements.forEach((m, i) => {
      const x = m.condition === 'c0' ? analytic(m.time, k, 1, dose) : analytic(m.time, k, 2, 0.5);
      assert.ok(Math.abs(ev.simulations[i] - x) < 1e-7, `k ${k}, dose ${dose}, ${m.condition} t ${m.time}: ${ev.simulations[i]} vs ${x}`);
      const r = (x - m.value) / 0.1;
      llh -= 0.5 * Math.log(2 * Math.PI * 0.01) + 0.5 * r * r;
    });
    assert.ok(Math.abs(ev.llh - llh) < 1e-5 * Math.max(1, Math.abs(llh)), `llh ${ev.llh} vs ${llh}`);
  }
});

test('events in a PEtab problem: derivatives by central differences, and a fit recovers the parameters the data were made with', async () => {
  const pm = petabModel(readPetabProblem(FILE));
  const th = [Math.log10(0.45), 1.2];
  const ev = evaluatePetab(pm, th, { gradient: 'forward' });
  assert.deepEqual(ev.methods, ['fd', 'fd']);
  // against a difference of the llh itself (step 1e-3)
  const h = 1e-3;
  for (let i = 0; i < 2; i++) {
    const up = th.slice(), dn = th.slice();
    up[i] += h; dn[i] -= h;
    const fd = (evaluatePetab(pm, up).llh - evaluatePetab(pm, dn).llh) / (2 * h);
    assert.ok(Math.abs(ev.gradient![i] - fd) < 1e-3 * Math.max(1, Math.abs(fd)), `d llh/dθ${i}: ${ev.gradient![i]} vs ${fd}`);
  }
  const obj = petabObjective(pm);
  // the refill makes the objective multimodal (from the nominal point alone the fit ends in a local
  // optimum at k 0.60, dose 2.06): several starts
  const fit = await fitMultiStart(obj, obj.theta0, { starts: 4, seed: 1 });
  assert.ok(fit.converged, fit.message);
  assert.ok(Math.abs(10 ** fit.theta[0] - 0.4) < 1e-5 && Math.abs(fit.theta[1] - 1.5) < 1e-5, `k ${10 ** fit.theta[0]}, dose ${fit.theta[1]}`);
});

test('events in a PEtab problem: preequilibration and steady-state measurements are declined, each with its line', () => {
  const list = petabFileList(fs.readFileSync(FILE, 'utf8'), 'problem.yaml');
  const texts = new Map<string, string>();
  for (const f of ['model.xml', 'conditions.tsv', 'observables.tsv', 'parameters.tsv']) texts.set(f, fs.readFileSync(path.join(DIR, f), 'utf8'));
  texts.set('measurements.tsv', 'observableId\tpreequilibrationConditionId\tsimulationConditionId\ttime\tmeasurement\nobs_x\t\tc0\t1\t0.6\nobs_x\tc0\tc1\t1\t0.6\nobs_x\t\tc0\tinf\t0.6\n');
  let err: PetabError | undefined;
  try { buildPetabProblem('problem.yaml', list, texts); } catch (e) { if (e instanceof PetabError) err = e; else throw e; }
  assert.ok(err);
  const msgs = err.petabIssues.map(formatPetabIssue);
  assert.equal(msgs.length, 2, msgs.join('\n'));
  assert.match(msgs[0], /measurements\.tsv, line 3, column 'preequilibrationConditionId': preequilibration in a model with SBML events \(dose, refill\) is not supported \(declined/);
  assert.match(msgs[1], /measurements\.tsv, line 4, column 'time': a steady-state measurement \(time inf\) in a model with SBML events \(dose, refill\) is not supported \(declined/);
});
