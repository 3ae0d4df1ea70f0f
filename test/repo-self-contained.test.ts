/**
 * The repository is self-contained: a clone runs every test without the project's shared data
 * folder (`../shared`, or `MAGBONE_SHARED`). The data the tests need are vendored in test/data
 * (sources and licences in test/data/README.md), byte for byte as SHA256SUMS records.
 *
 * The scan parses every TypeScript/JavaScript file of src/, test/, web/ and bench/ and looks at
 * code only, not comments (a comment may cite where a number came from): a string or template
 * literal naming the shared folder (`../shared…`, `/work/shared…`), a `'shared'` path segment passed
 * to a join/resolve call, or the `MAGBONE_SHARED` variable. Other scripts (.py, .sh, .json, the CI
 * entry point) are scanned as text. Benchmarks read the peers' figures vendored in bench/peers/.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import ts from 'typescript';
import { ROOT, DATA, readData } from './helpers/paths.js';

const SELF = path.join('test', 'repo-self-contained.test.ts');
/** The one file allowed to locate the shared folder (benchmarks' peer timings, CVODE harness). */
const ENV_NAME = ['MAGBONE', 'SHARED'].join('_');
const SHARED_PATH = /(^|[^\w.-])(\.\.\/)+shared(\/|$|[^\w-])|\/work\/shared\b/;

function walk(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out); else out.push(p);
  }
  return out;
}

/** Problems of one JS/TS source: literals naming the shared folder, the env variable, 'shared' path segments. */
function sharedReferences(fileName: string, text: string): string[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const where = (n: ts.Node) => `${fileName}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`;
  const visit = (n: ts.Node): void => {
    if (ts.isStringLiteralLike(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) {
      const s = n.text;
      if (s.includes(ENV_NAME)) found.push(`${where(n)}: string names ${ENV_NAME}`);
      else if (SHARED_PATH.test(s)) found.push(`${where(n)}: string names the shared folder: ${JSON.stringify(s.slice(0, 80))}`);
    } else if (ts.isIdentifier(n) && n.text === ENV_NAME) {
      found.push(`${where(n)}: reads ${ENV_NAME}`);
    } else if (ts.isCallExpression(n) && /(join|resolve)$/.test(n.expression.getText(sf))
      && n.arguments.some((a) => ts.isStringLiteralLike(a) && a.text === 'shared')) {
      found.push(`${where(n)}: builds a path through 'shared': ${n.getText(sf).slice(0, 80)}`);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

test('the scan finds each way of reaching the shared folder, and not comments', () => {
  const env = `process.env.${ENV_NAME}`;
  assert.equal(sharedReferences('a.ts', `const d = ${env} ?? 'x';`).length, 1);
  assert.equal(sharedReferences('a.ts', `const d = process.env['${ENV_NAME}'];`).length, 1);
  assert.equal(sharedReferences('a.ts', `const d = path.resolve(ROOT, '../shared');`).length, 1);
  assert.equal(sharedReferences('a.ts', `const d = path.join(ROOT, '..', 'shared', 'x.csv');`).length, 1);
  assert.equal(sharedReferences('a.ts', 'const d = `${ROOT}/../shared/reference/x.csv`;').length, 1);
  assert.equal(sharedReferences('a.ts', `readFileSync('/work/shared/x.csv');`).length, 1);
  assert.equal(sharedReferences('a.ts', `// data from ../shared/reference\n/** ${ENV_NAME} */\nconst x = 'shared cache';`).length, 0);
  assert.equal(sharedReferences('a.ts', `const x = '../shared-memory'; const y = 'a shared/b';`).length, 0);
});

test('src/, test/, web/ and bench/ never reach the shared folder', () => {
  const problems: string[] = [];
  const files = ['src', 'test', 'web', 'bench'].flatMap((d) => walk(path.join(ROOT, d)));
  let scanned = 0;
  for (const abs of files) {
    const rel = path.relative(ROOT, abs);
    if (rel === SELF || rel.startsWith(path.join('test', 'data') + path.sep)) continue;
    const text = fs.readFileSync(abs, 'utf8');
    if (/\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(rel)) {
      problems.push(...sharedReferences(rel, text));
      scanned++;
    } else if (/\.(py|sh|json)$/.test(rel)) {
      if (text.includes(ENV_NAME) || SHARED_PATH.test(text)) problems.push(`${rel}: names the shared folder or ${ENV_NAME}`);
      scanned++;
    }
  }
  for (const rel of ['.ci/run', 'package.json']) {
    const text = fs.readFileSync(path.join(ROOT, rel), 'utf8');
    if (text.includes(ENV_NAME) || /shared/.test(text)) problems.push(`${rel}: mentions the shared folder`);
  }
  assert.ok(scanned > 100, `only ${scanned} files scanned: is ROOT (${ROOT}) the repository?`);
  assert.deepEqual(problems, [], `read the vendored copies in test/data (DATA, readData in test/helpers/paths.ts) instead:\n${problems.join('\n')}`);
});

test('test/data holds exactly the files of SHA256SUMS, with those bytes (uncompressed)', () => {
  const sums = new Map(fs.readFileSync(path.join(DATA, 'SHA256SUMS'), 'utf8').trim().split('\n').map((line) => {
    const m = /^([0-9a-f]{64}) {2}(\S+)$/.exec(line);
    assert.ok(m, `bad SHA256SUMS line: ${line}`);
    return [m[2], m[1]] as const;
  }));
  const present = walk(DATA).map((f) => path.relative(DATA, f).split(path.sep).join('/'))
    .filter((f) => f !== 'README.md' && f !== 'SHA256SUMS');
  const logical = present.map((f) => f.replace(/\.gz$/, ''));
  assert.deepEqual([...logical].sort(), [...sums.keys()].sort(), 'files in test/data vs SHA256SUMS');
  for (const f of present) {
    const raw = fs.readFileSync(path.join(DATA, f));
    const bytes = f.endsWith('.gz') ? gunzipSync(raw) : raw;
    assert.equal(createHash('sha256').update(bytes).digest('hex'), sums.get(f.replace(/\.gz$/, '')), `${f}: content differs from SHA256SUMS`);
  }
  // readData finds a compressed file under its plain name and returns the original text
  const gz = present.find((f) => f.endsWith('.gz'));
  assert.ok(gz, 'no compressed file to check readData with');
  const text = readData(gz.replace(/\.gz$/, ''));
  assert.equal(createHash('sha256').update(text, 'utf8').digest('hex'), sums.get(gz.replace(/\.gz$/, '')));
  assert.throws(() => readData('reference/no-such-file.csv'), /no-such-file\.csv not found/);
});
