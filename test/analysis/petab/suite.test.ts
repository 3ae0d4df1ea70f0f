/**
 * The PEtab test suite's v1 SBML cases (PEtab-dev/petab_test_suite, petabtests/cases/v1.0.0/sbml/,
 * commit bc28d0a1, BSD-3-Clause; vendored in test/data/petab-test-suite with its licence): every
 * case's llh and chi2 at the nominal parameters against `_NNNN_solution.yaml`, to the case's own
 * tolerances (tol_llh, tol_chi2), and the simulated values against `_simulations.tsv` (tol_simulations).
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { DATA } from '../../helpers/paths.js';
import { readPetabProblem } from '../../../src/node.js';
import { petabModel, evaluatePetab } from '../../../src/index.js';

const DIR = path.join(DATA, 'petab-test-suite');
const cases = fs.readdirSync(DIR).filter((d) => /^\d{4}$/.test(d)).sort();

test('the 20 v1 SBML cases are vendored', () => {
  assert.equal(cases.length, 20);
});

for (const c of cases) {
  test(`PEtab test suite case ${c}: llh, chi2 and simulations to the case's tolerances`, () => {
    const sol = YAML.parse(fs.readFileSync(path.join(DIR, c, `_${c}_solution.yaml`), 'utf8')) as { llh: number; chi2: number; tol_llh: number; tol_chi2: number; tol_simulations: number };
    const pm = petabModel(readPetabProblem(path.join(DIR, c, `_${c}.yaml`)));
    const ev = evaluatePetab(pm);
    assert.equal(ev.failure, undefined);
    assert.ok(Math.abs(ev.llh - sol.llh) <= sol.tol_llh, `llh ${ev.llh} vs ${sol.llh} (tol ${sol.tol_llh})`);
    assert.ok(Math.abs(ev.chi2 - sol.chi2) <= sol.tol_chi2, `chi2 ${ev.chi2} vs ${sol.chi2} (tol ${sol.tol_chi2})`);
    // the simulation table lists the measurements in the same order as the measurement table
    const sims = fs.readFileSync(path.join(DIR, c, '_simulations.tsv'), 'utf8').trim().split('\n');
    const col = sims[0].split('\t').indexOf('simulation');
    const expected = sims.slice(1).map((l) => Number(l.split('\t')[col]));
    assert.equal(expected.length, ev.simulations.length);
    expected.forEach((x, i) => assert.ok(Math.abs(ev.simulations[i] - x) <= sol.tol_simulations, `measurement ${i}: ${ev.simulations[i]} vs ${x}`));
  });
}
