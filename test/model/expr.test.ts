/**
 * The expression language: parser (precedence, errors with positions), printer round trip,
 * compileVectorField on the stiff IVP test set (test/data/ivp-testset, Mazzia & Magherini,
 * Test Set for IVP Solvers 2.4): generated RHS vs an independent interpreter and hand-written
 * code, analytic Jacobian vs central finite differences.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DATA } from '../helpers/paths.js';
import { parse, tryParse, toText, evaluate, compileVectorField, diff, canonical, ExprErrors, ExprSyntaxError, type Expr } from '../../src/model/expr/index.js';

const TESTSET = path.join(DATA, 'ivp-testset');
interface TestProblem { name: string; n: number; y0: number[]; parameters: Record<string, number>; rhs: string[] }
const problems: TestProblem[] = fs.readdirSync(TESTSET).filter((f) => f.endsWith('.json') && f !== 'verification.json')
  .map((f) => JSON.parse(fs.readFileSync(path.join(TESTSET, f), 'utf8')) as TestProblem);

/** Deterministic pseudo-random numbers (tests must be reproducible). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

const ev = (text: string, env: Record<string, number> = {}): number =>
  evaluate(parse(text), (l) => (l.kind === 'sym' ? env[l.name] : NaN));

test('precedence: ^ right-assoc and tighter than unary minus; * / before + -', () => {
  assert.equal(ev('-2^2'), -4);
  assert.equal(ev('2^3^2'), 512);
  assert.equal(ev('2^-1'), 0.5);
  assert.equal(ev('(-2)^2'), 4);
  assert.equal(ev('10-4-3'), 3);
  assert.equal(ev('24/4/3'), 2);
  assert.equal(ev('1+2*3^2'), 19);
  assert.equal(ev('-x^2 + 1', { x: 3 }), -8);
  assert.equal(ev('1 < 2 && 3 >= 4 || !0'), 1);
  assert.equal(ev('piecewise(1, x < 0, 2, x < 1, 3)', { x: 0.5 }), 2);
  assert.equal(ev('if(x, 5, 6)', { x: 0 }), 6);
  assert.equal(ev('hill(2, 2, 3)'), 0.5);
  assert.equal(ev('hillinv(1, 2, 1) + hill(1, 2, 1)'), 1);
  assert.equal(ev('min(3, 1, 2) + max(1, 5)'), 6);
  const e = parse('-x^2');
  assert.equal(e.kind, 'unary');
});

test('printer round-trips: parse(toText(e)) prints the same', () => {
  const samples = ['-x^2', '(-x)^2', 'a - (b - c)', 'a / (b * c)', '2^3^2', '(2^3)^2', 'a + b + c', 'a + (b + c)',
    '-(a + b) * c', 'x < 1 && !(y >= 2) || z == 3', 'piecewise(a, x < 1, b)', 'hill(x, K, n) * exp(-k * t)', 'y[3] - 1e-7'];
  for (const s of samples) {
    const t1 = toText(parse(s));
    assert.equal(toText(parse(t1)), t1, s);
  }
  assert.equal(toText(parse('a - (b - c)')), 'a - (b - c)');
  assert.equal(toText(parse('(a - b) - c')), 'a - b - c');
  assert.equal(toText(parse('(-x)^2')), '(-x)^2');
});

test('syntax errors carry positions and say what is allowed', () => {
  const cases: [string, number, RegExp][] = [
    ['k1*(y[0] + 2', 12, /expected '\)'/],
    ['2x + 1', 1, /followed by 'x'/],
    ['a ** b', 2, /'\^'/],
    ['a = b', 2, /'=='/],
    ['a + * b', 4, /expected a number/],
    ['y[-1]', 2, /non-negative integer/],
    ['a < b < c', 6, /do not chain/],
    ['(x + 1) ) ', 8, /unbalanced/],
    ['', 0, /empty/],
  ];
  for (const [text, pos, re] of cases) {
    const r = tryParse(text);
    assert.equal(r.expr, undefined, text);
    assert.equal(r.issues[0].pos, pos, `${text}: ${r.issues[0].message}`);
    assert.match(r.issues[0].message, re, text);
  }
  assert.throws(() => parse('exq(x) + hill(x, K)'), (err: unknown) => {
    assert.ok(err instanceof ExprSyntaxError);
    assert.equal(err.problems.length, 2);
    assert.match(err.problems[0].message, /unknown function 'exq'.*did you mean 'exp'/);
    assert.match(err.problems[1].message, /hill takes 3 arguments, got 2/);
    assert.equal(err.problems[1].pos, 9);
    return true;
  });
  assert.match(tryParse('piecewise(1, x, 2, y)').issues[0]?.message ?? '', /odd number/);
});

test('compileVectorField reports every problem at once, each with its place', () => {
  try {
    compileVectorField({ n: 3, rhs: ['k1*y[0] + k3*y[3]', 'k11*y[1] - y[0]*(', 'y', 'zz[0]'], parameters: { k1: 1, k2: 2, k3: NaN } });
    assert.fail('should throw');
  } catch (err) {
    assert.ok(err instanceof ExprErrors);
    const got = err.issues.map((i) => `${i.code} ${JSON.stringify(i.path)}`).sort();
    assert.deepEqual(got, [
      'count ["rhs"]',
      'index-range ["rhs",0,13]',
      'non-finite ["parameters","k3"]',
      'syntax ["rhs",1,17]',
      'unknown-symbol ["rhs",2,0]',
      'unknown-symbol ["rhs",3,0]',
    ].sort());
    assert.match(err.message, /6 problems/);
    assert.match(err.issues.find((i) => i.code === 'index-range')!.message, /y\[3\] is out of range.*0 \.\. 2/);
  }
  // did-you-mean on a near miss, even when the syntax elsewhere is fine
  assert.throws(() => compileVectorField({ n: 1, rhs: ['-k11*y[0]'], parameters: { k1: 1 } }),
    (e: unknown) => e instanceof ExprErrors && /unknown symbol 'k11'.*did you mean 'k1'/.test(e.message));
});

/** Reference values from the interpreter (independent of the code generator). */
function interpRhs(p: TestProblem, y: Float64Array, t = 0): Float64Array {
  const exprs: Expr[] = p.rhs.map((s) => parse(s));
  return Float64Array.from(exprs, (e) => evaluate(e, (l) => (l.kind === 'index' ? y[l.index] : l.name === 't' ? t : p.parameters[l.name])));
}

function randomState(p: TestProblem, r: () => number): Float64Array {
  const scale = Math.max(...p.y0.map(Math.abs), 1e-3);
  return Float64Array.from(p.y0, (v) => v * (0.5 + r()) + 0.05 * scale * (r() - 0.25));
}

test('generated RHS equals the interpreter on every test-set problem', () => {
  assert.ok(problems.length >= 8, `found ${problems.length} problems in ${TESTSET}`);
  const r = rng(7);
  for (const p of problems) {
    const vf = compileVectorField(p);
    const dy = new Float64Array(p.n);
    for (let k = 0; k < 5; k++) {
      const y = k === 0 ? Float64Array.from(p.y0) : randomState(p, r);
      vf.f(0, y, dy);
      const ref = interpRhs(p, y);
      for (let i = 0; i < p.n; i++) {
        const tol = 1e-14 * (Math.abs(ref[i]) + 1e-300) + 1e-300;
        assert.ok(Math.abs(dy[i] - ref[i]) <= Math.max(tol, 4e-16 * Math.abs(ref[i])) || dy[i] === ref[i],
          `${p.name} dy[${i}] = ${dy[i]} vs ${ref[i]}`);
      }
    }
  }
});

test('generated RHS and Jacobian equal hand-written ROBER code', () => {
  const p = problems.find((q) => q.name.startsWith('ROBER'))!;
  const { k1, k2, k3 } = p.parameters;
  const vf = compileVectorField(p);
  const y = Float64Array.from([0.7, 3e-5, 0.3]);
  const dy = new Float64Array(3), J = new Float64Array(9).fill(NaN);
  vf.f(0, y, dy);
  assert.deepEqual([...dy], [-k1 * y[0] + k3 * y[1] * y[2], k1 * y[0] - k3 * y[1] * y[2] - k2 * y[1] * y[1], k2 * y[1] * y[1]]);
  vf.jac(0, y, J);
  const ref = [-k1, k3 * y[2], k3 * y[1], k1, -k3 * y[2] - 2 * k2 * y[1], -k3 * y[1], 0, 2 * k2 * y[1], 0];
  for (let i = 0; i < 9; i++) assert.ok(Math.abs(J[i] - ref[i]) <= 1e-15 * Math.abs(ref[i]), `J[${i}] ${J[i]} vs ${ref[i]}`);
  assert.doesNotMatch(vf.source.f + vf.source.jac, /pow\(/, 'integer powers must be products');
});

/** Column j of the Jacobian by central differences with one Richardson extrapolation (error O(h^4)). */
export function fdColumn(f: (t: number, y: Float64Array, dy: Float64Array) => void, y: Float64Array, j: number, h: number,
  fp: Float64Array, fm: Float64Array): Float64Array {
  const central = (hj: number): Float64Array => {
    const yp = Float64Array.from(y), ym = Float64Array.from(y);
    yp[j] += hj; ym[j] -= hj;
    f(0, yp, fp); f(0, ym, fm);
    const hh = yp[j] - ym[j];
    return Float64Array.from(fp, (v, i) => (v - fm[i]) / hh);
  };
  const d1 = central(h), d2 = central(h / 2);
  return Float64Array.from(d1, (v, i) => (4 * d2[i] - v) / 3);
}

test('analytic Jacobian agrees with central finite differences on every test-set problem', () => {
  const r = rng(11);
  for (const p of problems) {
    const vf = compileVectorField(p);
    const n = p.n;
    const J = new Float64Array(n * n);
    const fp = new Float64Array(n), fm = new Float64Array(n);
    for (let k = 0; k < 4; k++) {
      const y = k === 0 ? Float64Array.from(p.y0) : randomState(p, r);
      J.fill(NaN);
      vf.jac(0, y, J);
      const scale = Math.max(...Array.from(y, Math.abs));
      for (let j = 0; j < n; j++) {
        const fd = fdColumn(vf.f, y, j, 1e-5 * Math.max(Math.abs(y[j]), 1e-2 * scale), fp, fm);
        for (let i = 0; i < n; i++) {
          let rowMax = 0;
          for (let c = 0; c < n; c++) rowMax = Math.max(rowMax, Math.abs(J[i * n + c]));
          const err = Math.abs(J[i * n + j] - fd[i]);
          // relative 1e-6, with a floor for entries many orders below the row's largest (FD round-off scales with the row, not the entry)
          const tol = 1e-6 * Math.max(Math.abs(J[i * n + j]), 1e-3 * rowMax) + 1e-300;
          assert.ok(err <= tol, `${p.name} J[${i}][${j}] analytic ${J[i * n + j]} vs FD ${fd[i]} at state ${k}`);
        }
      }
      assert.ok(J.every(Number.isFinite), `${p.name}: every entry written`);
    }
  }
});

test('sparse Jacobian: only structural non-zeros are computed', () => {
  const p = problems.find((q) => q.name === 'POLLU')!;
  const vf = compileVectorField(p);
  const nnz = vf.pattern.reduce((s, row) => s + row.length, 0);
  assert.ok(nnz < 0.4 * p.n * p.n, `POLLU non-zeros ${nnz}`);
  assert.match(vf.source.jac, /J\.fill\(0\)/);
});

test('fround: the interpreter and the generated code round to single precision exactly as Math.fround', () => {
  // 0.1, 1/3, 0.000145 are not binary32 numbers: each rounds visibly (relative 1e-9 .. 3e-8)
  for (const x of [0.1, 1 / 3, 0.000145, -2.5e-7, 1e30, 3.4028235677973366e38, 0, -0, 5e-324, Infinity, NaN]) {
    assert.ok(Object.is(ev('fround(x)', { x }), Math.fround(x)), `fround(${x})`);
  }
  assert.notEqual(ev('fround(x)', { x: 0.1 }), 0.1);
  assert.equal(ev('fround(fround(x) * 3)', { x: 0.1 }), Math.fround(Math.fround(0.1) * 3));
  assert.equal(tryParse('fround(x, y)').issues[0]?.message, 'fround takes 1 argument, got 2: fround(x)');

  const vf = compileVectorField({ n: 2, rhs: ['fround(k * y[0]) - y[1]', 'fround(fround(y[0]) * y[1]) + fround(k)'], parameters: { k: 0.000145 } });
  const r = rng(5);
  const dy = new Float64Array(2), J = new Float64Array(4);
  for (let trial = 0; trial < 20; trial++) {
    const y = Float64Array.from([r() * 10, r() - 0.5]);
    vf.f(0, y, dy);
    assert.equal(dy[0], Math.fround(0.000145 * y[0]) - y[1]);
    assert.equal(dy[1], Math.fround(Math.fround(y[0]) * y[1]) + Math.fround(0.000145));
    // derivative of fround is taken as the identity's: the Jacobian of the smooth values
    vf.jac(0, y, J);
    assert.deepEqual([...J], [0.000145, -1, y[1], Math.fround(y[0])]);
  }
  assert.match(vf.source.f, /fround = Math\.fround/, 'bound once, like the other Math functions');
});

test('fround: differentiated as the identity; canonical folds literals and nested roundings', () => {
  const dx = (text: string): string => toText(diff(parse(text), (l) => (l.kind === 'sym' && l.name === 'x' ? { kind: 'num', value: 1 } : { kind: 'num', value: 0 })));
  assert.equal(dx('fround(x^2 * k)'), dx('x^2 * k'));
  assert.equal(dx('fround(k)'), '0');
  assert.equal(dx('exp(fround(x))'), 'exp(fround(x))', 'the chain rule goes through, the value stays rounded');
  assert.equal(toText(canonical(parse('fround(fround(x)) + fround(0.1)'))), `fround(x) + ${Math.fround(0.1)}`);
  assert.equal(toText(canonical(parse('fround(-fround(x))'))), 'fround(-fround(x))', 'only exact rewrites');
});
