/**
 * fast-check arbitraries of malformed inputs, each with the path its error message must name:
 * a valid scenario (from `valid.ts`) with one defect (an unknown key at any level, prototype names
 * included; a wrong value of a known key), broken JSON/YAML text, too-deep nesting, bad command-line
 * flags, defective study files; and mutated SBML documents (in-process: the reader must answer or
 * throw SbmlReadError / XmlSyntaxError, nothing else).
 */
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { findModel } from '../../src/models/index.js';
import { formatPath } from '../../src/core/issues.js';
import { ROOT } from '../helpers/paths.js';
import type { MalformedCase } from './check.js';
import { validScenario, FUZZ_MODELS, type Scenario } from './valid.js';

type Path = (string | number)[];

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** The message names `path` (as formatPath writes it) followed by a colon. */
const names = (p: Path): RegExp => new RegExp(`(^|[\\s:])${esc(formatPath(p))}:`, 'm');

/** Keys no scenario or study knows: typos, prototype names, odd characters. */
const UNKNOWN_KEYS = ['durration', 'paramters', 'zz_extra', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'Model', 'dose', 'ü', 'a b', '0'];

/** Every object node of a value, with its path (arrays are walked, their objects included). */
function objectNodes(v: unknown, p: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(v)) v.forEach((x, i) => objectNodes(x, [...p, i], out));
  else if (typeof v === 'object' && v !== null) {
    out.push(p);
    for (const [k, x] of Object.entries(v)) objectNodes(x, [...p, k], out);
  }
  return out;
}

function getAt(v: unknown, p: Path): unknown {
  let x = v as Record<string | number, unknown>;
  for (const k of p) x = x[k] as Record<string | number, unknown>;
  return x;
}

/** Sets an own property (also for "__proto__", which `o[k] = v` would not create). */
function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

function setAt(root: unknown, p: Path, v: unknown): void {
  const parent = getAt(root, p.slice(0, -1)) as Record<string, unknown>;
  setOwn(parent, String(p[p.length - 1]), v);
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

// ---------------------------------------------------------------------------------------------
// scenario defects

interface Defect { value: Record<string, unknown>; expect: RegExp; label: string }

/** An unknown key at a random object node of the scenario (except inside `parameters`-like maps keyed by name: there it is an unknown name, also an error). */
function unknownKey(base: Scenario): fc.Arbitrary<Defect> {
  const nodes = objectNodes(base);
  return fc.tuple(fc.constantFrom(...nodes), fc.constantFrom(...UNKNOWN_KEYS), fc.constantFrom<unknown>(1, 'x', true, null, {}))
    .map(([p, k, v]) => {
      const value = clone(base);
      const node = getAt(value, p) as Record<string, unknown>;
      const key = Object.hasOwn(node, k) ? `${k}_zz` : k;
      setOwn(node, key, v);
      return { value, expect: names([...p, key]), label: `unknown key ${formatPath([...p, key])}` };
    });
}

/** [path, bad values] for keys every scenario has. */
function badValues(base: Scenario): [Path, unknown[]][] {
  const model = findModel(String(base.model))!;
  const spec = model.spec;
  const params = Object.entries(spec.parameters).filter(([, p]) => p.bounds && p.bounds[0] < p.bounds[1]);
  const [pName, pSpec] = params[params.length >> 1];
  const [lo, hi] = pSpec.bounds!;
  const outOfBounds: unknown[] = ['abc', null, true, [], {}, '5 mg'];
  if (Number.isFinite(lo)) outOfBounds.push(lo - 1 - Math.abs(lo));
  if (Number.isFinite(hi)) outOfBounds.push(hi + 1 + Math.abs(hi));
  const state = Object.keys(spec.states)[0];
  const list: [Path, unknown[]][] = [
    [['model'], ['nope', 5, null, '', 'Human-mg-bone']],
    [['duration'], [null, true, [], {}, 'abc', '-5 d', '5 parsecs', '', '1e400 d', -1, 'NaN h', '5 mg', '2000 y']],
    [['output'], ['daily', 5, []]],
    [['output', 'every'], ['-1 h', 'abc', '5 mg', {}, true]],
    [['output', 'times'], ['x', 5]],
    [['output', 'times', 0], ['abc', '-1 h', '5 mg']],
    [['output', 'atDose'], ['middle', 1]],
    [['solver'], ['fast', 1]],
    [['solver', 'rtol'], [0, 1, -1, 'x', 1e-300, null]],
    [['solver', 'atol'], [0, -1, 'x', 2]],
    [['solver', 'method'], ['euler', 5, '']],
    [['solver', 'maxSteps'], [-5, 1.5, 'many']],
    [['solver', 'maxWallTime'], [-1, 'x']],
    [['parameters'], ['x', 5, []]],
    [['parameters', pName], outOfBounds],
    [['parameters', 'no_such_parameter'], [1]],
    [['scale'], ['x', 5]],
    [['scale', pName], ['abc', null, true]],
    [['initial', state], ['abc', null, [], true]],
    [['initial', 'no_such_state'], [1]],
    [['steadyState'], ['yes', 1, 'true']],
    [['switches'], ['on', 5]],
    [['changes'], ['x', 5, {}]],
    [['changes', 0, 'time'], ['abc', '-1 h', '5 mg']],
    [['changes', 0, 'parameters', 'no_such_parameter'], [1]],
    [['doses'], ['x', 5, {}]],
  ];
  const targets = Object.keys(spec.doses ?? {});
  if (targets.length) {
    list.push(
      [['doses', 0, 'cmt'], ['NOPE', 5, null]],
      [['doses', 0, 'amt'], ['5 furlongs', '-5 mg', 'abc', null]],
      [['doses', 0, 'time'], ['-1 h', 'abc']],
      [['doses', 0, 'ii'], ['-1 h', 'abc']],
      [['doses', 0, 'addl'], [-1, 1.5, 'x']],
    );
  }
  if (base.model === 'human-mg-bone') {
    list.push(
      [['diet'], ['lots', 5]],
      [['diet', 'Mg'], ['-5 mg/d', 'abc', '2000 mg/d', '5 h']],
      [['diet', 'Ca'], ['50 mg/d', '-1 mg/d', 'abc']],
      [['supplements'], ['x', {}]],
      [['supplements', 0, 'salt'], ['gold', 5]],
      [['supplements', 0, 'Mg'], ['-1 mg/d', 'abc', '6000 mg/d']],
      [['conditions'], ['ill', 5]],
      [['conditions', 'eGFR'], ['-3 mL/min/1.73m2', '500 mL/min/1.73m2', 'abc']],
      [['conditions', 'age'], ['5 y', '200 y', 'old']],
      [['conditions', 'PPI'], ['yes', 1]],
      [['conditions', 'no_such_condition'], [true]],
      [['switches', 'inflammation'], ['maybe', 2]],
      [['switches', 'no_such_switch'], [true]],
      [['doses', 0, 'rate'], ['-1 mmol/h', 'abc', '5 mg']],
    );
  }
  return list;
}

/** Makes the containers a defect's path needs (a dose record, a change) before setting it. */
function ensureContainers(s: Scenario, p: Path): void {
  const model = findModel(String(s.model))!;
  if (p[0] === 'doses' && p.length > 2 && !(Array.isArray(s.doses) && s.doses.length)) {
    const cmt = Object.keys(model.spec.doses ?? {})[0];
    s.doses = [{ cmt, amt: model.id === 'human-mg-bone' ? '1 mmol' : '20 ug', time: 0 }];
  }
  if (p[0] === 'changes' && p.length > 2) s.changes = [{ time: 0, parameters: {} }];
  if (p[0] === 'supplements' && p.length > 2 && !(Array.isArray(s.supplements) && s.supplements.length)) s.supplements = [{ Mg: '100 mg/d', salt: 'citrate' }];
  if (p[0] === 'output' && p.length > 1) {
    const o = (typeof s.output === 'object' && s.output !== null ? s.output : {}) as Record<string, unknown>;
    if (p[1] === 'times') { delete o.every; if (p.length > 2) o.times = [0]; }
    s.output = o;
  }
  for (let i = 1; i < p.length; i++) {
    const parent = getAt(s, p.slice(0, i - 1)) as Record<string, unknown>;
    const k = String(p[i - 1]);
    if (typeof parent[k] !== 'object' || parent[k] === null) setOwn(parent, k, typeof p[i] === 'number' ? [] : {});
  }
}

function wrongValue(base: Scenario): fc.Arbitrary<Defect> {
  return fc.constantFrom(...badValues(base)).chain(([p, values]) => fc.constantFrom(...values).map((v) => {
    const value = clone(base);
    ensureContainers(value, p);
    setAt(value, p, v);
    // a defect in the first dose or change is reported with the path the validator gives its record
    return { value, expect: names(p), label: `${formatPath(p)} = ${JSON.stringify(v)}` };
  }));
}

const anyValid = fc.constantFrom(...FUZZ_MODELS).chain((m) => validScenario(m));

/** A scenario with one defect, written as JSON or YAML (sometimes with a BOM), run by `magbone simulate`. */
export function defectiveScenario(): fc.Arbitrary<MalformedCase> {
  return anyValid.chain((base) => fc.tuple(fc.oneof(unknownKey(base), wrongValue(base)), fc.constantFrom('json', 'yaml'), fc.boolean(), fc.boolean()))
    .map(([d, format, bom, out]) => {
      const name = `s.${format}`;
      const text = format === 'json' ? JSON.stringify(d.value, null, 1) : YAML.stringify(d.value);
      return {
        label: `${name}: ${d.label}`,
        files: { [name]: (bom ? '\uFEFF' : '') + text },
        argv: ['simulate', `@${name}`, '--quiet', ...(out ? ['--out', 'out.csv'] : [])],
        expect: d.expect,
      };
    });
}

/** Broken text: truncated JSON, a bad YAML line, a non-object root, too-deep nesting. */
export function brokenText(): fc.Arbitrary<MalformedCase> {
  const truncated = anyValid.chain((s) => {
    const text = JSON.stringify(s);
    return fc.integer({ min: 1, max: text.length - 1 }).map((n) => ({ name: 's.json', text: text.slice(0, n), expect: /s\.json: (invalid JSON \(line \d+, column \d+\)|a scenario must be)/ }));
  });
  const yaml = anyValid.map((s) => ({ name: 's.yaml', text: `${YAML.stringify(s)}duration: [1, 2\n  x: }\n`, expect: /s\.yaml: invalid YAML.* line \d+/ }));
  const roots = fc.constantFrom('[1, 2]', '5', 'null', '"text"', 'true', '[]').map((t) => ({ name: 's.json', text: t, expect: /s\.json: a scenario must be/ }));
  const deep = fc.tuple(fc.integer({ min: 65, max: 20000 }), fc.constantFrom('[', '{"a":')).map(([n, open]) => {
    const close = open === '[' ? ']' : '}';
    return { name: 's.json', text: `{"model":"openbonemin","duration":"5 d","parameters":${open.repeat(n)}1${close.repeat(n)}}`, expect: /s\.json: .*nested more than \d+ levels/ };
  });
  const empty = fc.constantFrom('', '   \n', '\uFEFF').map((t) => ({ name: 's.json', text: t, expect: /s\.json: / }));
  return fc.oneof(truncated, yaml, roots, deep, empty).chain((c) => fc.boolean().map((out) => ({
    label: `${c.name}: ${JSON.stringify(c.text.slice(0, 60))}`,
    files: { [c.name]: c.text },
    argv: ['simulate', `@${c.name}`, '--quiet', ...(out ? ['--out', 'out.csv'] : [])],
    expect: c.expect,
  })));
}

/** [flag and value, pattern naming it] for `magbone simulate` on a valid file. */
const BAD_FLAGS: [string[], RegExp][] = [
  [['--set', 'T49=abc'], /--set T49=abc: /],
  [['--set', 'no_such_parameter=1'], /parameters\.no_such_parameter: /],
  [['--set', '__proto__=1'], /parameters\.__proto__: /],
  [['--set', 'T49'], /--set T49: /],
  [['--method', 'euler'], /--method: /],
  [['--rtol', '-1'], /solver\.rtol: /],
  [['--rtol', 'abc'], /--rtol: /],
  [['--atol', '0'], /solver\.atol: /],
  [['--every', '5 parsecs'], /output\.every: /],
  [['--every', '-1 h'], /output\.every: /],
  [['--times', 'a,b'], /output\.times\[0\]: /],
  [['--time-unit', 'fortnight'], /--time-unit: /],
  [['--out', 'x.txt'], /--out x\.txt: /],
  [['--out', 'nodir/x.csv'], /--out nodir\/x\.csv: /],
  [['--out', ''], /--out/],
  [['--plot', 'x.gif'], /--plot x\.gif: /],
  [['--vars', 'no_such_output'], /--vars: /],
  [['--switch', 'x=maybe'], /--switch x=maybe: /],
  [['--bogus-flag'], /--bogus-flag: unknown option/],
  [['--model', 'nope'], /model: unknown model/],
  [['--workers', '-3'], /--workers/],
];

/** A valid scenario with one to three bad flags (and sometimes good output flags beside them). */
export function badFlags(): fc.Arbitrary<MalformedCase> {
  return fc.tuple(
    fc.constantFrom(...FUZZ_MODELS).chain((m) => validScenario(m)),
    fc.subarray(BAD_FLAGS, { minLength: 1, maxLength: 3 }),
    fc.boolean(),
  ).map(([s, all, out]) => {
    // a flag given twice is its own error ("given more than once"): one of each
    // --every and --times together are one problem of their own ("give either every or times")
    const group = (f: string): string => (f === '--times' ? '--every' : f);
    const flags = all.filter(([f], i) => all.findIndex(([g]) => group(g[0]) === group(f[0])) === i);
    // an unknown model stops the checks that need the model: then only it must be named
    const model = flags.find(([f]) => f[0] === '--model');
    // an output flag that is itself fine must not produce a file when another flag is bad
    const good = out && !flags.some(([f]) => f[0] === '--out') ? ['--out', 'out.csv'] : [];
    return {
      label: `flags ${flags.map(([f]) => f.join(' ')).join(' ')}`,
      files: { 's.json': JSON.stringify(s) },
      argv: ['simulate', '@s.json', '--quiet', ...flags.flatMap(([f]) => f), ...good],
      // every bad flag is named
      expect: model ? model[1] : new RegExp(flags.map(([, re]) => `(?=[\\s\\S]*${re.source})`).join('')),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// study files

let studyTexts: { name: string; data: unknown }[] | undefined;
function studies(): { name: string; data: unknown }[] {
  if (!studyTexts) {
    const dir = path.join(ROOT, 'studies');
    studyTexts = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().slice(0, 12)
      .map((f) => ({ name: f, data: YAML.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as unknown }));
  }
  return studyTexts;
}

/** A shipped study with one defect, checked by `magbone validate --studies bad.yaml`. */
export function defectiveStudy(): fc.Arbitrary<MalformedCase> {
  return fc.constantFrom(...studies()).chain((st) => {
    const nodes = objectNodes(st.data);
    const unknown = fc.tuple(fc.constantFrom(...nodes), fc.constantFrom(...UNKNOWN_KEYS)).map(([p, k]) => {
      const data = clone(st.data);
      const node = getAt(data, p) as Record<string, unknown>;
      const key = Object.hasOwn(node, k) ? `${k}_zz` : k;
      setOwn(node, key, 1);
      return { data, p: [...p, key] as Path, label: `unknown key ${formatPath([...p, key])}` };
    });
    const measurements = nodes.filter((p) => p.length === 4 && p[0] === 'arms' && p[2] === 'measurements');
    const arms = nodes.filter((p) => p.length === 2 && p[0] === 'arms');
    const fields: [Path, unknown[]][] = [
      [['split'], ['maybe', 5]], [['evidence'], ['anecdote', 5]], [['model'], ['nope', 5]], [['arms'], ['x', 5]],
      ...measurements.flatMap((m): [Path, unknown[]][] => [[[...m, 'kind'], ['absolut', 5, null]], [[...m, 'observable'], ['no_such_output', 5]]]),
      ...arms.flatMap((a): [Path, unknown[]][] => [[[...a, 'scenario', 'duration'], ['-5 y', 'abc']], [[...a, 'measurements'], ['x', 5]]]),
    ];
    const wrong = fc.constantFrom(...fields).chain(([p, vs]) => fc.constantFrom(...vs).map((v) => {
      const data = clone(st.data);
      setAt(data, p, v);
      return { data, p, label: `${formatPath(p)} = ${JSON.stringify(v)}` };
    }));
    return fc.oneof(unknown, wrong).map((d) => ({
      label: `study ${st.name}: ${d.label}`,
      files: { 'bad.yaml': YAML.stringify(d.data) },
      argv: ['validate', '--studies', '@bad.yaml', '--quiet'],
      // the file and the path: arms[0].scenario.duration, or the study's own form of it
      expect: new RegExp(`bad\\.yaml: .*${esc(formatPath(d.p.slice(0, 3)))}`),
    }));
  });
}

/** Any malformed case (scenario defects weighted most: they are the commonest input). */
export function malformedCase(): fc.Arbitrary<MalformedCase> {
  return fc.oneof(
    { weight: 5, arbitrary: defectiveScenario() },
    { weight: 2, arbitrary: brokenText() },
    { weight: 2, arbitrary: badFlags() },
    { weight: 1, arbitrary: defectiveStudy() },
  );
}

// ---------------------------------------------------------------------------------------------
// SBML

/** A mutated SBML document (from an exported model): truncated, an element or attribute broken, deep nesting. */
export function mutatedSbml(xml: string): fc.Arbitrary<{ label: string; text: string }> {
  const len = xml.length;
  return fc.oneof(
    fc.integer({ min: 0, max: len - 1 }).map((n) => ({ label: `truncated at ${n}`, text: xml.slice(0, n) })),
    fc.tuple(fc.integer({ min: 0, max: len - 1 }), fc.integer({ min: 1, max: 200 })).map(([n, k]) => ({ label: `cut ${k} at ${n}`, text: xml.slice(0, n) + xml.slice(n + k) })),
    fc.tuple(fc.integer({ min: 0, max: len - 1 }), fc.constantFrom('<', '>', '&', '"', '</apply>', '<apply>', '<ci>', '\u0000', ']]>', '<!DOCTYPE x [<!ENTITY a "b">]>'))
      .map(([n, s]) => ({ label: `insert ${JSON.stringify(s)} at ${n}`, text: xml.slice(0, n) + s + xml.slice(n) })),
    fc.tuple(fc.constantFrom('apply', 'piecewise', 'math', 'cn'), fc.integer({ min: 100, max: 20000 })).map(([tag, n]) => {
      const i = xml.indexOf('<math');
      const j = xml.indexOf('>', i) + 1;
      return { label: `${n} nested <${tag}>`, text: xml.slice(0, j) + `<${tag}>`.repeat(n) + `</${tag}>`.repeat(n) + xml.slice(j) };
    }),
    fc.tuple(fc.integer({ min: 0, max: len - 1 }), fc.constantFrom('NaN', '-INF', '1e999', 'abc', '', '-1')).map(([n, v]) => {
      const k = xml.indexOf('value="', n);
      if (k < 0) return { label: 'unchanged', text: xml };
      const e = xml.indexOf('"', k + 7);
      return { label: `value ${JSON.stringify(v)} at ${k}`, text: `${xml.slice(0, k + 7)}${v}${xml.slice(e)}` };
    }),
  );
}
