/**
 * The mass-balance check of a human-mg-bone run: what went in (diet, IV doses) minus what came out
 * (urine, faeces) must equal the change of body Mg (and Ca), from the model's cumulative states.
 * Written against the columns of a run (not the simulator), so it lives with its model.
 */
import { expandDoses, totalDosed, type DoseRecord } from '../../model/dosing.js';
import { BODY_MG } from './homeostasis.js';
import { BODY_CA } from './couple.js';

/** What the check reads of a run (a `SimulationResult` is one). */
export interface MassBalanceRun {
  /** The output times (the model's time unit), first to last. */
  time: Float64Array;
  /** The values of a state or output at `time`. */
  column(name: string): Float64Array;
  /** The model that was run. */
  model: {
    /** Its state names (the check looks for `Ca_in_cum` to decide whether to balance Ca). */
    stateNames: readonly string[];
  };
  /** The scenario that was run. */
  scenario: {
    /** Its dose records (IV Mg into `Mg_iv` counts as intake). */
    doses: readonly DoseRecord[];
  };
}

const at = (res: MassBalanceRun, name: string, i = res.time.length - 1): number => res.column(name)[i];
const first = (res: MassBalanceRun, name: string): number => res.column(name)[0];

/**
 * The Mg (and Ca) balance of a human-mg-bone run (`massBalance`), in mmol over the run: intake, IV,
 * urine, faeces, the change of body content, the residual (in − out − change) and the residual
 * relative to max(total in, body content). A correct run has a relative residual near the solver
 * tolerance.
 */
export interface MassBalance {
  /** Mg: intake + IV − urine − faeces − change of body Mg (mmol), relative to max(total in, body Mg). */
  mg: {
    /** intake + iv − urine − faeces − change, mmol. */
    residual: number;
    /** |residual| / max(intake + iv, body Mg at the start). */
    relative: number;
    /** Oral Mg taken in (diet and supplements), mmol. */
    intake: number;
    /** IV Mg dosed into `Mg_iv`, mmol. */
    iv: number;
    /** Mg excreted in urine, mmol. */
    urine: number;
    /** Mg lost in faeces, mmol. */
    faeces: number;
    /** Change of body Mg (end − start), mmol. */
    change: number;
  };
  /** The same for Ca (mmol), when the model tracks Ca intake and losses. */
  ca?: {
    /** intake − urine − faeces − change, mmol. */
    residual: number;
    /** |residual| / max(intake, |body Ca at the start|). */
    relative: number;
    /** Dietary Ca, mmol. */
    intake: number;
    /** Ca excreted in urine, mmol. */
    urine: number;
    /** Ca lost in faeces, mmol. */
    faeces: number;
    /** Change of body Ca (end − start), mmol. */
    change: number;
  };
}

/** Sum of states named in a '+'-separated expression (BODY_MG, BODY_CA) at row i. */
function sumStates(res: MassBalanceRun, expr: string, i: number): number {
  return expr.split('+').reduce((s, n) => s + res.column(n.trim())[i], 0);
}

/** Mass balance of Mg (and Ca when the model has OpenBoneMin) over a run, from its cumulative states. */
export function massBalance(res: MassBalanceRun): MassBalance {
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
