/**
 * SBML round trip: fromSBML(toSBML(spec)) gives back the same model, for every registered model
 * and the feature fixture.
 *
 * - Everything that is data (ids, names, units, values, descriptions, sources, bounds, switches
 *   with evidence, dose targets, references, assumptions, state order) must be equal exactly.
 * - Expressions come back from MathML, so their text may differ (if(c, a, b) reads back as
 *   piecewise(a, c, b); a comparison used as a number as piecewise(1, c, 0)): each must evaluate
 *   to exactly the same number as the original at random values of its names (NaN equal to NaN).
 * - Both specs are compiled by compileModel and solved by Rodas5 with the same settings; the
 *   trajectories must agree to 1e-10 relative to each state's largest magnitude over the run
 *   (the normalisation keeps states that cross zero meaningful).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toSBML, fromSBML } from '../../src/model/sbml/index.js';
import { compileModel } from '../../src/model/index.js';
import { solve, rodas5 } from '../../src/solver/index.js';
import { modelEntries } from '../../src/models/index.js';
import type { ModelSpec } from '../../src/model/spec.js';
import { featureModel } from './sbml-fixture-model.js';
import { assertSameModel, expressions } from './sbml-compare.js';

const models: ModelSpec[] = [...modelEntries().map((e) => e.spec), featureModel];

/** Simulated span per model, in its own time unit: long enough to move every state, short enough to stay fast. */
const SPAN: Record<string, number> = { h: 24 * 14, min: 24 * 60, d: 30 };

for (const spec of models) {
  test(`SBML round trip of ${spec.id}: data exact, expressions evaluate identically`, () => {
    const compared = assertSameModel(fromSBML(toSBML(spec)), spec);
    assert.ok(compared >= expressions(spec).length * 8);
  });

  test(`SBML round trip of ${spec.id}: compiled trajectories agree to 1e-10`, (t) => {
    const m1 = compileModel(spec), m2 = compileModel(fromSBML(toSBML(spec)));
    assert.deepEqual(m2.stateNames, m1.stateNames);
    const tEnd = SPAN[spec.timeUnit] ?? 100;
    const tOut = Float64Array.from({ length: 41 }, (_, k) => (tEnd * k) / 40);
    const run = (m: typeof m1) => {
      const p = m.params();
      const sol = solve(m.problem({ p, y0: m.initialState(p), t0: 0, tEnd }), rodas5(), { rtol: 1e-8, atol: 1e-12, tOut });
      assert.equal(sol.code, 'success', `${spec.id}: ${sol.message}`);
      return sol;
    };
    const s1 = run(m1), s2 = run(m2);
    let worst = 0, where = '';
    m1.stateNames.forEach((name, i) => {
      const scale = Math.max(...s1.y[i].map(Math.abs), 1e-300);
      for (let k = 0; k < tOut.length; k++) {
        const e = Math.abs(s1.y[i][k] - s2.y[i][k]) / scale;
        if (!(e <= worst)) { worst = e; where = `${name} at t=${tOut[k]}`; }
      }
    });
    t.diagnostic(`${spec.id}: largest difference ${worst.toExponential(2)}${where ? ` (${where})` : ''}, ${s1.stats.steps} steps`);
    assert.ok(worst <= 1e-10, `${spec.id}: trajectories differ by ${worst} (relative to each state's largest magnitude) at ${where}`);
    const moved = m1.stateNames.filter((_, i) => s1.y[i][0] !== s1.y[i][tOut.length - 1]).length;
    assert.ok(moved > 0, `${spec.id}: no state moved over the run, the comparison would be empty`);
  });
}
