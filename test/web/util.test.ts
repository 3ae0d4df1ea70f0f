/**
 * The web app's pure modules (change descriptions, share links, the observation CSV reader, the
 * scenario form's times) tested in Node: web/ is not compiled by the root tsconfig, so the files are
 * bundled with esbuild into a temporary folder and imported from there. The axis rules and display
 * time units the page draws with are the library's (web/ imports them from src/index.ts).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { ROOT } from '../helpers/paths.js';
import { tickLabels, timeUnitForSpan, valueRange } from '../../src/index.js';

type Mod = Record<string, (...args: never[]) => unknown>;
const ENTRIES = ['scenario/describe.ts', 'scenario/share.ts', 'data/observations.ts', 'util/units.ts', 'controls/parameters.ts'];
let dir = '';
const mods: Record<string, Mod> = {};

before(async () => {
  // inside the repository (dist/ is build output), so that the packages left external resolve from its node_modules
  fs.mkdirSync(path.join(ROOT, 'dist'), { recursive: true });
  dir = fs.mkdtempSync(path.join(ROOT, 'dist', 'web-util-'));
  await build({
    entryPoints: ENTRIES.map((e) => path.join(ROOT, 'web', 'src', e)), bundle: true, format: 'esm', platform: 'node',
    packages: 'external', outdir: dir, outbase: path.join(ROOT, 'web', 'src'), logLevel: 'error',
  });
  for (const e of ENTRIES) mods[e] = await import(pathToFileURL(path.join(dir, e.replace(/\.ts$/, '.js'))).href) as Mod;
});
after(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

test('axis: a flat output gets at least 2 % of its magnitude; tick labels are distinct', () => {
  const [lo, hi] = valueRange(36.18, 36.19);
  assert.ok(hi - lo >= 0.02 * 36.19, `PTH axis ${lo}–${hi} magnifies noise`);
  assert.ok(lo < 36.18 && hi > 36.19);
  const [a, b] = valueRange(0, 0);
  assert.ok(b > a, 'an all-zero output still has an axis');
  assert.ok(valueRange(0.5, 0.5)[0] >= 0, 'a positive flat output keeps a non-negative axis');
  const [c, d] = valueRange(-3, 5);
  assert.ok(c <= -3 && d >= 5 && d - c < 9, `a wide range is only padded (${c}–${d})`);
  const [e, f] = valueRange(0, 0.004, undefined, 1);
  assert.ok(f - e >= 1, `a BMD change of 0.004 % is drawn on at least a 1-point axis (${e}–${f})`);
  const labels = tickLabels([1, 1.0002, 1.0004, 1.0006]).map((t) => t.label);
  assert.equal(new Set(labels).size, 4, labels.join(' '));
  assert.deepEqual(tickLabels([0, 20, 40, 60]).map((t) => t.label), ['0', '20', '40', '60']);
  assert.deepEqual(tickLabels([0.7, 0.8, 0.9, 1]).map((t) => t.label), ['0.7', '0.8', '0.9', '1']);
});

test('units: the display unit follows the run length (h → d → wk → mo → y)', () => {
  const f = timeUnitForSpan;
  assert.equal(f(24), 'h');
  assert.equal(f(10 * 24), 'd');
  assert.equal(f(12 * 168), 'wk');
  assert.equal(f(9 * 730.5), 'mo');
  assert.equal(f(5 * 8766), 'y');
  assert.equal(f(43830), 'y', 'a 5-year run reads in years, not 43830 h');
  const split = mods['util/units.ts'].splitTime as (v: unknown, u: string) => { value: number; unit: string } | undefined;
  const hours = mods['util/units.ts'].timeHours as (v: unknown, u: string) => number | undefined;
  assert.deepEqual(split('5 y', 'h'), { value: 5, unit: 'y' });
  assert.deepEqual(split(90, 'min'), { value: 1.5, unit: 'h' });
  assert.equal(hours('2 wk', 'h'), 336);
  assert.equal(hours('3 fortnights', 'h'), undefined);
  assert.equal(mods['util/units.ts'].quantityText(150.00000000001 as never, 'mg/d' as never), '150 mg/d');
});

test('describe: what a scenario changes, in words; nothing for the defaults', () => {
  const describe = mods['scenario/describe.ts'].describeChanges as (a: object, b: object) => string[];
  const name = mods['scenario/describe.ts'].changesName as (a: object, b: object, f: string) => string;
  const base = { name: 'x', model: 'human-mg-bone', duration: '5 y', output: { every: '7 d' }, diet: { Mg: '325 mg/d' } };
  assert.deepEqual(describe({ ...base, name: 'other' }, base), []);
  assert.equal(name(base, base, 'model defaults'), 'model defaults');
  const s = { ...base, diet: { Mg: '150 mg/d' }, supplements: [{ Mg: '300 mg/d', salt: 'oxide' }], switches: { inflammation: false },
    conditions: { postmenopausal: true }, doses: [{ cmt: 'TERISC', amt: '20 ug', time: '0 d', ii: '1 d', addl: 729 }] };
  const c = describe(s, base);
  assert.ok(c.includes('diet Mg 150 mg/d'), c.join('; '));
  assert.ok(c.includes('Mg supplement 300 mg/d oxide'), c.join('; '));
  assert.ok(c.includes('inflammation off'), c.join('; '));
  assert.ok(c.includes('postmenopausal'), c.join('; '));
  assert.ok(c.includes('teriparatide 20 µg daily ×730'), c.join('; '));
  assert.match(name(s, base, ''), /\+2 more$/);
});

test('share: scenario, pinned runs and view round-trip through the link', () => {
  const enc = mods['scenario/share.ts'].encodeHash as (s: object, v: string, p: object[]) => string;
  const dec = mods['scenario/share.ts'].decodeHash as (h: string) => { scenario?: object; pinned: object[]; view?: string; error?: string };
  const s = { model: 'human-mg-bone', diet: { Mg: '150 mg/d' }, name: 'µ ünïcode' };
  const p = [{ model: 'human-mg-bone', diet: { Mg: '200 mg/d' } }, { model: 'human-mg-bone' }];
  const back = dec(enc(s, 'mechanism', p));
  assert.deepEqual(back.scenario, s);
  assert.deepEqual(back.pinned, p);
  assert.equal(back.view, 'mechanism');
  assert.deepEqual(dec(enc(s, 'explore', [])).pinned, []);
  assert.match(dec('#s=e30&p=%%%').error ?? '', /pinned runs could not be read/);
});

test('observations CSV: time units in the header or the cells, sd/se bars, every problem listed', () => {
  const parse = mods['data/observations.ts'].parseObservationsCSV as (t: string, f: string, k: Map<string, string>) => { observations: { observable: string; hours: number; value: number; err?: number; errKind?: string }[] };
  const known = new Map([['Mg_serum', 'mmol/L'], ['BMD_ls', '%']]);
  const a = parse('time (mo),observable,value,sd\n6,Mg_serum,0.8,0.05\n24,BMD_ls,-1,\n', 'a.csv', known);
  assert.equal(a.observations.length, 2);
  assert.equal(a.observations[0].hours, 6 * 730.5);
  assert.equal(a.observations[0].err, 0.05);
  assert.equal(a.observations[0].errKind, 'sd');
  assert.equal(a.observations[1].err, undefined);
  const b = parse('Time,Observable,Value,SE\n"30 d",Mg_serum,0.81,0.02\n2 wk,Mg_serum,0.79,\n', 'b.csv', known);
  assert.deepEqual(b.observations.map((o) => o.hours), [720, 336]);
  assert.equal(b.observations[0].errKind, 'se');
  try {
    parse('time,observable,value,sd\n6,Mg_serm,0.8,x\n7 d,BMD_ls,abc,\n', 'c.csv', known);
    assert.fail('bad data accepted');
  } catch (e) {
    const problems = (e as { problems: { where: string; message: string }[] }).problems;
    assert.ok(Array.isArray(problems), String(e));
    const text = problems.map((p) => `${p.where}: ${p.message}`).join('\n');
    assert.equal(problems.length, 4, text);
    assert.match(text, /row 2, time: "6" is not a time with its unit/);
    assert.match(text, /row 2, observable: "Mg_serm" .*did you mean 'Mg_serum'/);
    assert.match(text, /row 2, sd/);
    assert.match(text, /row 3, value: "abc" is not a number/);
  }
  assert.throws(() => parse('when,what\n1,2\n', 'd.csv', known), /no "time" column.*no "observable" column.*no "value" column/s);
});

test('parameter bounds read as a person writes them', () => {
  const f = mods['controls/parameters.ts'].boundsText as (a: number, b: number, u: string) => string;
  assert.equal(f(5e-324, Infinity, 'L'), '> 0 L');
  assert.equal(f(0, 1, '1'), '0–1');
  assert.equal(f(1, Infinity, 'h'), '≥ 1 h');
  assert.equal(f(-Infinity, Infinity, 'mV'), 'any value');
});
