/**
 * Model-level benchmark (not a test): the published models' standard runs through the scenario
 * layer, timed in-process (median solve time after warm-up; validation, compilation and I/O
 * excluded), with accuracy against the references vendored in test/data/reference, and the ratio to the
 * peers' figures recorded on this machine kind in bench/peers/models.md (left out, with a
 * note, when bench/peers/models.md is absent) (mrgsolve for
 * OpenBoneMin, GNU Octave ode15s for Dutta & Layton; neither can run from this project).
 *
 * Run: npm run bench:models
 */
import fs from 'node:fs';
import path from 'node:path';
import { prepareScenario } from '../src/builtin/index.js';
import { simulate, SimulationResult } from '../src/simulate/run.js';
import { parseCsv, compareWithReference, Deviation } from '../src/analysis/reference.js';
import { DATA, readData } from '../test/helpers/paths.js';
import { PEERS } from './peers.js';

interface Case {
  name: string;
  scenario: Record<string, unknown>;
  /** Peer row label in perfref/models.md and how to read its time (ms). */
  peer?: { label: RegExp; file: 'models.md'; unit: 'ms' | 's' };
  target?: number;
  reference?: { file: string; timeColumn: string; rename?: Record<string, string>; skip?: (row: number[], header: string[]) => boolean; floor?: number };
  /** Compare against our own run at 1e-10 (when no reference file exists for this case). */
  selfReference?: boolean;
}

const PEER_FILE = path.join(PEERS, 'models.md');
/** The peers' recorded timings, or '' (no ratios) when bench/peers/models.md is not there. */
const peerText = fs.existsSync(PEER_FILE) ? fs.readFileSync(PEER_FILE, 'utf8') : '';
function peerMs(label: RegExp, unit: 'ms' | 's'): number | undefined {
  for (const line of peerText.split('\n')) {
    if (!line.startsWith('|') || !label.test(line)) continue;
    const cells = line.split('|').map((c) => c.trim());
    const v = Number(cells[2].replace(/,/g, '').replace(/ s$/, ''));
    if (Number.isFinite(v)) return unit === 's' ? v * 1000 : v;
  }
  return undefined;
}

const OBM_REF = 'reference/openbonemin';
const DL_REF = 'reference/dutta-layton';
const dlRename: Record<string, string> = {
  PTH_g_pmol: 'PTH_g', PTH_p_pmol: 'PTH_p', D3_p_pmol: 'D3_p', Mg_p_mmol: 'Mg_p', Ca_p_mmol: 'Ca_p',
  NCa_f_mmol: 'NCa_f', NCa_s_mmol: 'NCa_s', NMg_f_mmol: 'NMg_f', NMg_s_mmol: 'NMg_s',
  PTHp_pmol_per_L: 'PTHp', D3p_pmol_per_L: 'D3p', Mgp_mM: 'Mgp', Cap_mM: 'Cap',
};
const skipT0 = (row: number[], header: string[]) => row[header.indexOf('time_h')] === 0;

function dailyTimes(endH: number): number[] { const t: number[] = []; for (let h = 0; h <= endH; h += 24) t.push(h); return t; }

const CASES: Case[] = [
  {
    name: 'openbonemin baseline 10 y, monthly, 1e-8',
    scenario: { model: 'openbonemin', duration: '87660 h', output: { every: '730.5 h' }, solver: { rtol: 1e-8, atol: 1e-8 } },
    peer: { label: /baseline, 10 y, monthly output/, file: 'models.md', unit: 'ms' }, target: 2,
    reference: { file: path.posix.join(OBM_REF, 'baseline_10y_monthly.csv'), timeColumn: 'time_h' },
  },
  {
    name: 'openbonemin teriparatide 20 ug daily, 1 y, daily, 1e-8',
    scenario: { model: 'openbonemin', duration: '8760 h', output: { every: '24 h', atDose: 'after' }, doses: [{ cmt: 'TERISC', amt: '20 ug', time: 0, ii: '24 h', addl: 364 }], solver: { rtol: 1e-8, atol: 1e-8 } },
    peer: { label: /teriparatide 20 µg daily, 1 y, daily output/, file: 'models.md', unit: 'ms' }, target: 40,
    selfReference: true,
  },
  {
    name: 'openbonemin denosumab 60 mg q4032h x4, daily, 1e-8',
    scenario: { model: 'openbonemin', duration: '20160 h', output: { times: dailyTimes(20160), atDose: 'after' }, doses: [{ cmt: 'DENSC', amt: '60 mg', time: 0, ii: '4032 h', addl: 3 }], solver: { rtol: 1e-8, atol: 1e-8 } },
    peer: { label: /denosumab 60 mg every 4032 h × 4, daily output/, file: 'models.md', unit: 'ms' }, target: 5,
    reference: { file: path.posix.join(OBM_REF, 'denos60_q6m_4doses_daily_tol1e-10.csv'), timeColumn: 'time_h', skip: skipT0 },
  },
  {
    name: 'openbonemin sim_teri(dose=20, dur=27): 28 daily doses, 0.1 h grid, 1e-8',
    scenario: { model: 'openbonemin', duration: '672 h', output: { every: '0.1 h', atDose: 'after' }, doses: [{ cmt: 'TERISC', amt: '20 ug', time: 0, ii: '24 h', addl: 27 }], solver: { rtol: 1e-8, atol: 1e-8 } },
    peer: { label: /sim_teri\(dose=20, dur=27\)/, file: 'models.md', unit: 'ms' },
    // the reference is mrgsolve's own run at 1e-8: the deviation is the two solvers' difference;
    // floor 1e-6 x each column's maximum, so that BMDlsDENchange (0 at the start) is not divided by ~0
    reference: { file: path.posix.join(OBM_REF, 'teri20_qd_28d_simteri.csv'), timeColumn: 'time_h', floor: 1e-6, skip: (row, header) => row[header.indexOf('time_h')] === 0 && row[header.indexOf('evid')] === 0 },
  },
  {
    name: 'openbonemin baseline 10 y, monthly, 1e-10',
    scenario: { model: 'openbonemin', duration: '87660 h', output: { every: '730.5 h' }, solver: { rtol: 1e-10, atol: 1e-10 } },
    peer: { label: /^\| same, rtol = atol = 1e-10 \| 5\.31/, file: 'models.md', unit: 'ms' },
    reference: { file: path.posix.join(OBM_REF, 'baseline_10y_monthly.csv'), timeColumn: 'time_h' },
  },
  {
    name: 'openbonemin teriparatide 20 ug daily, 1 y, daily, 1e-10',
    scenario: { model: 'openbonemin', duration: '8760 h', output: { every: '24 h', atDose: 'after' }, doses: [{ cmt: 'TERISC', amt: '20 ug', time: 0, ii: '24 h', addl: 364 }], solver: { rtol: 1e-10, atol: 1e-10 } },
    peer: { label: /^\| same, rtol = atol = 1e-10 \| 1481/, file: 'models.md', unit: 'ms' },
    selfReference: true,
  },
  {
    name: 'openbonemin denosumab 60 mg q4032h x4, daily, 1e-10',
    scenario: { model: 'openbonemin', duration: '20160 h', output: { times: dailyTimes(20160), atDose: 'after' }, doses: [{ cmt: 'DENSC', amt: '60 mg', time: 0, ii: '4032 h', addl: 3 }], solver: { rtol: 1e-10, atol: 1e-10 } },
    peer: { label: /^\| same, rtol = atol = 1e-10 \| 95\.4/, file: 'models.md', unit: 'ms' },
    reference: { file: path.posix.join(OBM_REF, 'denos60_q6m_4doses_daily_tol1e-10.csv'), timeColumn: 'time_h', skip: skipT0 },
  },
  {
    name: 'dutta-layton IMg x0.5, 6 months, authors\' tolerances (1e-6/1e-6)',
    scenario: { model: 'dutta-layton-2024', duration: '262800 min', scale: { IMg: 0.5 }, output: { every: '60 min' }, solver: { rtol: 1e-6, atol: 1e-6 } },
    peer: { label: /6-month dietary Mg deficiency/, file: 'models.md', unit: 's' }, target: 2,
    reference: { file: path.posix.join(DL_REF, 'IMgdef_x0.5_grid.csv'), timeColumn: 't_min', rename: dlRename },
  },
  {
    name: 'dutta-layton IMg x0.5, 6 months, 1e-10',
    scenario: { model: 'dutta-layton-2024', duration: '262800 min', scale: { IMg: 0.5 }, output: { every: '60 min' }, solver: { rtol: 1e-10, atol: 1e-14 } },
    peer: { label: /6-month dietary Mg deficiency/, file: 'models.md', unit: 's' }, target: 2,
    reference: { file: path.posix.join(DL_REF, 'IMgdef_x0.5_grid.csv'), timeColumn: 't_min', rename: dlRename },
  },
];

/** Cost of one model RHS and one Jacobian call (ns), at the initial state with the default parameters. */
function callCost(modelId: string): { rhs: number; jac: number } {
  const { model } = prepareScenario({ model: modelId, duration: 1 });
  const p = model.params(), y = model.initialState(p), dy = new Float64Array(y.length), J = new Float64Array(y.length * y.length);
  const time = (f: () => void, reps: number): number => {
    for (let k = 0; k < reps / 10; k++) f();
    const t0 = performance.now();
    for (let k = 0; k < reps; k++) f();
    return ((performance.now() - t0) * 1e6) / reps;
  };
  let t = 0;
  return { rhs: time(() => model.rhs((t += 1e-9), y, p, dy), 200_000), jac: time(() => model.jac((t += 1e-9), y, p, J), 20_000) };
}

function median(xs: number[]): number { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; }

function timeCase(c: Case, method: 'bdf' | 'rodas'): { ms: number; result: SimulationResult; reps: number } {
  const input = { ...c.scenario, solver: { ...(c.scenario.solver as object), method } };
  const { model, scenario } = prepareScenario(input);
  let result = simulate(model, scenario); // warm-up (JIT)
  const times: number[] = [];
  const budget = performance.now() + 1500;
  do { result = simulate(model, scenario); times.push(result.ms); } while ((performance.now() < budget && times.length < 200) || times.length < 3);
  return { ms: median(times), result, reps: times.length };
}

function accuracy(c: Case, result: SimulationResult): Deviation | undefined {
  if (c.reference) {
    const ref = parseCsv(readData(c.reference.file));
    return compareWithReference(result, ref, { timeColumn: c.reference.timeColumn, rename: c.reference.rename, skip: c.reference.skip, floor: c.reference.floor });
  }
  if (c.selfReference) {
    const { model, scenario } = prepareScenario({ ...c.scenario, solver: { rtol: 1e-11, atol: 1e-11, method: 'bdf' } });
    const tight = simulate(model, scenario);
    const header = tight.columns.map((col) => col.name);
    const rows = Array.from(tight.time, (_, k) => tight.columns.map((col) => col.values[k]));
    return compareWithReference(result, { header, rows }, { timeColumn: 'time' });
  }
  return undefined;
}

const rows: string[][] = [];
for (const c of CASES) {
  for (const method of ['bdf', 'rodas'] as const) {
    const { ms, result, reps } = timeCase(c, method);
    const dev = accuracy(c, result);
    const peer = c.peer ? peerMs(c.peer.label, c.peer.unit) : undefined;
    const doses = result.scenario.doses.reduce((n, d) => n + (d.addl ?? 0) + 1, 0);
    const cost = callCost(result.modelId);
    const rhsMs = ((result.stats.rhs + result.stats.rhsJac) * cost.rhs) / 1e6, jacMs = (result.stats.jac * cost.jac) / 1e6;
    rows.push([
      c.name, method, ms.toFixed(3), String(reps), String(result.stats.steps), String(result.stats.rhs + result.stats.rhsJac),
      String(result.stats.jac), String(result.stats.lu), doses ? (result.stats.steps / doses).toFixed(0) : '-',
      ((1000 * ms) / Math.max(result.stats.steps, 1)).toFixed(2),
      `${rhsMs.toFixed(rhsMs < 10 ? 2 : 0)} (${((100 * rhsMs) / ms).toFixed(0)}%)`, `${((100 * jacMs) / ms).toFixed(0)}%`,
      dev ? `${dev.max.toExponential(1)} (${dev.column})` : '-',
      peer !== undefined ? peer.toFixed(1) : '-', peer !== undefined ? (ms / peer).toFixed(3) : '-',
      c.target !== undefined ? `${c.target} ms ${ms <= c.target ? 'met' : 'NOT met'}` : '-',
    ]);
    process.stderr.write('.');
  }
}
process.stderr.write('\n');
const header = ['case', 'method', 'median ms', 'reps', 'steps', 'rhs', 'jac', 'lu', 'steps/dose', 'us/step', 'RHS-only ms', 'Jac', 'max rel. dev. vs reference', 'peer ms', 'ours/peer', 'target'];
const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
console.log(`| ${header.map((h, i) => h.padEnd(w[i])).join(' | ')} |`);
console.log(`|${w.map((x) => '-'.repeat(x + 2)).join('|')}|`);
for (const r of rows) console.log(`| ${r.map((s, i) => s.padEnd(w[i])).join(' | ')} |`);
console.log(peerText
  ? `\npeer: mrgsolve 0.11.2 (OpenBoneMin) and GNU Octave ode15s (Dutta-Layton) medians from ${PEER_FILE}, recorded on this machine kind.`
  : `\npeer: not shown: ${PEER_FILE} not found (the peers' recorded timings, vendored in bench/peers/).`);
console.log('RHS-only ms: the run\'s RHS calls x the cost of one model RHS call measured alone (the time no integrator with this many RHS calls can go below); Jac: share of the time in Jacobian evaluations.');
console.log(`reference: ${DATA}/reference CSVs (denosumab at 1e-10, Dutta-Layton from the authors' ode15s, sim_teri = mrgsolve's own run at 1e-8 with floor 1e-6 x column max), or our own BDF run at 1e-11 where no file exists (teriparatide 1 y).`);
