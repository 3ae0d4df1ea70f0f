/**
 * human-mg-bone after the menopause (session 8, README "Postmenopausal Mg sensitivity"): the postmenopausal woman's
 * Ca–PTH axis, her bone turnover, and whether her bone still answers to Mg intake.
 *
 * Until session 8 OpenBoneMin's renal oestrogen effect (maxTmESTkid 0.924) lowered serum Ca and raised PTH by
 * 28-42 %, the kidney's Ca/PTH → Mg reabsorption then made her Mg-replete at any intake, and the uncapped threshold
 * mechanostat absorbed whatever Mg loss was left: 162 vs 325 mg/d differed by 0.0014 points of lumbar BMD at 10 y.
 * Data: Nordin 2004 (training: serum Ca up, PTH unchanged across the menopause), Prince 1995 (test: PTH unchanged for
 * 10 y), Garnero 1996 (training: resorption markers +79-97 %, formation +37-52 %), Orchard 2014 / Tucker 1999
 * (training: higher Mg intake, higher hip BMD in postmenopausal women), Chang 2020 (test: lower serum Mg with
 * postmenopausal osteoporosis).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runMgBone } from '../../src/analysis/validation.js';
import { getModel } from '../../src/builtin/index.js';

const H_PER_Y = 8766;
const at = (years: number[]): string[] => years.map((y) => `${y * H_PER_Y} h`);

test('menopause: serum Ca does not fall and PTH stays within ±15 % for 10 years (Nordin 2004, Prince 1995)', () => {
  const res = runMgBone({ duration: '11 y', output: { times: at([0, 3, 6, 11]) }, conditions: { postmenopausal: true } });
  const ca = res.column('Ca_serum'), pth = res.column('PTH');
  assert.ok(ca[1] >= ca[0], `serum Ca at 3 y ${ca[1].toFixed(4)} < ${ca[0].toFixed(4)} at 0`);
  for (let i = 1; i < 4; i++) {
    const change = 100 * (pth[i] / pth[0] - 1);
    assert.ok(Math.abs(change) <= 15, `PTH change at point ${i}: ${change.toFixed(1)} %`);
  }
});

test('menopause: bone resorption rises far more than formation, as Garnero 1996 (training) reports', () => {
  const times = at([6]);
  const pm = runMgBone({ duration: '6 y', output: { times }, conditions: { postmenopausal: true } });
  const pre = runMgBone({ duration: '6 y', output: { times } });
  const ctx = 100 * (pm.column('CTX')[0] / pre.column('CTX')[0] - 1);
  const p1np = 100 * (pm.column('P1NP')[0] / pre.column('P1NP')[0] - 1);
  assert.ok(ctx >= 60 && ctx <= 115, `CTX +${ctx.toFixed(1)} % (Garnero: +79-97 %)`);
  assert.ok(p1np > 15 && p1np < ctx, `P1NP +${p1np.toFixed(1)} % (Garnero: +37-52 %), CTX +${ctx.toFixed(1)} %`);
});

test('after the menopause, half the Mg intake still costs bone: the loss grows over 10 years instead of being absorbed', () => {
  const run = (mg: number) => runMgBone({ duration: '10 y', diet: { Mg: `${mg} mg/d` }, output: { times: at([2, 5, 10]) }, conditions: { postmenopausal: true } });
  const full = run(325), half = run(162);
  const dls = Array.from(half.column('BMD_ls'), (x, i) => x - full.column('BMD_ls')[i]);
  const dfn = Array.from(half.column('BMD_fn'), (x, i) => x - full.column('BMD_fn')[i]);
  // before session 8: −1.2 points at 2 y, −0.12 at 10 y (the threshold mechanostat absorbed it)
  assert.ok(dls[2] < -1, `lumbar BMD, 162 vs 325 mg/d at 10 y: ${dls[2].toFixed(2)} points`);
  assert.ok(dfn[2] < -1, `hip BMD, 162 vs 325 mg/d at 10 y: ${dfn[2].toFixed(2)} points`);
  assert.ok(dls[2] < dls[0], `the difference shrinks: ${dls.map((x) => x.toFixed(2)).join(', ')} at 2, 5, 10 y`);
  assert.ok(half.column('Mg_serum')[2] < full.column('Mg_serum')[2] - 0.01, 'serum Mg lower on half the intake');
});

// Session 21 (decision (j)): the hip's BMD is a spine-like share w_fn plus a slow cortical compartment. The two limits are
// exact: w_fn = 1 gives the spine's BMD, w_fn = 0 the cortical compartment alone (the one-compartment hip of sessions 7-20).
test('hip BMD: w_fn = 1 follows the lumbar spine exactly, w_fn = 0 the slow compartment alone, and the default lies between', () => {
  const run = (w: number) => runMgBone({ duration: '8 y', output: { times: at([2, 8]) }, conditions: { postmenopausal: true }, parameters: { w_fn: w } });
  const w = getModel('human-mg-bone').spec.parameters.w_fn.value; // the model's own share, not a copy of its number
  const spine = run(1), cort = run(0), mix = run(w);
  for (let i = 0; i < 2; i++) {
    assert.ok(Math.abs(spine.column('BMD_fn')[i] - spine.column('BMD_ls')[i]) < 1e-9, `w_fn 1: hip ${spine.column('BMD_fn')[i]} vs spine ${spine.column('BMD_ls')[i]}`);
    const lo = Math.min(spine.column('BMD_ls')[i], cort.column('BMD_fn')[i]), hi = Math.max(spine.column('BMD_ls')[i], cort.column('BMD_fn')[i]);
    const expect = w * spine.column('BMD_ls')[i] + (1 - w) * cort.column('BMD_fn')[i];
    assert.ok(Math.abs(mix.column('BMD_fn')[i] - expect) < 1e-6 && mix.column('BMD_fn')[i] >= lo && mix.column('BMD_fn')[i] <= hi, `w_fn ${w}: ${mix.column('BMD_fn')[i]} vs ${expect}`);
  }
  // Guthrie 1998 (training): the hip loses across the menopause and after it in about the spine's ratio (3.4 : 1.0 vs 5.0 : 1.4)
  const m = runMgBone({ duration: '6 y', output: { times: at([0, 2, 4, 6]) }, conditions: { postmenopausal: true } });
  const fn = m.column('BMD_fn');
  const ratio = (fn[1] - fn[0]) / (fn[3] - fn[2]);
  assert.ok(ratio > 2 && ratio < 5, `hip transition / postmenopausal loss ratio ${ratio.toFixed(2)}`);
});
