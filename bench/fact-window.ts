/**
 * `npm run bench:fact-window -- --param NAME --studies ID[,ID…] [--from A] [--to B] [--steps N] [--set NAME=V,…]
 * [--quantitative]` (`--set` values as `magbone --set` reads them, units allowed): the range of one human-mg-bone parameter in which a set of studies' qualitative facts all hold, at
 * the model's other values (or at the values `--set` gives, e.g. a variant's refitted parameters).
 *
 * A parameter fitted to facts only (directions, ranges) has no likelihood to profile: the facts hold or fail. This
 * scans the parameter over a grid (default: its bounds, 31 points, evenly spaced), checks the studies at each point
 * (`checkStudies`, the same check as `magbone validate`), prints which facts fail, and reports the intervals of the
 * grid where none fails. Quantitative measurements of the studies are reported as inside/outside; with `--quantitative`
 * they decide the window too (each inside its 95 % interval, |z| ≤ 1.96 with its SE, as `validate` counts it). Session 14: `--param k_UCa_GFR --studies hillgallant2017` gives the window the model README quotes.
 *
 * Run: npx tsc -p . && node dist/bench/fact-window.js --param k_UCa_GFR --studies hillgallant2017 --from 0 --to 0.5 --steps 51
 */
import path from 'node:path';
import { packageRoot } from '../src/node/package-root.js';
import { loadStudies } from '../src/node/study-files.js';
import { getModel } from '../src/builtin/index.js';
import { checkStudies } from '../src/analysis/evidence/coverage.js';
import { flagValue, hasFlag, numberFlag, setFlag } from './args.js';

const param = flagValue('--param', '');
const ids = flagValue('--studies', '').split(',').filter(Boolean);
if (!param || !ids.length) {
  console.error('usage: node dist/bench/fact-window.js --param NAME --studies ID[,ID…] [--from A] [--to B] [--steps N] [--set NAME=V,…] [--quantitative]');
  process.exit(2);
}
const model = getModel('human-mg-bone');
const spec = model.spec.parameters[param];
if (!spec) {
  console.error(`--param: '${param}' is not a parameter of human-mg-bone`);
  process.exit(2);
}
// --set NAME=V,…: the other parameters' values for the scan (all problems reported at once)
const { values: fixed, problems: setProblems } = setFlag(model, { [param]: `'${param}' is the scanned parameter` });
if (setProblems.length) {
  console.error(`--set: ${setProblems.join('; ')}`);
  process.exit(2);
}
const quantitative = hasFlag('--quantitative');
const all = loadStudies([path.join(packageRoot(), 'studies')], { model: 'human-mg-bone' });
const studies = all.filter((s) => ids.includes(s.id));
const missing = ids.filter((id) => !studies.some((s) => s.id === id));
if (missing.length) {
  console.error(`--studies: not in studies/: ${missing.join(', ')}`);
  process.exit(2);
}
const [lo, hi] = spec.bounds ?? [0, 2 * (spec.value as number)];
const from = numberFlag('--from', lo), to = numberFlag('--to', hi), steps = numberFlag('--steps', 31);
if (!(Number.isFinite(from) && Number.isFinite(to) && to > from && Number.isInteger(steps) && steps >= 2)) {
  console.error(`--from ${from} --to ${to} --steps ${steps}: need finite from < to and an integer steps ≥ 2`);
  process.exit(2);
}

const setText = Object.keys(fixed).length ? `; with ${Object.entries(fixed).map(([k, v]) => `${k} = ${v}`).join(', ')}` : '';
console.log(`fact window of ${param} (model value ${spec.value}, bounds [${lo}, ${hi}]) on ${ids.join(', ')} (${studies.map((s) => s.split).join(', ')}), ${steps} points over [${from}, ${to}]${setText}${quantitative ? '; quantitative measurements decide too' : ''}`);
const grid = Array.from({ length: steps }, (_, i) => from + ((to - from) * i) / (steps - 1));
const holds: boolean[] = [];
for (const v of grid) {
  const report = checkStudies(studies, model, { params: { ...fixed, [param]: v } });
  const facts = report.rows.filter((r) => r.kind === 'qualitative');
  const factFailing = facts.filter((r) => r.pass !== true).map((r) => `${r.study}/${r.arm}/${r.measurement}${r.failure ? ' (run failed)' : ''}`);
  const quant = report.rows.filter((r) => r.kind !== 'qualitative');
  const quantOutside = quant.filter((r) => r.inside !== true)
    .map((r) => `${r.study}/${r.arm}/${r.measurement} (${r.failure ? 'run failed' : `outside, z ${typeof r.z === 'number' ? r.z.toFixed(2) : '?'}`})`);
  const failing = quantitative ? [...factFailing, ...quantOutside] : factFailing;
  holds.push(failing.length === 0);
  console.log(`${param} = ${v.toPrecision(4).padEnd(8)} facts ${facts.length - factFailing.length}/${facts.length}` +
    (quant.length ? `, quantitative inside ${quant.length - quantOutside.length}/${quant.length}` : '') +
    (failing.length ? `; failing: ${failing.join(', ')}` : ''));
}
const windows: string[] = [];
for (let i = 0; i < grid.length; i++) {
  if (!holds[i] || (i > 0 && holds[i - 1])) continue;
  let j = i;
  while (j + 1 < grid.length && holds[j + 1]) j++;
  windows.push(`[${grid[i].toPrecision(4)}, ${grid[j].toPrecision(4)}]`);
}
console.log(windows.length
  ? `all ${quantitative ? 'facts and quantitative measurements' : 'facts'} hold on the grid points in ${windows.join(' and ')} (edges to within one grid step, ${((to - from) / (steps - 1)).toPrecision(3)})`
  : `no grid point where all ${quantitative ? 'facts and quantitative measurements' : 'facts'} hold`);
