/**
 * Generated documentation: the LaTeX printer (names, numbers, precedence) and the Markdown of
 * every registered model and of the feature fixture.
 *
 * Precedence is tested as a property: random expressions are printed as LaTeX, the LaTeX is turned
 * back into plain text by mechanical rules that read it the way a person does (\frac groups its
 * two arguments, ^{…} groups the exponent, \left( \right) are parentheses), parsed, and evaluated;
 * a missing parenthesis changes the value.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/paths.js';
import { toLatex, latexName, latexNumber } from '../../src/model/latex.js';
import { modelDocs, renderSource, functionTableMarkdown, unitRulesMarkdown } from '../../src/model/docs.js';
import { parse, evaluate, toText, FUNCTIONS, type Expr, type Leaf } from '../../src/model/expr/index.js';
import { ModelInputError, checkModel } from '../../src/model/index.js';
import { toSBML } from '../../src/model/sbml/index.js';
import { modelEntries } from '../../src/models/index.js';
import type { ModelSpec } from '../../src/model/spec.js';
import { featureModel } from './sbml-fixture-model.js';
import { rng } from './sbml-compare.js';

test('names: subscripts, Greek letters, digits, long names whole', () => {
  assert.equal(latexName('PTH_p'), '\\mathrm{PTH}_{p}');
  assert.equal(latexName('k_PTHg_deg'), 'k_{\\mathrm{PTHg},\\mathrm{deg}}');
  assert.equal(latexName('gamma_p'), '\\gamma_{p}');
  assert.equal(latexName('Gamma_abs0'), '\\Gamma_{\\mathrm{abs0}}');
  assert.equal(latexName('V1'), 'V_{1}');
  assert.equal(latexName('D3_p'), '\\mathrm{D3}_{p}');
  assert.equal(latexName('x'), 'x');
  assert.equal(latexName('FastPool_to_Plasma_Mg'), '\\mathrm{FastPool\\_to\\_Plasma\\_Mg}');
  assert.equal(latexName('_hidden'), '\\mathrm{\\_hidden}');
  assert.equal(latexName('t'), 't');
});

test('numbers: decimals in [1e-3, 1e6), scientific otherwise', () => {
  assert.equal(latexNumber(0.0291), '0.0291');
  assert.equal(latexNumber(250000), '250000');
  assert.equal(latexNumber(1e-9), '10^{-9}');
  assert.equal(latexNumber(2.5e-9), '2.5 \\times 10^{-9}');
  assert.equal(latexNumber(3e7), '3 \\times 10^{7}');
  assert.equal(latexNumber(-1e-9), '-10^{-9}');
  assert.equal(latexNumber(Infinity), '\\infty');
});

test('LaTeX of hand-picked expressions', () => {
  const L = (s: string): string => toLatex(parse(s));
  assert.equal(L('-x^2'), '-x^{2}');
  assert.equal(L('(-x)^2'), '\\left(-x\\right)^{2}');
  assert.equal(L('a - (b - c)'), 'a - \\left(b - c\\right)');
  assert.equal(L('a + (b + c)'), 'a + b + c');
  assert.equal(L('a / (b * c)'), '\\frac{a}{b \\cdot c}');
  assert.equal(L('(a / b)^2'), '\\left(\\frac{a}{b}\\right)^{2}');
  assert.equal(L('2^3^2'), '2^{3^{2}}');
  assert.equal(L('(2^3)^2'), '\\left(2^{3}\\right)^{2}');
  assert.equal(L('a * (b + c)'), 'a \\cdot \\left(b + c\\right)');
  assert.equal(L('a + -b'), 'a + \\left(-b\\right)');
  assert.equal(L('exp(-k * t)'), '\\exp\\left(-k \\cdot t\\right)');
  assert.equal(L('log(x) + log10(x) + sqrt(x)'), '\\ln\\left(x\\right) + \\log_{10}\\left(x\\right) + \\sqrt{x}');
  assert.equal(L('abs(x - 1)'), '\\left\\lvert x - 1 \\right\\rvert');
  assert.equal(L('min(a, b, c)'), '\\min\\left(a, b, c\\right)');
  assert.equal(L('piecewise(1, x < 0, 2, x <= 1, 3)'),
    '\\begin{cases} 1 & \\text{if } x < 0 \\\\ 2 & \\text{if } x \\le 1 \\\\ 3 & \\text{otherwise} \\end{cases}');
  assert.equal(L('if(sw && !(x >= 1), a, b)'), '\\begin{cases} a & \\text{if } \\mathrm{sw} \\land \\lnot \\left(x \\ge 1\\right) \\\\ b & \\text{otherwise} \\end{cases}');
  assert.equal(L('hill(x, K, n)'), '\\mathrm{hill}\\left(x, K, n\\right)');
  assert.equal(L('fround(k * B0)'), '\\mathrm{fl}_{32}\\left(k \\cdot B_{0}\\right)', 'fl(x): x as floating point stores it, binary32');
  assert.equal(L('fround(x)^2'), '\\left(\\mathrm{fl}_{32}\\left(x\\right)\\right)^{2}');
  assert.equal(L('pow(a + b, 2)'), '\\left(a + b\\right)^{2}');
  assert.equal(L('exp(x)^2'), '\\left(\\exp\\left(x\\right)\\right)^{2}');
  assert.equal(L('k * 2.5e-9'), 'k \\cdot 2.5 \\times 10^{-9}');
  assert.equal(L('(1e-9)^2'), '\\left(10^{-9}\\right)^{2}');
  assert.ok(!L('abs(a) * abs(b)').includes('|'), 'no pipe: it would break a Markdown table');
});

// ------------------------------------------------------------- precedence property

const NAMES = ['PTH_p', 'gamma_h', 'V1', 'k_out', 'Emax', 'FastPool_to_Plasma'];

/** Reads LaTeX from toLatex back as plain text, the way a reader would. */
function latexToText(tex: string): string {
  let s = tex;
  NAMES.forEach((n, k) => { s = s.split(latexName(n)).join(` N${k} `); });
  s = s.split('\\log_{10}').join('log10');
  // \frac{A}{B} -> ((A)/(B)), ^{X} -> ^(X), \sqrt{X} -> sqrt(X): brace matching, innermost first
  const group = (from: number): [string, number] => {
    assert.equal(s[from], '{', `expected '{' at ${from} in ${s}`);
    let depth = 0;
    for (let k = from; k < s.length; k++) {
      if (s[k] === '{') depth++;
      else if (s[k] === '}' && --depth === 0) return [s.slice(from + 1, k), k + 1];
    }
    throw new Error(`unbalanced braces in ${s}`);
  };
  for (;;) {
    const f = s.lastIndexOf('\\frac{');
    const q = s.lastIndexOf('\\sqrt{');
    const p = s.lastIndexOf('^{');
    const at = Math.max(f, q, p);
    if (at < 0) break;
    if (at === f) {
      const [a, i] = group(f + 5);
      const [b, j] = group(i);
      s = `${s.slice(0, f)}((${a})/(${b}))${s.slice(j)}`;
    } else if (at === q) {
      const [a, i] = group(q + 5);
      s = `${s.slice(0, q)}sqrt(${a})${s.slice(i)}`;
    } else {
      const [a, i] = group(p + 1);
      s = `${s.slice(0, p)}^(${a})${s.slice(i)}`;
    }
  }
  const subs: [string, string][] = [
    ['\\left\\lvert', 'abs('], ['\\right\\rvert', ')'], ['\\left(', '('], ['\\right)', ')'],
    ['\\cdot', '*'], ['\\times', '*'], ['\\neq', '!='], ['\\le', '<='], ['\\ge', '>='], ['\\land', '&&'], ['\\lor', '||'],
    ['\\lnot', '!'], ['\\exp', 'exp'], ['\\ln', 'log'], ['\\min', 'min'], ['\\max', 'max'], ['\\mathrm{hill}', 'hill'], ['\\mathrm{fl}_{32}', 'fround'],
  ];
  for (const [a, b] of subs) s = s.split(a).join(b);
  s = s.replace(/(?<![<>!=])=(?!=)/g, '==');
  NAMES.forEach((n, k) => { s = s.split(` N${k} `).join(` ${n} `); });
  assert.ok(!/[\\{}]/.test(s), `untranslated LaTeX left in ${s}`);
  return s;
}

function randomExpr(draw: () => number, depth: number): Expr {
  const leaf = (): Expr => (draw() < 0.75 ? { kind: 'sym', name: NAMES[Math.floor(draw() * NAMES.length)] }
    : { kind: 'num', value: [2, 0.5, 3, 1e-9, 2.5e7, 0.001][Math.floor(draw() * 6)] });
  if (depth === 0) return leaf();
  const r = draw();
  const sub = (): Expr => randomExpr(draw, depth - 1);
  if (r < 0.45) {
    const op = (['+', '-', '*', '/', '^', '<', '>=', '==', '&&', '||'] as const)[Math.floor(draw() * 10)];
    // keep powers finite: small exponents
    const right = op === '^' ? (draw() < 0.5 ? { kind: 'num', value: 2 } as Expr : { kind: 'sym', name: 'gamma_h' } as Expr) : sub();
    return { kind: 'binary', op, left: sub(), right };
  }
  if (r < 0.55) return { kind: 'unary', op: draw() < 0.8 ? '-' : '!', arg: sub() };
  if (r < 0.75) {
    const fn = ['exp', 'log', 'sqrt', 'abs', 'min', 'max', 'hill', 'log10', 'fround'][Math.floor(draw() * 9)];
    const info = FUNCTIONS.get(fn)!;
    return { kind: 'call', fn, args: Array.from({ length: info.minArgs }, sub) };
  }
  return leaf();
}

test('LaTeX precedence property: 3000 random expressions read back to the same value', () => {
  const draw = rng(2024);
  const values: Record<string, number> = { PTH_p: 1.3, gamma_h: 1.7, V1: 0.6, k_out: 2.2, Emax: 0.9, FastPool_to_Plasma: 1.1 };
  let checked = 0;
  for (let k = 0; k < 3000; k++) {
    const e = randomExpr(draw, 1 + (k % 5));
    const text = latexToText(toLatex(e));
    const back = parse(text);
    const leaf = (l: Leaf): number => (l.kind === 'sym' ? values[l.name] : NaN);
    const a = evaluate(e, leaf), b = evaluate(back, leaf);
    const same = a === b || (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
    assert.ok(same, `${toText(e)} = ${a}\n  LaTeX ${toLatex(e)}\n  read as ${text} = ${b}`);
    checked++;
  }
  assert.equal(checked, 3000);
});

// ------------------------------------------------------------- Markdown

/** Every Markdown table keeps its column count on every row (no stray pipes from the data). */
function assertTablesIntact(md: string, id: string): number {
  let tables = 0, cols = -1;
  for (const line of md.split('\n')) {
    if (!line.startsWith('|')) { cols = -1; continue; }
    const n = line.replace(/\\\|/g, '').split('|').length - 2;
    if (cols < 0) { cols = n; tables++; } else assert.equal(n, cols, `${id}: table row has ${n} cells, header ${cols}: ${line.slice(0, 120)}`);
  }
  return tables;
}

test('sources render as links or labelled text', () => {
  const refs = featureModel.references;
  assert.equal(renderSource('ref:smith2000 Table 2', refs), '[smith2000](#ref-smith2000) Table 2');
  assert.equal(renderSource('ref:nobody', refs), 'ref:nobody (not in the reference list)');
  assert.equal(renderSource('doi:10.1000/a(b)c', refs), '[doi:10.1000/a(b)c](https://doi.org/10.1000/a%28b%29c)');
  assert.equal(renderSource('pmid:123', refs), '[PMID 123](https://pubmed.ncbi.nlm.nih.gov/123/)');
  assert.equal(renderSource('fitted: data of ref:code2020', refs), '*fitted:* data of [code2020](#ref-code2020)');
  assert.equal(renderSource('assumed: x < y', refs), '*assumed:* x &lt; y');
  assert.equal(renderSource('derived: from k', refs), '*derived:* from k');
  assert.equal(renderSource('assumed: costs $5 | $6', refs), '*assumed:* costs \\$5 | \\$6');
});

test('docs of the feature model: every section, every quantity, links, unchecked units', () => {
  const md = modelDocs(featureModel);
  for (const h of ['# Feature test model &lt;all> & "everything"', '## References', '## States', '## Equations', '### Differential equations',
    '### Assignment rules', '## Observables', '## Parameters', '## Pathway switches', '## Dose targets', '## Assumptions',
    '## Quantities with unchecked units']) {
    assert.ok(md.includes(`\n${h}`) || md.startsWith(h), `section ${h}`);
  }
  assert.ok(md.includes('<a id="ref-smith2000"></a>**smith2000**'));
  assert.ok(md.includes('[doi:10.1000/test(2000)01](https://doi.org/10.1000/test%282000%2901)'));
  assert.ok(md.includes('[PMID 12345678](https://pubmed.ncbi.nlm.nih.gov/12345678/)'));
  assert.ok(md.includes('| `ka` | $\\mathrm{ka}$ | 1.2 | `1/h` | [0, 10] | Absorption rate constant. | [smith2000](#ref-smith2000) Table 2 |'));
  assert.ok(md.includes('*fitted:* the PK dataset of [smith2000](#ref-smith2000)'));
  assert.ok(md.includes('| `third` | $\\mathrm{third}$ | 0.3333333333333333 |'), 'values printed exactly');
  for (const name of Object.keys(featureModel.states)) assert.ok(md.includes(`$$\\frac{d\\,${latexName(name)}}{dt} = `), `ODE of ${name}`);
  for (const name of [...Object.keys(featureModel.rules), ...Object.keys(featureModel.observables)]) {
    assert.ok(md.includes(`$$${latexName(name)} = `), `equation of ${name}`);
  }
  assert.ok(md.includes('| `depot` | $\\mathrm{depot}$ | `mg` | $\\mathrm{dose0} \\cdot F_{\\mathrm{oral}}$ |'), 'expression initial value');
  assert.ok(md.includes('| `feedback` | on | animal |') && md.includes('| `off_path` | off | hypothesis |'));
  assert.ok(md.includes('| `PO` | `depot` | `mg` | 300.25 ([smith2000](#ref-smith2000) Methods) | $F_{\\mathrm{oral}}$ |'));
  assert.ok(md.includes('- The marker has no unit in the source &lt;sic>.'));
  const unchecked = md.slice(md.indexOf('## Quantities with unchecked units'));
  for (const q of ['parameter `kin`', 'state `M`', 'rule `kin_eff`', 'rule `Rscale`', 'observable `charge_obs`', 'the ODE of `R`']) {
    assert.ok(unchecked.includes(q), `unchecked: ${q}`);
  }
  assert.ok(!unchecked.includes('`ka`'));
  assert.ok(md.includes('- `hill(x, K, n)`: x^n / (K^n + x^n)') && md.includes('- `hillinv(x, K, n)`'), 'function legend');
  assert.ok(md.includes('- `fround(x)`: x rounded to the nearest single-precision') && md.includes('\\mathrm{fl}_{32}\\left('), 'fround in the legend and the equations');
  assert.equal(assertTablesIntact(md, featureModel.id), 5); // header, states, parameters, switches, doses
  const paramRows = md.slice(md.indexOf('## Parameters')).split('\n').filter((l) => l.startsWith('| `')).length;
  assert.ok(paramRows >= Object.keys(featureModel.parameters).length);
});

test('docs of every registered model: complete, tables intact, every ref: source resolves', () => {
  const specs: ModelSpec[] = modelEntries().map((e) => e.spec);
  assert.ok(specs.length >= 1);
  for (const spec of specs) {
    const md = modelDocs(spec);
    for (const name of [...Object.keys(spec.parameters), ...Object.keys(spec.states), ...Object.keys(spec.rules), ...Object.keys(spec.observables)]) {
      assert.ok(md.includes(`\`${name}\``), `${spec.id}: ${name} documented`);
    }
    assert.ok(!md.includes('(not in the reference list)'), `${spec.id}: a ref: source names no reference`);
    assert.ok(assertTablesIntact(md, spec.id) >= 3);
    for (const r of spec.references) if (r.doi) assert.ok(md.includes('https://doi.org/'), `${spec.id}: doi link`);
  }
});

test('docs of a model that does not check: every problem, with its path', () => {
  const broken: ModelSpec = {
    ...featureModel,
    states: { ...featureModel.states, M: { ...featureModel.states.M, ode: 'k_M * (R / R0 - ' } },
    observables: { ...featureModel.observables, R_rel: { ...featureModel.observables.R_rel, expr: 'R / R00' } },
  };
  assert.throws(() => modelDocs(broken), (e: unknown) => {
    assert.ok(e instanceof ModelInputError);
    assert.match(e.message, /states\.M\.ode/);
    assert.match(e.message, /observables\.R_rel\.expr.*R00.*did you mean 'R0'/);
    return true;
  });
});

test('the modelling-language guide carries the current function table and unit rules', () => {
  const guide = fs.readFileSync(path.join(ROOT, 'docs', 'modelling-language.md'), 'utf8');
  for (const [block, want, from] of [['functions', functionTableMarkdown(), 'src/model/expr/functions.ts'], ['unit-rules', unitRulesMarkdown(), 'UNIT_RULES in src/model/check.ts']]) {
    const m = new RegExp(`<!-- ${block}:begin[^>]*-->\\n([\\s\\S]*?)\\n<!-- ${block}:end -->`).exec(guide);
    assert.ok(m, `docs/modelling-language.md has the <!-- ${block}:begin --> … <!-- ${block}:end --> block`);
    assert.equal(m[1], want, `the ${block} block of docs/modelling-language.md is out of date with ${from}; replace it by:\n${want}`);
  }
});

test('the example model of the guide checks, documents and exports', () => {
  const guide = fs.readFileSync(path.join(ROOT, 'docs', 'modelling-language.md'), 'utf8');
  const m = /```ts\n([\s\S]*?)```/.exec(guide);
  assert.ok(m, 'the guide has a ```ts example');
  // the example is plain data: drop its import and type annotation and evaluate it as JavaScript
  const body = m[1].replace(/^import .*\n/m, '').replace(/export const (\w+): ModelSpec =/, 'return');
  const spec = new Function(body)() as ModelSpec;
  assert.deepEqual(checkModel(spec), []);
  assert.match(modelDocs(spec), /\$\$\\frac\{d\\,\\mathrm\{PTH\}\}\{dt\} = /);
  assert.match(toSBML(spec), /<rateRule variable="PTH">/);
});
