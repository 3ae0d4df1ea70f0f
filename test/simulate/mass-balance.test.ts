/**
 * Mass balance of the Dutta & Layton 2024 model through the scenario runner: for Mg and Ca,
 * change in all pools = ∫ intake − ∫ faecal − ∫ urinary − ∫ flux into the (fixed) slow bone pool,
 * closed to ≤ 1e-9 relative to the element's total intake over the run, in every built-in scenario.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runScenario } from '../../src/builtin/index.js';
import { ROOT } from '../helpers/paths.js';

const ELEMENTS = ['Mg', 'Ca'];
const TERMS = ['intake', 'faecal_excretion', 'urinary_excretion', 'slow_pool_clamp_flux'];
const scenarios = fs.readdirSync(path.join(ROOT, 'scenarios')).filter((f) => f.startsWith('dl-') && f.endsWith('.json'));

for (const file of scenarios) {
  test(`mass balance closes in ${file}`, () => {
    const input = JSON.parse(fs.readFileSync(path.join(ROOT, 'scenarios', file), 'utf8'));
    input.solver = { rtol: 1e-11, atol: 1e-15 };
    const integrate = ELEMENTS.flatMap((el) => TERMS.map((t) => `${el}_${t}`));
    const r = runScenario(input, { integrate });
    assert.equal(r.code, 'success', r.message);
    const n = r.time.length - 1;
    assert.equal(r.time[0], 0);
    for (const el of ELEMENTS) {
      const body = r.column(`${el}_body_content`);
      const [intake, faecal, urine, clamp] = TERMS.map((t) => r.column(`int_${el}_${t}`)[n]);
      const change = body[n] - body[0];
      const net = intake - faecal - urine - clamp;
      const rel = Math.abs(change - net) / Math.abs(intake);
      assert.ok(Math.abs(change) > 1e-6 * Math.abs(intake) || file.includes('x1'), `${el}: the scenario should move the pools`);
      assert.ok(rel <= 1e-9, `${el}: Δpools ${change} vs intake−out ${net}: relative imbalance ${rel.toExponential(2)} > 1e-9`);
    }
  });
}
