/**
 * Pathway attribution on human-mg-bone: the decomposition adds up, knock-outs are rerun on the
 * baseline, and the attribution of a low-Mg scenario agrees with what each pathway is built to do
 * (mineral quality carries nothing of BMD but part of strength; PTH resistance opposes the loss).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attributePathways, formatAttribution, scenarioFromInput } from '../../src/analysis/attribution.js';
import { mgBoneModel } from '../../src/analysis/validation.js';
import { scenarioAdapter } from '../../src/models/human-mg-bone/scenario.js';
import { InputError } from '../../src/core/issues.js';

const model = mgBoneModel();
const scen = (input: Record<string, unknown>) => scenarioFromInput(model, { model: 'human-mg-bone', ...input }, scenarioAdapter);
const half = scen({ name: 'half', duration: '5 y', diet: { Mg: '162 mg/d' } });
const base = scen({ name: 'baseline', duration: '5 y', diet: { Mg: '325 mg/d' } });

test('attribution of BMD and strength at half Mg intake over 5 years', () => {
  const a = attributePathways(model, half, base, { outputs: ['BMD_ls', 'bone_strength'] });
  const on = model.switchNames.filter((k) => model.spec.switches![k].default);
  assert.deepEqual(a.pathways.map((p) => p.pathway).sort(), [...on].sort());
  assert.equal(a.runs, 2 * (on.length + 2));
  for (const o of a.outputs) {
    // the decomposition closes: Δ = Δ₀ + Σ cₖ + I
    const sum = a.pathways.reduce((s, p) => s + p.contribution[o], 0);
    assert.ok(Math.abs(a.effect[o] - (a.withoutPathways[o] + sum + a.interaction[o])) < 1e-9 * Math.max(1, Math.abs(a.effect[o])));
    const shares = a.pathways.reduce((s, p) => s + Math.abs(p.normalisedShare[o]), 0);
    assert.ok(Math.abs(shares - 1) < 1e-12);
  }
  const c = (k: string, o: string): number => a.pathways.find((p) => p.pathway === k)!.contribution[o];
  assert.ok(a.effect.BMD_ls < -1 && a.effect.BMD_ls > -5, `BMD effect ${a.effect.BMD_ls}`);
  // Mg homeostasis alone does not move BMD: everything goes through the pathways
  assert.ok(Math.abs(a.withoutPathways.BMD_ls) < 1e-3);
  // mineral quality acts on strength, never on BMD; PTH resistance (low turnover) protects BMD
  assert.equal(c('mineral_quality', 'BMD_ls'), 0);
  assert.ok(c('mineral_quality', 'bone_strength') < 0);
  assert.ok(c('mg_pth_resistance', 'BMD_ls') > 0);
  // the high-Mg pathway is silent in deficiency
  assert.equal(c('high_mg_mineralization', 'BMD_ls'), 0);
  // the two largest contributors to the loss, and the interaction remainder is reported but small for BMD
  const top = [...a.pathways].sort((x, y) => x.contribution.BMD_ls - y.contribution.BMD_ls).slice(0, 2).map((p) => p.pathway).sort();
  assert.deepEqual(top, ['inflammation', 'mg_calcitriol']);
  assert.ok(Math.abs(a.interaction.BMD_ls) < 0.3 * Math.abs(a.effect.BMD_ls));
  const md = formatAttribution(a);
  assert.match(md, /### BMD_ls/);
  assert.match(md, /interaction remainder/);
});

test('attribution rejects unknown outputs and pathways with their names', () => {
  assert.throws(() => attributePathways(model, half, base, { outputs: ['BMD'] }), (e: unknown) => e instanceof InputError && /BMD/.test(e.message));
  assert.throws(() => attributePathways(model, half, base, { pathways: ['nope'] }), (e: unknown) => e instanceof InputError && /nope/.test(e.message));
  assert.throws(() => attributePathways(model, half, base, { at: 1e9 }), (e: unknown) => e instanceof InputError && /at/.test(e.message));
});
