/**
 * SolveOptions.record: a recorder (here a DenseRecord) handed every accepted step and segment start,
 * kept across solves (the history a delay equation reads): its quartic through the dense output
 * reproduces the solution between the steps of both solves, and keeps the jump between them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { solve } from '../../src/solver/solve.js';
import { DenseRecord } from '../../src/solver/dense-record.js';
import { bdf } from '../../src/solver/methods/bdf.js';
import { rodas5 } from '../../src/solver/methods/rodas5.js';
import { dopri5 } from '../../src/solver/methods/dopri5.js';
import type { OdeProblem } from '../../src/solver/types.js';

const decay = (t0: number, tEnd: number, y0: number): OdeProblem => ({
  n: 1, t0, tEnd, y0: [y0], f: (_t, y, dy) => { dy[0] = -y[0]; }, jac: (_t, _y, J) => { J[0] = -1; },
});

test('a DenseRecord kept across two solves (a jump between them) interpolates both to the tolerance', () => {
  for (const method of [bdf(), rodas5(), dopri5()]) {
    const rec = new DenseRecord(1);
    const a = solve(decay(0, 1, 1), method, { rtol: 1e-10, atol: 1e-12, record: rec });
    assert.equal(a.code, 'success');
    // the second solve starts from twice the state (an event): the record keeps both sides
    const b = solve(decay(1, 3, 2 * a.yFinal[0]), method, { rtol: 1e-10, atol: 1e-12, record: rec });
    assert.equal(b.code, 'success');
    assert.equal(rec.start, 0);
    assert.equal(rec.end, 3);
    const out = new Float64Array(1);
    for (const t of [0.1, 0.37, 0.9, 1.4, 2.2, 2.95]) {
      const want = t <= 1 ? Math.exp(-t) : 2 * Math.exp(-t);
      rec.evaluate(t, false, out);
      assert.ok(Math.abs(out[0] - want) < 1e-8, `${method.name} y(${t}) = ${out[0]}, expected ${want}`);
    }
    rec.evaluate(1, false, out);
    assert.ok(Math.abs(out[0] - Math.exp(-1)) < 1e-8, 'before the jump');
    rec.evaluate(1, true, out);
    assert.ok(Math.abs(out[0] - 2 * Math.exp(-1)) < 1e-8, 'after the jump');
  }
});
