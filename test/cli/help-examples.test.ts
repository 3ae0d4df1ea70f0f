/**
 * Every example in every command's --help runs and exits 0 (issue #16 item 3), from a folder that
 * holds what the examples name (studies/, test/data, a small posterior, a population spec, a
 * scenario and a model file). The examples of the analyses (attribute, sensitivity, population, morris)
 * and evidence commands (fit, profile, sample, validate) run many simulations each, and run in the slow
 * group (MAGBONE_SLOW=1 or CI). And the built-in scenarios' texts name
 * only commands and scenarios that exist.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import zlib from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { ROOT, SLOW } from '../helpers/paths.js';
import { builtinScenarios } from '../../src/index.js';
import { getModel, toSBML } from '../../src/index.js';

const BIN = path.join(ROOT, 'bin', 'magbone.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'magbone-help-'));
fs.symlinkSync(path.join(ROOT, 'studies'), path.join(tmp, 'studies'));
fs.mkdirSync(path.join(tmp, 'test'));
fs.symlinkSync(path.join(ROOT, 'test', 'data'), path.join(tmp, 'test', 'data'));
fs.writeFileSync(path.join(tmp, 'posterior.json'), JSON.stringify({ params: ['f_trans', 'sec_ref'], samples: [[0.9, 1], [1, 1], [1.1, 0.9]] }));
fs.writeFileSync(path.join(tmp, 'population.json'), JSON.stringify({ population: { n: 20, seed: 1, vary: { Mg_diet: { cv: '30%' } } } }));
fs.copyFileSync(path.join(ROOT, 'scenarios', 'mgb-half-mg-intake-5y.json'), path.join(tmp, 'my-scenario.json'));
// JSON has no Infinity: open bounds are written as the largest double
fs.writeFileSync(path.join(tmp, 'my-model.json'), JSON.stringify(getModel('dutta-layton-2024').spec, (_k, v: unknown) => (v === Infinity ? Number.MAX_VALUE : v)));

// an SBML file of the user's, for the SBML examples: our own export of peterson-riggs-2010
fs.writeFileSync(path.join(tmp, 'model.xml'), toSBML(getModel('peterson-riggs-2010').spec));

// the SBML test suite's case 00001 as a case folder (the suite is vendored as one gzipped JSON)
{
  const suite = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(ROOT, 'test', 'data', 'sbml-test-suite', 'cases.json.gz'))).toString('utf8')) as { id: string; level: string; model: string; settings: string; results: string }[];
  const c = suite.find((x) => x.id === '00001')!;
  const dir = path.join(tmp, 'cases', 'semantic', c.id);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${c.id}-sbml-${c.level}.xml`), c.model);
  fs.writeFileSync(path.join(dir, `${c.id}-settings.txt`), c.settings);
  fs.writeFileSync(path.join(dir, `${c.id}-results.csv`), c.results);
}

/** Splits a shell line: double- and single-quoted words, and a trailing "> file" redirection. */
function words(line: string): { args: string[]; stdout?: string } {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) out.push(m[1] ?? m[2] ?? m[3]);
  const i = out.indexOf('>');
  return i >= 0 ? { args: out.slice(0, i), stdout: out[i + 1] } : { args: out };
}

function run(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: tmp, timeout: 600_000 });
}

const commands = run(['--help']).stdout.split('\n').slice(3).map((l) => l.trim().split(/\s+/)[0]).filter(Boolean);
/** Commands whose examples run many simulations (seconds to minutes each): the slow group. */
const SLOW_COMMANDS = new Set(['fit', 'profile', 'sample', 'validate', 'attribute', 'sensitivity', 'population', 'morris']);
/** Examples of the other commands that run a whole ensemble: slow group too. */
const slowExample = (ex: string): boolean => / --ensemble human-mg-bone/.test(ex);

/** `export` lists its formats; the examples are in each format's help. */
const HELP_ARGS: Record<string, string[]> = { export: ['export', 'sbml', '--help'] };

function examplesOf(cmd: string): string[] {
  const help = run(HELP_ARGS[cmd] ?? [cmd, '--help']).stdout;
  const i = help.indexOf('\nExamples:\n');
  assert.ok(i >= 0, `${cmd} --help has examples`);
  return help.slice(i + 11).split('\n').map((l) => l.trim()).filter((l) => l.startsWith('magbone '));
}

test('the command list is read from magbone --help', () => {
  for (const c of ['simulate', 'compare', 'population', 'models', 'params', 'outputs', 'fit']) assert.ok(commands.includes(c), c);
});

for (const slow of [false, true]) {
  test(`every --help example runs and exits 0 (${slow ? 'the analyses and evidence commands: slow group' : 'simulate, compare, discovery and the other quick commands'})`, { skip: slow && !SLOW ? 'slow: MAGBONE_SLOW=1' : false }, () => {
    let n = 0;
    for (const cmd of commands) {
      for (const ex of examplesOf(cmd)) {
        if ((SLOW_COMMANDS.has(cmd) || slowExample(ex)) !== slow) continue;
        const { args, stdout } = words(ex);
        assert.equal(args[0], 'magbone');
        // an example runs its own command, or a step before it (merge's examples first write the shards)
        assert.ok(args[1] === cmd || commands.includes(args[1]), `an example of ${cmd} runs a magbone command: ${ex}`);
        const t0 = performance.now();
        const r = run(args.slice(1));
        // validate's contract: exit 1 when a study check fails (README, exit codes); its report is still written
        const allowed = cmd === 'validate' ? [0, 1] : [0];
        assert.ok(allowed.includes(r.status ?? -1), `${ex}\nexit ${r.status}\n${r.stderr.slice(0, 2000)}`);
        if (stdout) fs.writeFileSync(path.join(tmp, stdout), r.stdout);
        process.stdout.write(`# ${(performance.now() - t0).toFixed(0)} ms  ${ex}\n`);
        n++;
      }
    }
    assert.ok(n > (slow ? 15 : 20), `${n} examples`);
  });
}

test('built-in scenario texts name only commands and scenarios that exist', () => {
  const names = new Set(builtinScenarios().map((s) => s.name));
  for (const s of builtinScenarios()) {
    const text = fs.readFileSync(s.file, 'utf8');
    const data = JSON.parse(text) as { description?: string; name?: string };
    const desc = data.description ?? '';
    for (const m of desc.matchAll(/\bmagbone\s+([a-z][a-z-]*)/g)) assert.ok(commands.includes(m[1]), `${s.name}: "magbone ${m[1]}" is not a command (${commands.join(', ')})`);
    for (const m of desc.matchAll(/\b(?:mgb|obm|pr|dl)-[a-z0-9][a-z0-9.-]*[a-z0-9]/g)) assert.ok(names.has(m[0]), `${s.name}: names "${m[0]}", which is not a built-in scenario`);
    assert.equal(data.name ?? s.name, s.name, `${s.file}: its name matches`);
  }
});
