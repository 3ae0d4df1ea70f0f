import test from 'node:test';
import assert from 'node:assert/strict';
import { parseQuantity, convert, convertDoseAmount } from '../../src/model/quantity.js';

test('time quantities convert into the model time unit', () => {
  const q = parseQuantity('365 d');
  assert.ok(typeof q !== 'string');
  assert.equal(convert(q, 'h'), 8760);
  const y = parseQuantity('5 y');
  assert.ok(typeof y !== 'string');
  assert.equal(convert(y, 'd'), 5 * 365.25);
  const m = parseQuantity(90, 'min');
  assert.ok(typeof m !== 'string');
  assert.equal(convert(m, 'h'), 1.5);
});

test('dose amounts: mass to molar amount through the molar mass', () => {
  const q = parseQuantity('20 ug');
  assert.ok(typeof q !== 'string');
  const pmol = convertDoseAmount(q, 'pmol', 4117.8);
  assert.equal(typeof pmol, 'number');
  assert.ok(Math.abs((pmol as number) - 20e6 / 4117.8) < 1e-9);
  const bad = parseQuantity('20 mg/d');
  assert.ok(typeof bad !== 'string');
  assert.match(String(convertDoseAmount(bad, 'pmol', 4117.8)), /expects/);
  assert.match(String(parseQuantity('20 furlongs')), /unknown unit "furlongs"/);
  assert.match(String(parseQuantity('abc')), /not a quantity/);
});
