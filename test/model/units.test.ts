/** The unit parser and algebra (units.ts): forms, prefixes vs base names, scales, errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseUnit, tryParseUnit, conversionFactor, sameUnit, parseQuantity, prettyUnit, formatDims } from '../../src/model/index.js';

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-12 * Math.abs(b);

test('conversion factors between common units', () => {
  const cases: [string, string, number][] = [
    ['mg/dL', 'mg/L', 10],
    ['d', 'h', 24],
    ['wk', 'd', 7],
    ['y', 'd', 365.25],
    ['mo', 'd', 365.25 / 12],
    ['1/h', '1/min', 1 / 60],
    ['pmol/L/h', 'pmol/L/min', 1 / 60],
    ['mmol/d', 'umol/h', 1000 / 24],
    ['mL/min', 'L/h', 0.06],
    ['uM', 'umol/L', 1],
    ['pM', 'pmol/L', 1],
    ['mM', 'mol/m3', 1],
    ['µg', 'ug', 1],
    ['%', '1', 0.01],
    ['mmol/pmol', '1', 1e9],
    ['mol/(L*h)', 'mmol/L/h', 1000],
    ['h^-1', '1/h', 1],
    ['kg.m2', 'g*m^2', 1000],
    ['1.73m2', 'm2', 1.73],
    ['dL', 'mL', 100],
    ['ng/mL', 'ug/L', 1],
  ];
  for (const [a, b, f] of cases) assert.ok(close(conversionFactor(a, b), f), `${a} -> ${b}: ${conversionFactor(a, b)} vs ${f}`);
});

test('eGFR per 1.73 m2 body surface is volume per time per area', () => {
  assert.equal(formatDims(parseUnit('mL/min/1.73m2')), 'm·s^-1');
  assert.throws(() => conversionFactor('mL/min/1.73m2', 'mL/min'), /dimensions/);
});

test('units are dimension and scale: mmol and pmol, L and m3', () => {
  assert.ok(!sameUnit(parseUnit('mmol'), parseUnit('pmol')));
  assert.ok(sameUnit(parseUnit('L'), parseUnit('dm3')));
  assert.ok(sameUnit(parseUnit('pmol/L'), parseUnit('pM')));
  assert.ok(sameUnit(parseUnit('1'), parseUnit('mmol/mmol')));
});

test('errors name the unit, the column and what is allowed', () => {
  for (const [s, pos, re] of [['mmmol', 0, /unknown unit 'mmmol'/], ['mol//L', 4, /unexpected '\/'/], ['kh', 0, /unknown unit/], ['', 0, /"1" for a dimensionless/], ['mol^x', 3, /integer power/], ['(mol/L', 6, /expected '\)'/]] as const) {
    const r = tryParseUnit(s);
    assert.ok(r.error, s);
    assert.equal(r.error.pos, pos, `${s}: ${r.error.message}`);
    assert.match(r.error.message, re);
  }
  assert.match(tryParseUnit('xyz').error!.message, /prefixes f p n u µ m c d k/);
});

test('quantities and readable spelling', () => {
  const q = parseQuantity('300 mg/d');
  assert.equal(q.value, 300);
  assert.equal(q.unit, 'mg/d');
  assert.equal(parseQuantity('1.5').unit, '1');
  assert.throws(() => parseQuantity('mg 300'));
  const h = parseUnit('h');
  assert.equal(prettyUnit(parseUnit('mmol/L/h'), h, 'h'), 'mmol/L/h');
  assert.equal(prettyUnit(parseUnit('mmol/min'), h, 'h'), '60 mmol/h');
  assert.equal(prettyUnit(parseUnit('pmol'), h, 'h'), 'pmol');
  assert.equal(prettyUnit(parseUnit('1'), h, 'h'), 'dimensionless');
});
