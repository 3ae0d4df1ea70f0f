/**
 * Baseline drift over 10 years, no larger than the references' own: the published initial states of
 * Peterson–Riggs and OpenBoneMin are not exact steady states (bone Ca, Q + Qbone, is a pure
 * integrator), so the authors' own runs drift a little (test/data/reference/*_drift.csv,
 * `max_abs_rel_drift` per state over the reference's output grid). On the same grid, ours must not
 * drift more than theirs, up to the precision the reference itself carries: its solver ran at
 * rtol 1e-10 (Peterson–Riggs, lsoda) or 1e-8 (OpenBoneMin, mrgsolve), so a drift value is known to
 * about that, absolutely: slack 1e-8 (relative-drift units) plus 1e-4 of the drift. A state that
 * starts at 0 is judged by its absolute change.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { readData } from '../helpers/paths.js';
import { runScenario } from '../../src/builtin/index.js';
import { parseCsv } from '../../src/analysis/reference.js';


const CASES = [
  { model: 'peterson-riggs-2010', grid: 'peterson-riggs/nodrug_10y.csv', time: 'time', drift: 'peterson-riggs/nodrug_10y_drift.csv' },
  { model: 'openbonemin', grid: 'openbonemin/baseline_10y_monthly.csv', time: 'time_h', drift: 'openbonemin/baseline_10y_drift.csv' },
];

for (const c of CASES) {
  test(`${c.model}: 10-year baseline drift per state is no larger than the reference's`, () => {
    const grid = parseCsv(readData(`reference/${c.grid}`));
    const ti = grid.header.indexOf(c.time);
    const times = grid.rows.map((r) => r[ti]);
    const run = runScenario({ model: c.model, duration: `${times[times.length - 1]} h`, output: { times }, solver: { rtol: 1e-10, atol: 1e-10 } });
    assert.equal(run.code, 'success', run.message);
    const lines = readData(`reference/${c.drift}`).trim().split('\n');
    const header = lines[0].split(',').map((h) => h.replace(/"/g, ''));
    const di = header.indexOf('max_abs_rel_drift');
    let checked = 0;
    for (const line of lines.slice(1)) {
      const cells = line.split(',');
      const name = cells[0].replace(/"/g, '');
      const refDrift = Number(cells[di]);
      if (!Number.isFinite(refDrift)) continue; // NA: state starts at 0 (e.g. an empty dose depot)
      const col = run.columns.find((k) => k.name === name && k.kind === 'state');
      if (!col) continue;
      const x0 = col.values[0];
      let ours = 0;
      for (const v of col.values) ours = Math.max(ours, x0 === 0 ? Math.abs(v) : Math.abs(v - x0) / Math.abs(x0));
      assert.ok(ours <= refDrift * (1 + 1e-4) + 1e-8, `${name}: our drift ${ours.toExponential(3)} > reference ${refDrift.toExponential(3)}`);
      checked++;
    }
    assert.ok(checked >= 25, `checked ${checked} states`);
  });
}
