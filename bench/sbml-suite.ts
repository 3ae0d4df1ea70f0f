/**
 * `npm run sbml-suite`: every case of the vendored SBML semantic test suite
 * (test/data/sbml-test-suite/cases.json.gz, 1,821 cases), passed / failed / declined per test tag and
 * overall, over all cases and over the cases with neither events nor delays. Not a test (the fixed
 * subset in test/model/sbml-suite.test.ts is); a report, with the failing and declined cases listed.
 *
 *   npm run sbml-suite [-- --method rodas] [-- --only 0001]   (--only: a regular expression on the id)
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { runSuiteCase, type SuiteCase, type CaseOutcome } from '../src/simulate/sbml-case.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const file = path.resolve(here, '../../test/data/sbml-test-suite/cases.json.gz');
const cases = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8')) as SuiteCase[];
const arg = (name: string): string | undefined => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : undefined; };
const method = (arg('method') ?? 'bdf') as 'bdf' | 'rodas' | 'dopri';
const only = arg('only') ? new RegExp(arg('only') as string) : undefined;

type Tally = Record<CaseOutcome, number>;
const empty = (): Tally => ({ passed: 0, failed: 0, declined: 0 });
const all = empty(), plain = empty();
const byTag = new Map<string, Tally>();
const listed: string[] = [];
const t0 = performance.now();
for (const c of cases) {
  if (only && !only.test(c.id)) continue;
  const r = runSuiteCase(c, method);
  const tags = [...c.testTags, ...c.componentTags];
  all[r.outcome]++;
  if (!tags.some((t) => /^Event|CSymbolDelay/.test(t))) plain[r.outcome]++;
  for (const t of tags) { if (!byTag.has(t)) byTag.set(t, empty()); byTag.get(t)![r.outcome]++; }
  if (r.outcome !== 'passed') listed.push(`${c.id} ${r.outcome}: ${r.reason.replace(/\s+/g, ' ').slice(0, 200)}`);
}
const pct = (t: Tally): string => {
  const n = t.passed + t.failed + t.declined;
  return `${t.passed}/${n} passed (${(100 * t.passed / Math.max(n, 1)).toFixed(1)} %), ${t.failed} failed, ${t.declined} declined`;
};
console.log(`SBML semantic test suite, method ${method}, ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
console.log(`all cases:                   ${pct(all)}`);
console.log(`without events and delays:   ${pct(plain)}\n`);
console.log('per tag (passed / failed / declined):');
for (const [tag, t] of [...byTag].sort(([a], [b]) => a.localeCompare(b))) console.log(`  ${tag.padEnd(34)} ${String(t.passed).padStart(5)} ${String(t.failed).padStart(5)} ${String(t.declined).padStart(5)}`);
console.log('\nnot passed:');
for (const l of listed) console.log(`  ${l}`);
