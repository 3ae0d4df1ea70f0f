/**
 * Peterson & Riggs 2010 against the authors' own R/deSolve code (test/data/reference/peterson-riggs:
 * lsoda, rtol = atol = 1e-10). Every state and response at every output time must lie within 1e-4
 * relative of the reference (absolute floor 1e-9 × the column's largest magnitude). At a dose
 * instant the reference row holds the state before the dose (deSolve), and so do ours.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readData } from '../helpers/paths.js';
import { compileModel } from '../../src/model/index.js';
import { validateScenario, type ScenarioInput } from '../../src/simulate/scenario.js';
import { simulate, type SimulationResult } from '../../src/simulate/run.js';
import { petersonRiggs2010, PR_STATE_ORDER } from '../../src/models/peterson-riggs-2010/index.js';

const RTOL = 1e-4;
const FLOOR = 1e-9;

interface Table { header: string[]; rows: number[][] }

function readCsv(rel: string): Table {
  const lines = readData(rel).trim().split('\n');
  const header = lines[0].split(',').map((h) => h.replace(/"/g, ''));
  return { header, rows: lines.slice(1).map((l) => l.split(',').map(Number)) };
}

/** Worst relative deviation per column, and overall. */
function compare(ref: Table, res: SimulationResult): { worst: number; where: string; perColumn: Map<string, number> } {
  const time = ref.rows.map((r) => r[0]);
  assert.equal(res.time.length, time.length, 'one output row per reference row');
  time.forEach((t, k) => assert.ok(Math.abs(res.time[k] - t) <= 1e-12 * Math.max(1, t), `output time ${res.time[k]} vs ${t}`));
  const perColumn = new Map<string, number>();
  let worst = 0, where = '';
  ref.header.forEach((name, c) => {
    if (name === 'time') return;
    const ours = res.column(name);
    const scale = Math.max(...ref.rows.map((r) => Math.abs(r[c])));
    let w = 0;
    ref.rows.forEach((r, k) => {
      const d = Math.abs(ours[k] - r[c]) / Math.max(Math.abs(r[c]), FLOOR * scale, Number.MIN_VALUE);
      if (d > w) w = d;
      if (d > worst) { worst = d; where = `${name} at t = ${r[0]} h (ours ${ours[k]}, reference ${r[c]})`; }
    });
    perColumn.set(name, w);
  });
  return { worst, where, perColumn };
}

const model = compileModel(petersonRiggs2010);

function run(input: Omit<ScenarioInput, 'model'>): SimulationResult {
  const { scenario, issues } = validateScenario({ model: 'peterson-riggs-2010', ...input }, model);
  assert.deepEqual(issues, []);
  const res = simulate(model, scenario!);
  assert.equal(res.code, 'success', res.message);
  return res;
}

const SOLVER = { method: 'rodas', rtol: 1e-10, atol: 1e-12 } as const;

test('states, observables and parameters are those of the authors\' code', () => {
  const ref = JSON.parse(readData('reference/params/peterson-riggs.json')) as {
    state_order: string[]; parameters: Record<string, { value: number; derived?: string }>;
  };
  assert.deepEqual(model.stateNames, ref.state_order);
  assert.deepEqual([...model.stateNames], [...PR_STATE_ORDER]);
  assert.deepEqual(model.observableNames, ['PTHpM', 'PTHconc', 'BSAP', 'sCTx', 'CaConc', 'CalcitriolConc']);
  // every parameter the solver received, by name and value; the three the R code derives are rules here
  const rules = new Float64Array(model.ruleNames.length);
  model.ruleValues!(0, model.initialState(), model.p, rules);
  for (const [name, { value }] of Object.entries(ref.parameters)) {
    const spec = petersonRiggs2010.parameters[name];
    if (spec) {
      assert.equal(spec.value, value, `parameter ${name}`);
      assert.ok(spec.unit.length > 0 && spec.description.length > 0 && spec.source.startsWith('ref:peterson2010'), `annotations of ${name}`);
    } else {
      assert.ok(['M0', 'TGFB0', 'TGFBact0'].includes(name), `parameter ${name} missing`);
      assert.equal(rules[model.ruleNames.indexOf(name)], value, `derived ${name}`);
    }
  }
});

test('initial state equals the reference t = 0 row', () => {
  const ref = readCsv('reference/peterson-riggs/nodrug_10y.csv');
  const y0 = model.initialState();
  model.stateNames.forEach((name, i) => {
    const v = ref.rows[0][ref.header.indexOf(name)];
    // the CSV carries 15 significant digits
    assert.ok(Math.abs(y0[i] - v) <= 1e-14 * Math.abs(v), `${name}: ${y0[i]} vs ${v}`);
  });
});

test('teriparatide: 20 ug is 20e6/4117.8 pmol into TERISC', () => {
  const { scenario } = validateScenario({ model: 'peterson-riggs-2010', duration: '1 d', doses: [{ cmt: 'TERISC', amt: '20 ug' }] }, model);
  assert.ok(Math.abs(scenario!.doses[0].amt - 20e6 / 4117.8) <= 1e-12 * 4856.96);
});

const cases: { file: string; input: Omit<ScenarioInput, 'model'> }[] = [
  { file: 'nodrug_10y.csv', input: { duration: '87660 h' } },
  {
    file: 'teri20_4d.csv',
    input: { duration: '96 h', doses: [{ cmt: 'TERISC', amt: '20 ug', time: '12 h', ii: '24 h', addl: 3 }], output: { atDose: 'before' } },
  },
  { file: 'ptmax_half_2y.csv', input: { duration: '17520 h', initial: { PTmax: 0.5 } } },
];

for (const c of cases) {
  test(`reproduces ${c.file} within ${RTOL} relative`, (t) => {
    const ref = readCsv(`reference/peterson-riggs/${c.file}`);
    const res = run({ ...c.input, output: { ...(c.input.output ?? {}), times: ref.rows.map((r) => r[0]) }, solver: SOLVER });
    const { worst, where } = compare(ref, res);
    t.diagnostic(`${c.file}: max relative deviation ${worst.toExponential(2)} (${where}); ${res.stats.steps} steps, ${res.ms.toFixed(0)} ms`);
    assert.ok(worst <= RTOL, `max deviation ${worst} at ${where}`);
  });
}
