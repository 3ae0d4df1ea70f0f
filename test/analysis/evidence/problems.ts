/**
 * Test objectives for the estimators, in the LeastSquaresObjective contract. Each is also built by
 * `createObjective(args)`, the factory the worker runner imports (workers.ts).
 *
 *  - rosenbrock: r = (10(θ₂ − θ₁²), 1 − θ₁), minimum 0 at (1, 1) (Rosenbrock 1960; Moré, Garbow &
 *    Hillstrom, ACM TOMS 7:17, 1981, problem 1);
 *  - exponential: y_i = A·e^{−k t_i} + noise, θ = (ln A, ln k), analytic Jacobian;
 *  - linear: r = (Xθ − y)/σ (Gaussian posterior N((XᵀX)⁻¹Xᵀy, σ²(XᵀX)⁻¹) under a flat prior);
 *  - product: y_i = a·b·x_i + noise, only a·b determined (structurally non-identifiable a, b; the box of ln b wider than that of ln a, so the
 *    valley a·b = const crosses the whole box of ln a);
 *  - ode: a one-compartment elimination model written in the modelling language, C' = −k·C,
 *    C(0) = C0, observed at 8 times with Gaussian noise; no Jacobian (the optimizer differences).
 */
import type { LeastSquaresObjective, ResidualEvaluation } from '../../../src/analysis/evidence/objective.js';
import { Rng } from '../../../src/analysis/random.js';
import { compileModel } from '../../../src/model/index.js';
import type { ModelSpec } from '../../../src/model/spec.js';
import { validateScenario } from '../../../src/simulate/scenario.js';
import { simulate } from '../../../src/simulate/run.js';

function objective(params: string[], lower: number[], upper: number[], labels: string[], f: (t: Float64Array, jac: boolean) => ResidualEvaluation): LeastSquaresObjective {
  return { params, lower: Float64Array.from(lower), upper: Float64Array.from(upper), nResiduals: labels.length, labels, evaluate: f };
}

export function rosenbrock(lower = [-5, -5], upper = [5, 5]): LeastSquaresObjective {
  return objective(['x1', 'x2'], lower, upper, ['a', 'b'], (t, jac) => ({
    r: Float64Array.of(10 * (t[1] - t[0] * t[0]), 1 - t[0]),
    J: jac ? Float64Array.of(-20 * t[0], 10, -1, 0) : undefined,
  }));
}

export const EXP_TIMES = [0.25, 0.5, 1, 2, 3, 4, 6, 8, 12];

export function exponential(args: { A: number; k: number; sigma: number; seed: number; lower?: number[]; upper?: number[] }): LeastSquaresObjective {
  const rng = new Rng(args.seed);
  const y = EXP_TIMES.map((t) => args.A * Math.exp(-args.k * t) + args.sigma * rng.normal());
  const m = EXP_TIMES.length;
  return objective(['A', 'k'], args.lower ?? [-5, -5], args.upper ?? [5, 5], EXP_TIMES.map((t) => `y(${t})`), (th, jac) => {
    const A = Math.exp(th[0]), k = Math.exp(th[1]);
    const r = new Float64Array(m);
    const J = jac ? new Float64Array(2 * m) : undefined;
    EXP_TIMES.forEach((t, i) => {
      const e = Math.exp(-k * t);
      r[i] = (A * e - y[i]) / args.sigma;
      if (J) { J[2 * i] = (A * e) / args.sigma; J[2 * i + 1] = (-A * e * k * t) / args.sigma; }
    });
    return { r, J };
  });
}

export function linear(args: { X: number[][]; y: number[]; sigma: number; lower?: number[]; upper?: number[] }): LeastSquaresObjective {
  const m = args.y.length, n = args.X[0].length;
  return objective(Array.from({ length: n }, (_, i) => `b${i}`), args.lower ?? new Array(n).fill(-50), args.upper ?? new Array(n).fill(50),
    args.y.map((_, i) => `row${i}`), (th, jac) => {
      const r = new Float64Array(m);
      const J = jac ? new Float64Array(m * n) : undefined;
      for (let i = 0; i < m; i++) {
        let v = -args.y[i];
        for (let j = 0; j < n; j++) { v += args.X[i][j] * th[j]; if (J) J[i * n + j] = args.X[i][j] / args.sigma; }
        r[i] = v / args.sigma;
      }
      return { r, J };
    });
}

export function product(args: { ab: number; sigma: number; seed: number }): LeastSquaresObjective {
  const rng = new Rng(args.seed);
  const xs = [1, 2, 3, 4, 5];
  const y = xs.map((x) => args.ab * x + args.sigma * rng.normal());
  return objective(['a', 'b'], [-3, -6], [3, 6], xs.map((x) => `y(${x})`), (th, jac) => {
    const ab = Math.exp(th[0] + th[1]);
    const r = Float64Array.from(xs, (x, i) => (ab * x - y[i]) / args.sigma);
    const J = jac ? new Float64Array(2 * xs.length) : undefined;
    if (J) xs.forEach((x, i) => { J[2 * i] = (ab * x) / args.sigma; J[2 * i + 1] = (ab * x) / args.sigma; });
    return { r, J };
  });
}

const P = (value: number, unit: string, description: string) => ({ value, unit, description, source: 'assumed: a test model', bounds: [1e-6, 1e6] as [number, number] });

export const elimination: ModelSpec = {
  id: 'test-elimination', name: 'One-compartment elimination', version: '1.0.0', species: 'none', timeUnit: 'h',
  description: 'C′ = −k·C, C(0) = C0: the smallest model with two estimable parameters.',
  references: [],
  parameters: { k: P(0.3, '1/h', 'elimination rate constant'), C0: P(10, 'mg/L', 'initial concentration') },
  states: { C: { unit: 'mg/L', description: 'concentration', initial: 'C0', ode: '-k * C' } },
  rules: {},
  observables: { Cobs: { expr: 'C', unit: 'mg/L', description: 'observed concentration' } },
};

export const ODE_TIMES = [0.5, 1, 2, 3, 4, 6, 8, 10];

/** The elimination model's data at the true (k, C0) with noise σ (seeded), and its objective. */
export function ode(args: { k: number; C0: number; sigma: number; seed: number }): LeastSquaresObjective {
  const model = compileModel(elimination);
  const { scenario, issues } = validateScenario({ model: elimination.id, name: 'fit', duration: '10 h', output: { times: ODE_TIMES }, solver: { rtol: 1e-10, atol: 1e-12 } }, model);
  if (!scenario) throw new Error(JSON.stringify(issues));
  const run = (k: number, C0: number): Float64Array | string => {
    const r = simulate(model, { ...scenario, parameters: { ...scenario.parameters, k, C0 } });
    if (r.code !== 'success') return r.message;
    const t = r.time, c = r.column('Cobs');
    return Float64Array.from(ODE_TIMES, (ti) => c[t.indexOf(ti)]);
  };
  const truth = run(args.k, args.C0);
  if (typeof truth === 'string') throw new Error(truth);
  const rng = new Rng(args.seed);
  const y = Float64Array.from(truth, (v) => v + args.sigma * rng.normal());
  return objective(['k', 'C0'], [Math.log(1e-3), Math.log(1e-2)], [Math.log(10), Math.log(1e3)], ODE_TIMES.map((t) => `Cobs(${t} h)`), (th) => {
    const c = run(Math.exp(th[0]), Math.exp(th[1]));
    if (typeof c === 'string') return { r: new Float64Array(ODE_TIMES.length).fill(NaN), failure: c };
    return { r: Float64Array.from(c, (v, i) => (v - y[i]) / args.sigma) };
  });
}

export type ProblemArgs =
  | { problem: 'rosenbrock' }
  | ({ problem: 'exponential' } & Parameters<typeof exponential>[0])
  | ({ problem: 'linear' } & Parameters<typeof linear>[0])
  | ({ problem: 'product' } & Parameters<typeof product>[0])
  | ({ problem: 'ode' } & Parameters<typeof ode>[0]);

/** The factory the worker runner imports. */
export function createObjective(a: ProblemArgs): LeastSquaresObjective {
  switch (a.problem) {
    case 'rosenbrock': return rosenbrock();
    case 'exponential': return exponential(a);
    case 'linear': return linear(a);
    case 'product': return product(a);
    case 'ode': return ode(a);
  }
}
