/**
 * `npm run bench:sbml [-- file.xml --duration T --steps N]`: import + compile + simulate time of an SBML
 * model (median of 5 runs, each from the XML text). Without a file: the largest time-course model of the
 * vendored semantic test suite. BIOMD0000000613 against our peterson-riggs-2010: bench/biomd613.ts.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importSBML } from '../src/model/sbml/import.js';
import { compileModel } from '../src/model/model.js';
import { runSbml } from '../src/simulate/sbml.js';
import type { SuiteCase } from '../src/simulate/sbml-case.js';

const arg = (name: string): string | undefined => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : undefined; };
const file = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : undefined;
let xml: string, label: string;
if (file) { xml = fs.readFileSync(file, 'utf8'); label = file; } else {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const cases = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.resolve(here, '../../test/data/sbml-test-suite/cases.json.gz'))).toString('utf8')) as SuiteCase[];
  const ok = cases.filter((c) => c.testType === 'TimeCourse' && c.model).map((c) => { try { importSBML(c.model!); return c; } catch { return undefined; } }).filter((c): c is SuiteCase => !!c);
  const big = ok.reduce((a, b) => (b.model!.length > a.model!.length ? b : a));
  xml = big.model!; label = `suite case ${big.id}`;
}
const duration = Number(arg('duration') ?? 10), steps = Number(arg('steps') ?? 100);
const times = Array.from({ length: steps + 1 }, (_, k) => (k * duration) / steps);
const ms: number[][] = [];
for (let rep = 0; rep < 5; rep++) {
  const t0 = performance.now();
  const imp = importSBML(xml);
  const t1 = performance.now();
  compileModel({ ...imp.spec }); // a fresh object: the compile cache does not hide the cost
  const t2 = performance.now();
  const variables = [...imp.symbols].filter(([, s]) => s.kind === 'species').map(([id]) => id);
  const r = runSbml(imp, { times, variables });
  const t3 = performance.now();
  if (r.code !== 'success') throw new Error(r.message);
  ms.push([t1 - t0, t2 - t1, t3 - t2]);
}
const med = (k: number): number => ms.map((m) => m[k]).sort((a, b) => a - b)[2];
const imp = importSBML(xml);
console.log(`${label}: ${Object.keys(imp.spec.states).length} states, ${Object.keys(imp.spec.rules).length} rules, ${imp.events.length} events`);
console.log(`import ${med(0).toFixed(2)} ms, compile ${med(1).toFixed(2)} ms, simulate (compile included, ${steps} outputs to t=${duration}) ${med(2).toFixed(2)} ms (median of 5)`);
