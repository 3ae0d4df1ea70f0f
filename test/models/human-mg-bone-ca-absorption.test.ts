/**
 * human-mg-bone, session 11: a calcitriol-independent share of net Ca absorption (`f_Ca_abs_vdi`, from Wilz 1979:
 * 10 % of intake with undetectable 1,25(OH)2D against 10 + 0.17 × 90 = 25.3 % at the reference). OpenBoneMin's absorbed
 * fraction (T85, through the calcitriol-driven capacity R) fell to 9e-5 at eGFR 5, where calcitriol is 0.001 pmol/L.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runMgBone } from '../../src/analysis/validation.js';

type Res = ReturnType<typeof runMgBone>;
const first = (r: Res, c: string): number => r.column(c)[0];
const last = (r: Res, c: string): number => r.column(c).at(-1)!;

test('net Ca absorption is exactly OpenBoneMin\'s at the reference and keeps ~0.4 of it with undetectable calcitriol', () => {
  const ref = runMgBone({ duration: '2 y', output: { every: '1 y' } });
  const esrd = runMgBone({ duration: '2 y', output: { every: '1 y' }, conditions: { eGFR: '5 mL/min/1.73m2' } });
  const esrdObm = runMgBone({ duration: '2 y', output: { every: '1 y' }, conditions: { eGFR: '5 mL/min/1.73m2' }, parameters: { f_Ca_abs_vdi: 0 } });
  const f0 = first(ref, 'Ca_absorbed_fraction');
  assert.ok(f0 > 0.1 && f0 < 0.2, `reference fraction ${f0}`);
  assert.equal(first(esrdObm, 'Ca_absorbed_fraction'), f0, 'f_Ca_abs_vdi changes nothing at the reference');
  assert.ok(last(esrd, 'calcitriol') < 0.01, `calcitriol ${last(esrd, 'calcitriol')}`);
  const ratio = last(esrd, 'Ca_absorbed_fraction') / f0;
  assert.ok(ratio > 0.3 && ratio < 0.5, `undetectable calcitriol: ${ratio} of the reference (Wilz 1979: 10 / 25.3 = 0.40)`);
  // as published, the fraction vanished with calcitriol
  assert.ok(last(esrdObm, 'Ca_absorbed_fraction') / f0 < 0.01, `f = 0: ${last(esrdObm, 'Ca_absorbed_fraction') / f0}`);
  // and the gut's Ca lessens the secondary hyperparathyroidism of end-stage kidneys
  assert.ok(last(esrd, 'PTH') < last(esrdObm, 'PTH') && last(esrd, 'Ca_serum') > last(esrdObm, 'Ca_serum'),
    `PTH ${last(esrd, 'PTH')} vs ${last(esrdObm, 'PTH')}, Ca ${last(esrd, 'Ca_serum')} vs ${last(esrdObm, 'Ca_serum')}`);
});

test('the absorbed Ca fraction rises monotonically with calcitriol across kidney function (eGFR 5 → 90)', () => {
  const pts = [5, 15, 30, 60, 90].map((g) => {
    const r = runMgBone({ duration: '2 y', output: { every: '2 y' }, conditions: { eGFR: `${g} mL/min/1.73m2` } });
    return { d: last(r, 'calcitriol'), f: last(r, 'Ca_absorbed_fraction') };
  });
  for (let i = 1; i < pts.length; i++) {
    assert.ok(pts[i].d > pts[i - 1].d && pts[i].f > pts[i - 1].f, JSON.stringify(pts));
  }
});
