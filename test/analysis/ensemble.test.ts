/**
 * ensembleSimulate (src/analysis/ensemble.ts) through the library: with every draw equal, the
 * credible band has zero width and the prediction band is the noise model alone, so its width must
 * be that of a normal with the stated SD: p97.5 − p2.5 = 2·1.96·SD, within Monte Carlo error
 * (400 draws: the SE of a 2.5 % sample quantile is about 0.13 SD, so ±15 % of the width is
 * about 3 SE of the two ends combined). Relative and absolute SDs are both checked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ensembleSimulate } from '../../src/index.js';
import { prepareScenario } from '../../src/builtin/index.js';

const { model, scenario } = prepareScenario({ model: 'human-mg-bone', duration: '21 d', output: { times: ['0 d', '21 d'] }, diet: { Mg: '10 mg/d' } });
const N = 400;
const ensemble = { params: ['f_trans'], samples: Array.from({ length: N }, () => [1]) };

test('ensembleSimulate: identical draws, credible bands of zero width; predictive bands of the noise SD', async () => {
  const cred = await ensembleSimulate(model, scenario, ensemble, { outputs: ['Mg_serum', 'PTH'] });
  assert.equal(cred.succeeded, N);
  for (const o of ['Mg_serum', 'PTH']) for (const k of cred.keys) assert.deepEqual(cred.bands[o][k], cred.bands[o].p50, `${o} ${k}`);
  const pred = await ensembleSimulate(model, scenario, ensemble, { outputs: ['Mg_serum', 'PTH'], predictive: true, noise: { Mg_serum: { relative: 0.1 }, PTH: { absolute: 2 } }, seed: 11 });
  const end = cred.time.length - 1;
  const check = (o: string, sd: number): void => {
    const width = pred.bands[o]['p97.5'][end] - pred.bands[o]['p2.5'][end];
    assert.ok(Math.abs(width / (2 * 1.959964 * sd) - 1) < 0.15, `${o}: width ${width} for SD ${sd}`);
    assert.ok(Math.abs(pred.bands[o].p50[end] - cred.bands[o].p50[end]) < 0.2 * sd, `${o}: median`);
  };
  check('Mg_serum', 0.1 * cred.bands.Mg_serum.p50[end]);
  check('PTH', 2);
  assert.deepEqual(pred.failures, []);
});
