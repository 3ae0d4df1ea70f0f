/**
 * The shipped Peterson–Riggs family carries the parameter constraints of its EC50 derivations: the
 * defaults satisfy them, and a scenario that breaks one is an input error naming it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileModel, ModelInputError } from '../../src/model/index.js';
import { runScenario } from '../../src/builtin/index.js';
import { InputError } from '../../src/core/issues.js';
import { openBoneMin } from '../../src/models/openbonemin/index.js';
import { petersonRiggs2010 } from '../../src/models/peterson-riggs-2010/index.js';
import humanMgBone from '../../src/models/human-mg-bone/index.js';

const EXPECTED = ['EC50PTHRX2x_positive', 'EC50PTHcreb_positive', 'T29_positive', 'EC50PicOBparen_positive'];

for (const spec of [openBoneMin, petersonRiggs2010, humanMgBone]) {
  test(`${spec.id}: carries the bone constraints, and each one is what rejects its own violation`, () => {
    // human-mg-bone adds its own (session 10): the renal Mg set point must be reachable by the DCT
    const own = spec.id === 'human-mg-bone' ? ['DCT_set_point_reachable'] : [];
    assert.deepEqual(Object.keys(spec.constraints ?? {}), [...EXPECTED, ...own]);
    const m = compileModel(spec);
    const v = (n: string): number => spec.parameters[n].value;
    // one violating change per constraint (values inside the parameters' bounds)
    const breaks: Record<string, Record<string, number>> = {
      EC50PTHRX2x_positive: { E0rx2Kout: v('RX2Kout0') * 1.01 },
      EC50PTHcreb_positive: { EmaxPTHcreb: (1 - v('E0crebKin')) * 0.99 },
      T29_positive: { T28: v('T310') * 0.5 },
      EC50PicOBparen_positive: { EmaxPicOB: (1 - v('FracPicOB')) * v('Pic0') * 0.99 },
      ...(own.length ? { DCT_set_point_reachable: { F_DCT_max: 0.7 } } : {}),
    };
    for (const [name, change] of Object.entries(breaks)) {
      assert.throws(() => m.with({ parameters: change }), (e: ModelInputError) =>
        e.issues[0]?.code === 'constraint' && e.issues[0].message.startsWith(`constraint ${name} (`), `${spec.id} ${name}`);
    }
    // the same parameters moved the other way stay valid
    assert.ok(m.with({ parameters: { E0rx2Kout: v('RX2Kout0') * 0.99, T28: v('T310') * 1.01, EmaxPicOB: (1 - v('FracPicOB')) * v('Pic0') * 1.01 } }));
  });
}

test('a scenario with T28 below T310 is an InputError naming the constraint', () => {
  const T310 = openBoneMin.parameters.T310.value;
  const T28 = T310 / 2;
  const [lo, hi] = openBoneMin.parameters.T28.bounds!;
  assert.ok(T28 >= lo && T28 <= hi, 'the violating value is inside T28\'s bounds');
  let err: unknown;
  try { runScenario({ model: 'openbonemin', duration: '1 d', parameters: { T28 } }); } catch (e) { err = e; }
  assert.ok(err instanceof InputError, String(err));
  assert.equal(err.issues.length, 1);
  assert.deepEqual(err.issues[0].path, ['parameters']);
  assert.match(err.issues[0].message, new RegExp(`constraint T29_positive \\(T28 > T310\\) does not hold with T28 = ${T28}`));
  assert.match(err.message, /T29_positive/);
});
