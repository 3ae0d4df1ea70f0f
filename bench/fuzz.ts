/**
 * `npm run fuzz -- --minutes N [--seed S] [--model M] [--kind valid|malformed|all] [--cli-share F] [--out FILE]`:
 * a long fuzz campaign (issue #15, item 4). Draws valid scenarios over each model's declared domain
 * and malformed inputs (test/fuzz/), runs them in-process and through the `magbone` command, and
 * prints the counts per class (ok, numerical failure by reason, invariant violation, exception, NaN,
 * hang, exit 70, file left behind, …). Every case that breaks a property is shrunk by fast-check to
 * a minimal reproducer, written to FILE (default fuzz-failures.json) with its seed.
 *
 * Case k of a campaign uses seed S + k, so any case can be replayed alone (--seed S+k --cases 1).
 * Sizes: --cases N stops after N cases (per model for valid), --minutes N after N minutes.
 */
import fs from 'node:fs';
import fc from 'fast-check';
import { validScenario, FUZZ_MODELS, type FuzzModel } from '../test/fuzz/valid.js';
import { malformedCase, mutatedSbml } from '../test/fuzz/malformed.js';
import {
  runValidInProcess, runValidCli, runMalformedInProcess, runMalformedCli, BAD_CLASSES, type Outcome, type MalformedCase,
} from '../test/fuzz/check.js';
import { findModel } from '../src/models/index.js';
import { toSBML, fromSBML, SbmlReadError, XmlSyntaxError } from '../src/model/sbml/index.js';

interface Options { minutes: number; cases: number; seed: number; models: FuzzModel[]; kind: string; cliShare: number; out: string; wall: number; shrink: number }

function parse(argv: string[]): Options {
  const o: Options = { minutes: 1, cases: Infinity, seed: 1, models: [...FUZZ_MODELS], kind: 'all', cliShare: 0.1, out: 'fuzz-failures.json', wall: 60, shrink: 3 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i], v = argv[i + 1];
    const num = (): number => { const x = Number(v); if (!Number.isFinite(x)) throw new Error(`${a}: "${v}" is not a number`); i++; return x; };
    if (a === '--minutes') o.minutes = num();
    else if (a === '--cases') o.cases = num();
    else if (a === '--seed') o.seed = num();
    else if (a === '--cli-share') o.cliShare = num();
    else if (a === '--wall') o.wall = num();
    else if (a === '--shrink') o.shrink = num();
    else if (a === '--model') {
      if (!(FUZZ_MODELS as readonly string[]).includes(v)) throw new Error(`--model: "${v}" is not one of ${FUZZ_MODELS.join(', ')}`);
      o.models = [v as FuzzModel]; i++;
    } else if (a === '--kind') {
      if (!['valid', 'malformed', 'all'].includes(v)) throw new Error('--kind: valid, malformed or all');
      o.kind = v; i++;
    } else if (a === '--out') { o.out = v; i++; }
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

type Tally = Map<string, number>;
const bump = (t: Tally, k: string): void => { t.set(k, (t.get(k) ?? 0) + 1); };
const label = (o: Outcome): string => (o.cls === 'numerical' ? `numerical (${o.detail})` : o.cls);

interface Failure { group: string; seed: number; outcome: Outcome; input: unknown; shrunk?: unknown; shrunkOutcome?: Outcome }

/** The first draw of `arb` with this seed. */
function draw<T>(arb: fc.Arbitrary<T>, seed: number): T {
  return fc.sample(arb, { numRuns: 1, seed })[0];
}

/** Shrinks a failing case: fast-check replays the same seed and minimises while the class stays bad (bounded tries). */
function shrink<T>(arb: fc.Arbitrary<T>, seed: number, judge: (x: T) => Outcome, cls: string, tries: number): { value: T; outcome: Outcome } | undefined {
  let n = 0, last: { value: T; outcome: Outcome } | undefined;
  const r = fc.check(fc.property(arb, (x) => {
    if (n++ > tries) return true; // out of budget: accept, shrinking stops here
    const o = judge(x);
    if (o.cls === cls) { last = { value: x, outcome: o }; return false; }
    return true;
  }), { seed, numRuns: 1 });
  void r;
  return last;
}

async function main(): Promise<void> {
  const o = parse(process.argv.slice(2));
  const deadline = Date.now() + o.minutes * 60_000;
  const tallies = new Map<string, Tally>();
  const failures: Failure[] = [];
  /** Allowed but worth listing: the numerical failures and invariant failures (exit 1), with their inputs. */
  const notable: Failure[] = [];
  const started = Date.now();
  const tally = (g: string): Tally => { let t = tallies.get(g); if (!t) { t = new Map(); tallies.set(g, t); } return t; };
  const record = (group: string, seed: number, input: unknown, outcome: Outcome, shrinkIt: () => { value: unknown; outcome: Outcome } | undefined): void => {
    bump(tally(group), label(outcome));
    if (outcome.cls !== 'ok' && !BAD_CLASSES.has(outcome.cls)) notable.push({ group, seed, outcome, input });
    if (!BAD_CLASSES.has(outcome.cls)) return;
    const f: Failure = { group, seed, outcome, input };
    const sameClass = failures.filter((x) => x.group === group && x.outcome.cls === outcome.cls).length;
    if (sameClass < o.shrink) { const s = shrinkIt(); if (s) { f.shrunk = s.value; f.shrunkOutcome = s.outcome; } }
    failures.push(f);
    process.stderr.write(`\n${group} seed ${seed}: ${outcome.cls} ${outcome.detail}\n`);
  };

  const sbmlDocs = FUZZ_MODELS.filter((m) => m !== 'human-mg-bone').map((m) => toSBML(findModel(m)!.spec));
  const sbmlJudge = (x: { text: string }): Outcome => {
    try { fromSBML(x.text); return { cls: 'ok', detail: '' }; } catch (e) {
      if (e instanceof SbmlReadError || e instanceof XmlSyntaxError) return { cls: 'ok', detail: '' };
      return { cls: 'exception', detail: `${(e as Error)?.name}: ${(e as Error)?.message}`.slice(0, 200) };
    }
  };

  let k = 0;
  const perModel = new Map<string, number>();
  const groups: string[] = [];
  if (o.kind !== 'malformed') groups.push(...o.models.map((m) => `valid ${m}`));
  if (o.kind !== 'valid') groups.push('malformed', 'sbml');
  const last = (): string => `${((Date.now() - started) / 1000).toFixed(0)} s, ${k} cases`;
  while (Date.now() < deadline) {
    const group = groups[k % groups.length];
    const seed = o.seed + k;
    k++;
    const done = perModel.get(group) ?? 0;
    if (done >= o.cases) { if (groups.every((g) => (perModel.get(g) ?? 0) >= o.cases)) break; continue; }
    perModel.set(group, done + 1);
    const cli = ((seed * 2654435761) >>> 0) / 4294967296 < o.cliShare;
    if (group.startsWith('valid ')) {
      const m = group.slice(6) as FuzzModel;
      const arb = validScenario(m);
      const judge = (x: Record<string, unknown>): Outcome => (cli ? runValidCli(x, (o.wall + 60) * 1000) : runValidInProcess(x, o.wall));
      const x = draw(arb, seed);
      const out = judge(x);
      record(cli ? `${group} (cli)` : group, seed, x, out, () => shrink(arb, seed, judge, out.cls, cli ? 20 : 60));
    } else if (group === 'malformed') {
      const arb = malformedCase();
      const x = draw(arb, seed);
      const out = cli ? runMalformedCli(x) : await runMalformedInProcess(x);
      // in-process shrinking only (synchronous): the CLI judge is used for the tally
      const sync = (c: MalformedCase): Outcome => runMalformedCli(c);
      record(cli ? 'malformed (cli)' : 'malformed', seed, { label: x.label, argv: x.argv, files: Object.fromEntries(Object.entries(x.files).map(([n, t]) => [n, String(t).slice(0, 4000)])) }, out,
        () => shrink(arb, seed, sync, out.cls, 40));
    } else {
      const arb = fc.constantFrom(...sbmlDocs).chain((d) => mutatedSbml(d));
      const x = draw(arb, seed);
      record('sbml', seed, { label: x.label }, sbmlJudge(x), () => shrink(arb, seed, sbmlJudge, 'exception', 200));
    }
    if (k % 50 === 0) process.stderr.write(`\r${last()}`);
  }
  process.stderr.write(`\r${last()}\n`);

  const lines = [`fuzz campaign: seed ${o.seed}, ${k} cases in ${((Date.now() - started) / 60000).toFixed(1)} min, models ${o.models.join(', ')}`];
  for (const [g, t] of [...tallies].sort(([a], [b]) => a.localeCompare(b))) {
    const total = [...t.values()].reduce((a, b) => a + b, 0);
    lines.push(`${g}: ${total} — ${[...t].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', ')}`);
  }
  const bad = failures.length;
  lines.push(bad ? `${bad} case(s) broke a property: reproducers in ${o.out}` : 'no case broke a property');
  if (notable.length) lines.push(`${notable.length} clean failure(s) (exit 1) listed in ${o.out}`);
  process.stdout.write(lines.join('\n') + '\n');
  if (bad || notable.length) fs.writeFileSync(o.out, JSON.stringify({ command: process.argv.slice(2), broke: failures, cleanFailures: notable }, null, 1));
  process.exitCode = bad ? 1 : 0;
}

main().catch((e: unknown) => { process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`); process.exitCode = 2; });
