/**
 * Forward sensitivities of the shipped models against central finite differences of whole runs
 * (OpenBoneMin with a denosumab dose, Dutta–Layton at half Mg intake, human-mg-bone at half Mg
 * intake), all at rtol 1e-10 without closed-form linear states.
 *
 * Measure: differences are normalised by the column's size, |Δ(∂y/∂p)|·|p| / max_t |y| (the error
 * in "change of y per relative change of p", as a fraction of y). Which finite differences are
 * reliable: per column, the central differences with steps 1e-3·p and 3e-4·p must agree within
 * 1e-6 at every output time (truncation error ∝ h², integration noise ∝ tolerance/h: where they
 * disagree, neither is a reference). There, the forward sensitivity must agree with the 3e-4·p
 * difference within 1e-5. The test also requires most columns to be reliable, so that it cannot
 * pass by excluding everything.
 *
 * Scenarios are chosen without state-dependent jumps of the right-hand side: OpenBoneMin's
 * RUNX2 = if(BCL2 > 105, BCL2 − 90, 10) jumps when BCL2 crosses 105 (human-mg-bone on a Mg-free diet
 * does, near t = 83 h), and forward sensitivities do not include the jump at such a crossing (see
 * docs/evidence.md, "Forward sensitivities").
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { prepareScenario } from '../../src/builtin/index.js';
import { simulateSensitivities } from '../../src/simulate/sensitivity.js';
import { simulate } from '../../src/simulate/run.js';

function compare(input: Record<string, unknown>, parameters: string[], minReliable: number): void {
  const { model, scenario } = prepareScenario({ ...input, solver: { rtol: 1e-10, atol: 1e-12, exactLinear: false } });
  const r = simulateSensitivities(model, scenario, { parameters, errorControl: true });
  assert.equal(r.code, 'success', r.message);
  const columns = [...model.stateNames, ...model.observableNames];
  for (const pn of parameters) {
    const base = scenario.parameters[pn] ?? model.spec.parameters[pn].value;
    const fd = (rel: number): ((c: string) => Float64Array) => {
      const h = rel * Math.abs(base);
      const up = simulate(model, { ...scenario, parameters: { ...scenario.parameters, [pn]: base + h } });
      const down = simulate(model, { ...scenario, parameters: { ...scenario.parameters, [pn]: base - h } });
      assert.equal(up.code, 'success', up.message);
      assert.equal(down.code, 'success', down.message);
      return (c) => up.column(c).map((v, i) => (v - down.column(c)[i]) / (2 * h));
    };
    const coarse = fd(1e-3), fine = fd(3e-4);
    let reliable = 0, considered = 0;
    const bad: string[] = [];
    for (const c of columns) {
      const y = r.column(c);
      let size = 0;
      for (const v of y) size = Math.max(size, Math.abs(v));
      if (size === 0) continue;
      const scale = size / Math.abs(base);
      const a = coarse(c), b = fine(c), s = r.sensitivity(c, pn);
      considered++;
      let agree = true, err = 0;
      for (let i = 0; i < a.length; i++) {
        if (Math.abs(a[i] - b[i]) > 1e-6 * scale) agree = false;
        err = Math.max(err, Math.abs(s[i] - b[i]) / scale);
      }
      if (!agree) continue;
      reliable++;
      if (!(err <= 1e-5)) bad.push(`${c}: ${err.toExponential(2)}`);
    }
    assert.deepEqual(bad, [], `${model.id} d/d${pn}: forward vs finite differences`);
    assert.ok(reliable >= minReliable * considered, `${model.id} d/d${pn}: only ${reliable} of ${considered} columns have reliable finite differences`);
  }
}

test('OpenBoneMin, a denosumab dose: forward sensitivities agree with finite differences', () => {
  compare({ model: 'openbonemin', duration: '2000 h', output: { every: '24 h', atDose: 'after' }, doses: [{ cmt: 'DENSC', amt: '60 mg', time: 0 }] },
    ['koutL', 'kinOCgam'], 0.5);
});

test('Dutta–Layton, half Mg intake: forward sensitivities agree with finite differences', () => {
  compare({ model: 'dutta-layton-2024', duration: '30 d', scale: { IMg: 0.5 }, output: { every: '1 d' } }, ['IMg', 'GFR', 'gamma_p'], 0.6);
});

test('human-mg-bone, half Mg intake: forward sensitivities agree with finite differences', () => {
  compare({ model: 'human-mg-bone', duration: '30 d', output: { every: '24 h' }, diet: { Mg: '162 mg/d' } }, ['Mg_diet', 'K_cell'], 0.6);
});
