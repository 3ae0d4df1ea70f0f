/**
 * The finite-difference fallback for `Model.parametric` (the ParametricDerivatives interface of
 * model.ts): central differences of the model's generated functions, used by forward sensitivities
 * when a model does not provide exact (compiler-generated, symbolic) derivatives.
 *
 * Steps: a parameter p_k is moved by ±h_k, h_k = ε^(1/3)·max(|p_k|, 1e-8) (ε = 2^-52, so
 * h_k ≈ 6e-6·|p_k|), the balance of truncation error (∝ h²) and rounding (∝ ε/h) of a central
 * difference: about 1e-10 relative on smooth functions, far below the integration error of a
 * sensitivity run at rtol 1e-8. The perturbed parameter vectors are prepared (derived constants
 * recomputed) once per `update`, so `dfdp` costs 2·np right-hand-side evaluations and allocates
 * nothing. States: y_i moved by ε^(1/3)·max(|y_i|, 1e-8) for ∂g/∂y.
 *
 * Limits (the reasons exact derivatives replace this): 2·np extra RHS calls per sensitivity RHS, and
 * a function that is not smooth within ±h_k (a switch-like rule, a max()) gets a difference quotient
 * across its kink. The functions use the p of the last `update`; the p passed to them is not read.
 */
import type { Model, ParametricDerivatives } from '../model/model.js';

const CBRT_EPS = Math.cbrt(2.220446049250313e-16);

function step(v: number): number {
  return CBRT_EPS * Math.max(Math.abs(v), 1e-8);
}

/** Central-difference ParametricDerivatives for the named parameters of a model. */
export function fdParametric(model: Model, names: readonly string[]): ParametricDerivatives {
  const index = Int32Array.from(names.map((nm) => {
    const i = model.paramIndex(nm);
    if (i < 0 || !model.parameterNames.includes(nm)) throw new Error(`fdParametric: '${nm}' is not a parameter of ${model.id}`);
    return i;
  }));
  const np = names.length;
  const n = model.stateNames.length;
  const m = model.observableNames.length;
  const plus = Array.from({ length: np }, () => new Float64Array(model.p.length));
  const minus = Array.from({ length: np }, () => new Float64Array(model.p.length));
  /** 1 / (p⁺_k − p⁻_k): the actual (representable) spread of each difference. */
  const inv = new Float64Array(np);
  const f1 = new Float64Array(n), f2 = new Float64Array(n);
  const g1 = new Float64Array(m), g2 = new Float64Array(m);
  const yt = new Float64Array(n);
  const y01 = new Float64Array(n), y02 = new Float64Array(n);
  let ready = false;

  const self: ParametricDerivatives = {
    names: [...names], index, np,
    update(p: Float64Array): void {
      for (let k = 0; k < np; k++) {
        const i = index[k];
        const h = step(p[i]);
        plus[k].set(p);
        minus[k].set(p);
        plus[k][i] = p[i] + h;
        minus[k][i] = p[i] - h;
        inv[k] = 1 / (plus[k][i] - minus[k][i]);
        model.prepare(plus[k]);
        model.prepare(minus[k]);
      }
      ready = true;
    },
    dfdp(t: number, y: Float64Array, _p: Float64Array, out: Float64Array): void {
      check();
      for (let k = 0; k < np; k++) {
        model.rhs(t, y, plus[k], f1);
        model.rhs(t, y, minus[k], f2);
        const c = inv[k], o = k * n;
        for (let i = 0; i < n; i++) out[o + i] = (f1[i] - f2[i]) * c;
      }
    },
    dgdy(t: number, y: Float64Array, p: Float64Array, out: Float64Array): void {
      for (let i = 0; i < n; i++) yt[i] = y[i];
      for (let i = 0; i < n; i++) {
        const v = y[i], h = step(v);
        yt[i] = v + h;
        const up = yt[i];
        model.outputs(t, yt, p, g1);
        yt[i] = v - h;
        const c = 1 / (up - yt[i]);
        model.outputs(t, yt, p, g2);
        yt[i] = v;
        for (let j = 0; j < m; j++) out[j * n + i] = (g1[j] - g2[j]) * c;
      }
    },
    dgdp(t: number, y: Float64Array, _p: Float64Array, out: Float64Array): void {
      check();
      for (let k = 0; k < np; k++) {
        model.outputs(t, y, plus[k], g1);
        model.outputs(t, y, minus[k], g2);
        const c = inv[k], o = k * m;
        for (let j = 0; j < m; j++) out[o + j] = (g1[j] - g2[j]) * c;
      }
    },
    dy0dp(_p: Float64Array, out: Float64Array): void {
      check();
      for (let k = 0; k < np; k++) {
        model.initialState(plus[k], y01);
        model.initialState(minus[k], y02);
        const c = inv[k], o = k * n;
        for (let i = 0; i < n; i++) out[o + i] = (y01[i] - y02[i]) * c;
      }
    },
    dFdp(target: string, _p: Float64Array, out: Float64Array): void {
      check();
      for (let k = 0; k < np; k++) out[k] = (model.bioavailability(target, plus[k]) - model.bioavailability(target, minus[k])) * inv[k];
    },
  };
  function check(): void {
    if (!ready) throw new Error('fdParametric: call update(p) before the derivative functions');
  }
  return self;
}
