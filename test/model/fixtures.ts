/**
 * A small PK / bone-response model that exercises every feature of the language: rules listed
 * before the rules they use, constant (parameters-only) rules, switches, oral and IV dose targets
 * with a bioavailability, piecewise / if / hill / hillinv / min / max / abs / exp / log, the time t,
 * initial values given as expressions (of parameters, of rules, of other states), a conversion
 * factor with a unit, and a quantity with unit "?". `handRhs` is the same model written by hand.
 */
import type { ModelSpec } from '../../src/model/spec.js';

const P = (value: number, unit: string, description = 'test parameter', bounds?: [number, number]) =>
  ({ value, unit, description, source: 'ref:test2026 Table 1', ...(bounds ? { bounds } : {}) });

export const testModel: ModelSpec = {
  id: 'test-pk-bone',
  name: 'Test model',
  version: '1.0.0',
  species: 'none',
  timeUnit: 'h',
  description: 'Exercises every language feature.',
  references: [{ id: 'test2026', citation: 'Nobody. A test model. Journal of Tests 1:1 (2026).' }],
  parameters: {
    ka: P(0.8, '1/h', 'absorption rate constant', [0, 10]),
    F_oral: P(0.6, '1', 'oral bioavailability', [0, 1]),
    CL: P(5, 'L/h'),
    V: P(20, 'L', 'central volume', [1e-3, 1e4]),
    frac_tissue: P(0.25, '1'),
    nmol_per_pmol: P(1e-3, 'nmol/pmol', 'conversion factor'),
    Emax: P(1.5, '1'),
    EC50n: P(0.02, 'nmol/L'),
    n_h: P(2, '1'),
    IC50: P(30, 'pmol/L'),
    kin: P(3, 'pmol/L/h'),
    kout: P(0.3, '1/h'),
    kf: P(0.02, '1/h'),
    kr: P(0.01, '1/h'),
    B0: P(1, '1'),
    EC50: P(12, 'pmol/L'),
    gam: P(3, '1'),
    t_switch: P(48, 'h'),
    infl_gain: P(0.7, '1'),
    Ccap: P(50, 'pmol/L'),
    k_unknown: P(0.05, '?', 'a rate whose source gives no unit'),
    pct: P(100, '%', 'percent per unit fraction'),
  },
  states: {
    A_gut: { unit: 'pmol', description: 'gut amount', initial: 0, ode: '-ka * A_gut' },
    A_c: { unit: 'pmol', description: 'central amount', initial: 'Cc0 * V', ode: 'ka * A_gut - CL * Cc' },
    R: { unit: 'pmol/L', description: 'response', initial: 'R0', ode: 'kin * stim - kout * R' },
    B: {
      unit: '1', description: 'bone', initial: 'B0 * (1 - 0.1 * Cc / IC50)',
      ode: 'kf * (B0 - B) * if(sw_formation, hill(R, EC50, gam), 0.5) - kr * B * piecewise(2, t < t_switch, 1) * inh * (1 + sw_inflammation * infl_gain)',
    },
    X: { unit: '?', description: 'unknown-unit state', initial: 'R_ratio', ode: 'k_unknown * (R_ratio - X) + 0 * signal' },
  },
  rules: {
    stim: { expr: 'Emax * hill(Cc_nM, EC50n, n_h) + 1', unit: '1', description: 'stimulus (uses rules defined below it)' },
    Cc_nM: { expr: 'Cc * nmol_per_pmol', unit: 'nmol/L', description: 'concentration in nmol/L' },
    Cc: { expr: 'A_c / V', unit: 'pmol/L', description: 'central concentration' },
    Cc0: { expr: '2 * IC50 / 10', unit: 'pmol/L', description: 'initial concentration (constant rule)' },
    Vd_total: { expr: 'V * (1 + frac_tissue)', unit: 'L', description: 'constant rule' },
    kel: { expr: 'CL / V', unit: '1/h', description: 'constant rule' },
    inh: { expr: 'hillinv(Cc, IC50, 1)', unit: '1', description: 'inhibition' },
    R0: { expr: 'kin / kout', unit: 'pmol/L', description: 'baseline response' },
    R_ratio: { expr: 'R / R0', unit: '1', description: 'relative response' },
    signal: { expr: 'max(0, log(R_ratio + 1)) + abs(R - R0) / R0 + exp(-kel * t) * min(Cc, Ccap) / Ccap', unit: '1', description: 'everything at once' },
  },
  observables: {
    Cc_obs: { expr: 'Cc', unit: 'pmol/L', description: 'concentration' },
    BMD_pct: { expr: 'B * pct', unit: '%', description: 'bone in percent' },
    amount_total: { expr: 'A_c + Cc * Vd_total * 0', unit: 'pmol', description: 'uses a constant rule' },
    signal_obs: { expr: 'signal + sw_formation', unit: '1', description: 'rule and switch' },
  },
  doses: {
    ORAL: { state: 'A_gut', description: 'oral', amountUnit: 'pmol', bioavailability: 'F_oral' },
    IV: { state: 'A_c', description: 'intravenous', amountUnit: 'pmol', molarMass: { value: 4117.8, source: 'ref:test2026' } },
    IV2: { state: 'A_c', description: 'second line into the same state', amountUnit: 'pmol' },
  },
  switches: {
    sw_formation: { description: 'R drives formation', evidence: 'human trial', default: true, sources: ['ref:test2026'] },
    sw_inflammation: { description: 'inflammation raises resorption', evidence: 'hypothesis', default: false, sources: ['assumed: for the test'] },
  },
};

const hill = (x: number, K: number, n: number): number => Math.pow(x, n) / (Math.pow(K, n) + Math.pow(x, n));

export interface HandParams {
  [k: string]: number;
}

/** The model written by hand (p by name, switches as 1/0, infusion rates by target). */
export function handRhs(t: number, y: Float64Array, q: HandParams, dy: Float64Array): void {
  const [A_gut, A_c, R, B, X] = y;
  const Cc = A_c / q.V;
  const Cc_nM = Cc * q.nmol_per_pmol;
  const stim = q.Emax * hill(Cc_nM, q.EC50n, q.n_h) + 1;
  const inh = Math.pow(q.IC50, 1) / (Math.pow(q.IC50, 1) + Cc);
  const R0 = q.kin / q.kout;
  const R_ratio = R / R0;
  const kel = q.CL / q.V;
  const signal = Math.max(0, Math.log(R_ratio + 1)) + Math.abs(R - R0) / R0 + Math.exp(-kel * t) * Math.min(Cc, q.Ccap) / q.Ccap;
  dy[0] = -q.ka * A_gut + q.rate_ORAL;
  dy[1] = q.ka * A_gut - q.CL * Cc + q.rate_IV + q.rate_IV2;
  dy[2] = q.kin * stim - q.kout * R;
  dy[3] = q.kf * (q.B0 - B) * (q.sw_formation !== 0 ? hill(R, q.EC50, q.gam) : 0.5)
    - q.kr * B * (t < q.t_switch ? 2 : 1) * inh * (1 + q.sw_inflammation * q.infl_gain);
  dy[4] = q.k_unknown * (R_ratio - X) + 0 * signal;
}

/** A hand-written Float64Array version of the same RHS (p by index), for the benchmark. */
export function makeHandRhsIndexed(index: (name: string) => number): (t: number, y: Float64Array, p: Float64Array, dy: Float64Array) => void {
  const i = (n: string): number => index(n);
  const ka = i('ka'), V = i('V'), CL = i('CL'), nmol = i('nmol_per_pmol'), Emax = i('Emax'), EC50n = i('EC50n'), nh = i('n_h');
  const IC50 = i('IC50'), kin = i('kin'), kout = i('kout'), kf = i('kf'), kr = i('kr'), B0 = i('B0'), EC50 = i('EC50'), gam = i('gam');
  const tsw = i('t_switch'), gain = i('infl_gain'), kun = i('k_unknown'), swF = i('sw_formation'), swI = i('sw_inflammation');
  const rO = index('rate:ORAL'), rI = index('rate:IV'), rI2 = index('rate:IV2');
  return (t, y, p, dy) => {
    const A_gut = y[0], A_c = y[1], R = y[2], B = y[3], X = y[4];
    const Cc = A_c / p[V];
    const x = Cc * p[nmol];
    const xn = Math.pow(x, p[nh]);
    const stim = p[Emax] * (xn / (Math.pow(p[EC50n], p[nh]) + xn)) + 1;
    const inh = p[IC50] / (p[IC50] + Cc);
    const R_ratio = R / (p[kin] / p[kout]);
    let form = 0.5;
    if (p[swF] !== 0) { const rn = Math.pow(R, p[gam]); form = rn / (Math.pow(p[EC50], p[gam]) + rn); }
    dy[0] = -p[ka] * A_gut + p[rO];
    dy[1] = p[ka] * A_gut - p[CL] * Cc + p[rI] + p[rI2];
    dy[2] = p[kin] * stim - p[kout] * R;
    dy[3] = p[kf] * (p[B0] - B) * form - p[kr] * B * (t < p[tsw] ? 2 : 1) * inh * (1 + p[swI] * p[gain]);
    dy[4] = p[kun] * (R_ratio - X);
  };
}
