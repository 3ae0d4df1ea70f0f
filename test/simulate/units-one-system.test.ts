/**
 * One unit system: every unit docs/scenarios.md lists parses at the scenario boundary
 * (model/quantity.ts) to the same size as in the modelling language (model/units.ts), and mEq is
 * refused at the boundary with a message that says how to write it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/paths.js';
import { parseUnit as boundaryUnit, parseQuantity } from '../../src/model/quantity.js';
import { parseUnit as languageUnit } from '../../src/model/units.js';

const WORDS: Record<string, string> = { sec: 's', hr: 'h', hour: 'h', hours: 'h', day: 'd', days: 'd', week: 'wk', weeks: 'wk', month: 'mo', months: 'mo', year: 'y', years: 'y', mcg: 'ug' };

/** The units of the docs' "Units:" paragraph: every back-quoted word, with "(…)" notes dropped. */
function documentedUnits(): string[] {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'scenarios.md'), 'utf8');
  const para = doc.slice(doc.indexOf('Units: time'), doc.indexOf('\n\n', doc.indexOf('Units: time')));
  const listed = [...para.matchAll(/`([^`]+)`/g)].flatMap((m) => m[1].replace(/\([^)]*\d[^)]*\)/g, '').split(/\s+/)).filter((u) => /^[A-Za-zµ%]+(\(s\))?$/.test(u) && u !== 'mEq');
  return [...new Set(listed.flatMap((u) => (/\(s\)$/.test(u) ? [u.slice(0, -3), u.slice(0, -3) + 's'] : [u])))];
}

test('every documented unit means the same at the scenario boundary and in the language', () => {
  const units = documentedUnits();
  assert.ok(units.length >= 30, `units read from the docs: ${units.join(' ')}`);
  // size in the language's reference units (s, g, mol, m³) of each boundary unit, from its dimension
  for (const u of units) {
    const b = boundaryUnit(u);
    assert.ok(b, `the boundary parses ${u}`);
    const l = languageUnit(WORDS[u] ?? u);
    const [time, , , volume, bsa] = b.dim;
    assert.equal(bsa, 0, u);
    const inLanguage = b.scale * Math.pow(3600, time) * Math.pow(1e-3, volume);
    assert.ok(Math.abs(inLanguage - l.scale) <= 1e-12 * l.scale, `${u}: boundary ${inLanguage}, language ${l.scale}`);
  }
  // compound forms agree too
  for (const u of ['mg/d', 'mmol/L', 'ug/h', 'mL/min']) {
    const b = boundaryUnit(u)!, l = languageUnit(u);
    assert.ok(Math.abs(b.scale * Math.pow(3600, b.dim[0]) * Math.pow(1e-3, b.dim[3]) - l.scale) <= 1e-12 * l.scale, u);
  }
  // body-surface normalisation stays a boundary unit of its own
  assert.deepEqual(boundaryUnit('mL/min/1.73m2')?.dim, [-1, 0, 0, 1, -1]);
});

test('mEq is refused at the boundary, saying how to write the amount', () => {
  const r = parseQuantity('20 mEq');
  assert.equal(typeof r, 'string');
  assert.match(r as string, /"20 mEq": equivalents \(mEq\) depend on the ion's charge: write the amount of substance instead \(Mg²⁺ and Ca²⁺: 1 mEq = 0\.5 mmol/);
  assert.equal(boundaryUnit('mEq/d'), undefined);
  assert.equal(typeof parseQuantity('16 mmol'), 'object');
});
