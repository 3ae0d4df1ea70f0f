/**
 * The browser-safe formatting (src/simulate/format.ts) must produce what the CLI writes: the web
 * app's CSV/JSON downloads and summary table are only trustworthy if they equal `magbone simulate`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runScenario } from '../../src/builtin/index.js';
import { toCSV, toJSON, summaryRows } from '../../src/simulate/format.js';
import * as cli from '../../src/cli/output.js';
import { summary } from '../../src/cli/simulate.js';

const scenario = {
  model: 'peterson-riggs-2010', duration: '30 d', output: { every: '24 h' },
  doses: [{ cmt: 'TERISC', amt: '20 ug', time: '12 h', ii: '24 h', addl: 29 }],
};

test('format.toCSV and toJSON equal the CLI output module', () => {
  const r = runScenario(scenario);
  assert.equal(r.code, 'success');
  assert.equal(toCSV(r), cli.toCSV(r));
  assert.equal(toCSV(r, { timeScale: 24, columns: ['CaConc', 'PTHconc'] }), cli.toCSV(r, { timeScale: 24, columns: ['CaConc', 'PTHconc'] }));
  assert.equal(toJSON(r, { timeScale: 24, timeUnit: 'd' }), cli.toJSON(r, { timeScale: 24, timeUnit: 'd' }));
});

test('summaryRows carries the same start/end/change strings as the CLI summary', () => {
  const r = runScenario(scenario);
  const keys = ['PTHconc', 'CaConc', 'CalcitriolConc', 'BSAP', 'sCTx', 'PTmax'];
  const text = summary(r, 1, 'h').split('\n').slice(2);
  const rows = summaryRows(r, keys);
  assert.equal(rows.length, keys.length);
  rows.forEach((row, i) => {
    const cells = text[i].trim().split(/\s+/);
    assert.deepEqual(cells, [row.output, row.unit, row.start, row.end, row.change].filter((s) => s !== ''));
  });
  // the change must be real: teriparatide moves PTH
  assert.notEqual(rows[0].start, rows[0].end);
});
