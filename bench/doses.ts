/**
 * The magbone workload for `bench/solver.ts`: OpenBoneMin (43 states) with teriparatide 20 µg
 * daily for one year and daily output, through the public `simulate` path — 365 dose restarts.
 * The peer time is mrgsolve's (C++ LSODA, rtol = atol = 1e-8) from bench/peers/models.md,
 * measured on the same kind of machine but not in this run.
 */
import { compileModel } from '../src/model/index.js';
import { validateScenario, type ScenarioInput } from '../src/simulate/scenario.js';
import { simulate } from '../src/simulate/run.js';
import { openBoneMin } from '../src/models/openbonemin/index.js';
import type { SolverStats } from '../src/solver/types.js';

export interface DoseRow { method: string; ms: number; stats: SolverStats; code: string; bmdChange: number }

/** mrgsolve 0.11.2 (LSODA), teriparatide 20 µg daily, 1 y, daily output: perfref/models.md. */
export const MRGSOLVE_TERI_1Y_MS = 784;

export function teriparatideYear(methods: readonly ('bdf' | 'rodas')[], reps: number): DoseRow[] {
  const model = compileModel(openBoneMin);
  const rows: DoseRow[] = [];
  for (const method of methods) {
    const input: ScenarioInput = {
      model: 'openbonemin', duration: '365 d', output: { every: '1 d' },
      doses: [{ cmt: 'TERISC', amt: '20 ug', time: 0, ii: '24 h', addl: 364 }],
      solver: { method, rtol: 1e-8, atol: 1e-8 },
    };
    const { scenario, issues } = validateScenario(input, model);
    if (!scenario) throw new Error(`teriparatide scenario invalid: ${JSON.stringify(issues)}`);
    const times: number[] = [];
    let res = simulate(model, scenario);
    for (let k = 0; k < reps; k++) { res = simulate(model, scenario); times.push(res.ms); }
    times.sort((a, b) => a - b);
    const bmd = res.column('BMDls');
    rows.push({
      method: method === 'bdf' ? 'bdf' : 'rodas5p', ms: times[times.length >> 1], stats: res.stats, code: res.code,
      bmdChange: 100 * (bmd[bmd.length - 1] / bmd[0] - 1),
    });
  }
  return rows;
}
