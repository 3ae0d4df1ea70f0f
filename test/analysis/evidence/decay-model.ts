/**
 * A model with a closed-form solution for the evidence tests: X decays at rate k from X0, and C
 * collects what leaves X, so X(t) = X0·e^(−kt), C(t) = X0·(1 − e^(−kt)), ∂X/∂ln k = −k·t·X,
 * ∂X/∂ln X0 = X. A study on it (`decayStudy`) uses every measurement kind.
 */
import assert from 'node:assert/strict';
import { compileModel } from '../../../src/model/index.js';
import type { MeasurementPrediction } from '../../../src/analysis/evidence/predict.js';
import type { ModelSpec } from '../../../src/model/spec.js';

export const decaySpec: ModelSpec = {
  id: 'test-decay', name: 'Decay', version: '1.0.0', species: 'none', timeUnit: 'h',
  description: 'First-order decay with a collecting compartment.',
  references: [{ id: 'analytic', citation: 'Closed-form first-order decay (test model).' }],
  parameters: {
    k: { value: 0.1, unit: '1/h', description: 'decay rate', source: 'assumed: test value', bounds: [1e-3, 10] },
    X0: { value: 2, unit: 'mmol/L', description: 'initial X', source: 'assumed: test value', bounds: [0.01, 100] },
  },
  states: {
    X: { unit: 'mmol/L', description: 'decaying quantity', initial: 'X0', ode: '-k * X' },
    C: { unit: 'mmol/L', description: 'what has left X', initial: 0, ode: 'k * X' },
  },
  rules: {},
  observables: { Y: { expr: 'X', unit: 'mmol/L', description: 'X observed' } },
};

export const decayModel = compileModel(decaySpec);

const tight = { rtol: 1e-11, atol: 1e-13 };

/** A study using every measurement kind; k = 0.1/h in arm a, 0.2/h in b, 0.3/h in c (after a). */
export function decayStudy(): Record<string, unknown> {
  return {
    id: 'decay', citation: 'Test. Decay study. J Tests 1:1.', doi: '10.0/decay', evidence: 'hypothesis', population: 'none',
    model: 'test-decay', split: 'training',
    arms: [
      {
        id: 'a', scenario: { duration: '10 h', solver: tight },
        measurements: [
          { id: 'abs', observable: 'Y', kind: 'absolute', time: '5 h', value: '1.2 mmol/L', se: 0.1, n: 9 },
          { id: 'chg', observable: 'X', kind: 'change', time: '300 min', value: '-0.8 mmol/L', sd: '0.2 mmol/L', n: 4 },
          { id: 'pc', observable: 'X', kind: 'percent_change', time: '5 h', baseline: '1 h', value: -30, se: 5 },
          { id: 'rat', observable: 'X', kind: 'ratio', time: '10 h', value: 0.4, ci: { lower: 0.3, upper: 0.55 } },
          { id: 'inc', observable: 'C', kind: 'absolute', over: ['2 h', '6 h'], value: '600 umol/L', se: '0.05 mmol/L' },
          { id: 'inc-chg', observable: 'C', kind: 'change', over: ['6 h', '8 h'], baseline: ['0 h', '2 h'], value: '-0.1 mmol/L', se: 0.05 },
          { id: 'down', observable: 'X', kind: 'qualitative', time: '10 h', direction: 'decrease' },
          { id: 'c-small', observable: 'C', kind: 'qualitative', time: '10 h', range: { upper: '0.1 mmol/L' } },
        ],
      },
      {
        id: 'b', scenario: { duration: '10 h', parameters: { k: 0.2 }, solver: tight },
        measurements: [
          { id: 'con', observable: 'X', kind: 'contrast', versus: 'a', time: '10 h', value: '-0.4 mmol/L', se: 0.1 },
          { id: 'rat-vs', observable: 'X', kind: 'ratio', versus: 'a', time: '10 h', value: 0.35, se: 0.05 },
          { id: 'pc-vs', observable: 'X', kind: 'qualitative', quantity: 'percent_change', versus: 'a', time: '10 h', range: { lower: -70, upper: -60 } },
        ],
      },
      {
        id: 'c', after: { arm: 'a' }, scenario: { duration: '5 h', parameters: { k: 0.3 }, solver: tight },
        measurements: [
          { id: 'x-end', observable: 'X', kind: 'absolute', time: '5 h', value: '0.2 mmol/L', se: 0.02, n: 4 },
          { id: 'c-end', observable: 'C', kind: 'absolute', time: '5 h', value: '1.8 mmol/L', se: 0.1, scale: 'log' },
        ],
      },
    ],
  };
}

/** The closed-form model value of each measurement of `decayStudy` (k of arm a, X0 as given). */
export function decayExact(k = 0.1, X0 = 2): Record<string, number> {
  const X = (kk: number, t: number): number => X0 * Math.exp(-kk * t);
  const C = (kk: number, t: number): number => X0 * (1 - Math.exp(-kk * t));
  return {
    abs: X(k, 5), chg: X(k, 5) - X0, pc: 100 * (X(k, 5) / X(k, 1) - 1), rat: Math.exp(-k * 10),
    inc: C(k, 6) - C(k, 2), 'inc-chg': (C(k, 8) - C(k, 6)) - (C(k, 2) - C(k, 0)),
    down: X(k, 10) - X0, 'c-small': C(k, 10),
    con: X(0.2, 10) - X(k, 10), 'rat-vs': X(0.2, 10) / X(k, 10), 'pc-vs': 100 * (X(0.2, 10) / X(k, 10) - 1),
    'x-end': X(k, 10) * Math.exp(-1.5), 'c-end': C(k, 10) + X(k, 10) * (1 - Math.exp(-1.5)),
  };
}

/**
 * Checks each prediction's gradient in (ln k, ln X0) against the closed form: ∂/∂ln k by central differences of
 * `exactAt(k)` around k = 0.1 (step 1e-6 in ln k), ∂/∂ln X0 as `dX0(id)`; each within `rtol`·max(1, |expected|).
 */
export function assertLnGradients(predictions: readonly MeasurementPrediction[], exactAt: (k: number) => Record<string, number>,
  dX0: (id: string) => number, rtol: number): void {
  const h = 1e-6;
  const up = exactAt(0.1 * Math.exp(h)), down = exactAt(0.1 * Math.exp(-h));
  for (const p of predictions) {
    const id = p.measurement.id;
    const dk = (up[id] - down[id]) / (2 * h), dx = dX0(id);
    assert.ok(Math.abs(p.grad![0] - dk) <= rtol * Math.max(1, Math.abs(dk)), `${id} ∂/∂ln k: ${p.grad![0]} vs ${dk}`);
    assert.ok(Math.abs(p.grad![1] - dx) <= rtol * Math.max(1, Math.abs(dx)), `${id} ∂/∂ln X0: ${p.grad![1]} vs ${dx}`);
  }
}
