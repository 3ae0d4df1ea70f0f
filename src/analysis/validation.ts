/**
 * Runs of human-mg-bone from scenario inputs, and the mass-balance check of any of its runs.
 *
 * The hand-coded validation checks that lived here are data now: every one is a measurement of the
 * study library (`studies/`, mapped in studies/README.md), which `magbone validate` reads.
 */
import { compileModel } from '../model/index.js';
import type { Model } from '../model/model.js';
import { humanMgBone, BODY_MG, BODY_CA } from '../models/human-mg-bone/index.js';
import { scenarioAdapter } from '../models/human-mg-bone/scenario.js';
import { expandDoses, totalDosed } from '../simulate/dosing.js';
import { simulate, type SimulationResult } from '../simulate/run.js';
import { scenarioFromInput } from './attribution.js';

let compiled: Model | undefined;
/** The compiled human-mg-bone model (compiled once). */
export function mgBoneModel(): Model {
  compiled ??= compileModel(humanMgBone);
  return compiled;
}

type Input = Record<string, unknown>;

/** Runs a scenario input (file format, with diet/supplements/conditions) on human-mg-bone; throws when the run fails. */
export function runMgBone(input: Input, model: Model = mgBoneModel()): SimulationResult {
  const scenario = scenarioFromInput(model, { model: model.id, ...input }, scenarioAdapter);
  const res = simulate(model, scenario);
  if (res.code !== 'success') throw new Error(`human-mg-bone run failed (${JSON.stringify(input).slice(0, 120)}): ${res.message}`);
  return res;
}

const at = (res: SimulationResult, name: string, i = res.time.length - 1): number => res.column(name)[i];
const first = (res: SimulationResult, name: string): number => res.column(name)[0];

export interface MassBalance {
  /** Mg: intake + IV − urine − faeces − change of body Mg (mmol), relative to max(total in, body Mg). */
  mg: { residual: number; relative: number; intake: number; iv: number; urine: number; faeces: number; change: number };
  ca?: { residual: number; relative: number; intake: number; urine: number; faeces: number; change: number };
}

/** Sum of states named in a '+'-separated expression (BODY_MG, BODY_CA) at row i. */
function sumStates(res: SimulationResult, expr: string, i: number): number {
  return expr.split('+').reduce((s, n) => s + res.column(n.trim())[i], 0);
}

/** Mass balance of Mg (and Ca when the model has OpenBoneMin) over a run, from its cumulative states. */
export function massBalance(res: SimulationResult): MassBalance {
  const n = res.time.length - 1;
  const tEnd = res.time[n];
  const iv = totalDosed(expandDoses(res.scenario.doses), tEnd).get('Mg_iv') ?? 0;
  const intake = at(res, 'Mg_in_cum') - first(res, 'Mg_in_cum');
  const urine = at(res, 'Mg_urine_cum') - first(res, 'Mg_urine_cum');
  const faeces = at(res, 'Mg_faeces_cum') - first(res, 'Mg_faeces_cum');
  const body0 = sumStates(res, BODY_MG, 0);
  const change = sumStates(res, BODY_MG, n) - body0;
  const residual = intake + iv - urine - faeces - change;
  const out: MassBalance = { mg: { residual, relative: Math.abs(residual) / Math.max(intake + iv, body0), intake, iv, urine, faeces, change } };
  if (res.model.stateNames.includes('Ca_in_cum')) {
    const cIn = at(res, 'Ca_in_cum') - first(res, 'Ca_in_cum');
    const cU = at(res, 'UCA') - first(res, 'UCA');
    const cF = at(res, 'Ca_faeces_cum') - first(res, 'Ca_faeces_cum');
    const c0 = sumStates(res, BODY_CA, 0);
    const cChange = sumStates(res, BODY_CA, n) - c0;
    const cRes = cIn - cU - cF - cChange;
    out.ca = { residual: cRes, relative: Math.abs(cRes) / Math.max(cIn, Math.abs(c0)), intake: cIn, urine: cU, faeces: cF, change: cChange };
  }
  return out;
}
