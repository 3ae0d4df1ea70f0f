/**
 * `npm run bench:biomd613`: BioModels' BIOMD0000000613 (Peterson–Riggs as curated, vendored in
 * test/data/biomodels) imported, compiled and simulated from its XML text, against our own
 * `peterson-riggs-2010` (compiled and simulated) in the same process, same regimen and solver: one
 * year (8760 h) with the curation's teriparatide (20 µg at 12, 36, 60 h), daily outputs, bdf at
 * rtol 1e-8, atol 1e-10. Median of 7 runs each; each BIOMD run starts from the XML text and each
 * compile from a fresh spec object (the compile cache does not hide the cost). Also prints the largest
 * relative difference of the 31 states between the two runs (floor 1e-6 × the state's largest value:
 * the depot TERISC decays to ~1e-10 of its dose, where bdf at atol 1e-10 carries no relative digits).
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importSBML } from '../src/model/sbml/import.js';
import { compileModel } from '../src/model/model.js';
import { runSbml } from '../src/simulate/sbml.js';
import { validateScenario } from '../src/simulate/scenario.js';
import { simulate } from '../src/simulate/run.js';
import { petersonRiggs2010, PR_STATE_ORDER } from '../src/models/peterson-riggs-2010/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const xml = zlib.gunzipSync(fs.readFileSync(path.resolve(here, '../../test/data/biomodels/BIOMD0000000613.xml.gz'))).toString('utf8');
const HOURS = 8760, REPS = 7, RTOL = 1e-8, ATOL = 1e-10;
const times = Array.from({ length: HOURS / 24 + 1 }, (_, k) => k * 24);
const states = [...PR_STATE_ORDER];
const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const b: number[][] = [];
let biomdCols: Float64Array[] = [], steps = 0;
for (let r = 0; r < REPS; r++) {
  const t0 = performance.now();
  const imp = importSBML(xml);
  const t1 = performance.now();
  compileModel({ ...imp.spec });
  const t2 = performance.now();
  const res = runSbml(imp, { times, variables: states, method: 'bdf', rtol: RTOL, atol: ATOL });
  const t3 = performance.now();
  if (res.code !== 'success' || res.eventsFired !== 3) throw new Error(`BIOMD run: ${res.code} ${res.message}, ${res.eventsFired} events`);
  b.push([t1 - t0, t2 - t1, t3 - t2]);
  biomdCols = res.columns; steps = res.stats.steps;
}
const o: number[][] = [];
let ours: Float64Array[] = [], ourSteps = 0;
for (let r = 0; r < REPS; r++) {
  const t0 = performance.now();
  const model = compileModel({ ...petersonRiggs2010 });
  const t1 = performance.now();
  const { scenario, issues } = validateScenario({
    model: 'peterson-riggs-2010', duration: `${HOURS} h`, doses: [{ cmt: 'TERISC', amt: '20 ug', time: '12 h', ii: '24 h', addl: 2 }],
    output: { times }, solver: { method: 'bdf', rtol: RTOL, atol: ATOL },
  }, model);
  if (!scenario) throw new Error(JSON.stringify(issues));
  const res = simulate(model, scenario);
  const t2 = performance.now();
  if (res.code !== 'success') throw new Error(res.message);
  o.push([t1 - t0, t2 - t1]);
  ours = states.map((s) => res.column(s)); ourSteps = res.stats.steps;
}
let worst = 0, where = '', worstState = 0, whereState = '';
states.forEach((s, i) => {
  const scale = Math.max(...ours[i].map(Math.abs));
  // the dose instants are not output times (daily grid), so both runs hold the same post-dose states
  ours[i].forEach((v, k) => {
    const d = Math.abs(biomdCols[i][k] - v) / Math.max(Math.abs(v), 1e-6 * scale, Number.MIN_VALUE);
    if (d > worst) { worst = d; where = `${s} at ${times[k]} h`; }
    if (s !== 'TERISC' && d > worstState) { worstState = d; whereState = `${s} at ${times[k]} h`; }
  });
});
const biomd = med(b.map((x) => x[0] + x[2])), own = med(o.map((x) => x[0] + x[1]));
console.log(`BIOMD0000000613, 1 y with 3 teriparatide doses, ${times.length} outputs, bdf rtol ${RTOL} atol ${ATOL}, median of ${REPS}`);
console.log(`  BIOMD: import ${med(b.map((x) => x[0])).toFixed(1)} ms, compile ${med(b.map((x) => x[1])).toFixed(1)} ms, simulate (its compile included) ${med(b.map((x) => x[2])).toFixed(1)} ms; import + compile + simulate ${biomd.toFixed(1)} ms (${steps} steps)`);
console.log(`  peterson-riggs-2010: compile ${med(o.map((x) => x[0])).toFixed(1)} ms, simulate ${med(o.map((x) => x[1])).toFixed(1)} ms; total ${own.toFixed(1)} ms (${ourSteps} steps)`);
console.log(`  ratio BIOMD / ours: ${(biomd / own).toFixed(2)}; largest state difference ${worst.toExponential(2)} relative, floor 1e-6 × max (${where}); without the depot ${worstState.toExponential(2)} (${whereState})`);
