/**
 * The shared core of the Peterson–Riggs family as one fragment: every rule and state equation the
 * 2010 R code and OpenBoneMin have in common. A model composes it with its own differences and
 * parameter values, then fixes its state order.
 */
import type { StateSpec } from '../../model/spec.js';
import type { Fragment } from './compose.js';
import { calcitriolStates, MINERAL_ODES, MINERAL_RULES, MINERAL_STATE_INFO } from './mineral.js';
import { CORE_CONSTRAINTS } from './constraints.js';
import { DERIVED_BASELINES, REMODELING_ODES, REMODELING_RULES, REMODELING_STATE_INFO } from './remodeling.js';

/** States of the core (the 1-α-hydroxylase is named by the model). */
export const CORE_STATES = [
  'PTH', 'S', 'PTmax', 'B', 'P', 'ECCPhos', 'T', 'R', 'HAp', 'OBfast', 'OBslow', 'PhosGut', 'IntraPO',
  'OC', 'ROB1', 'TGFB', 'TGFBact', 'L', 'RNK', 'M', 'N', 'O', 'Q', 'Qbone', 'RX2', 'CREB', 'BCL2', 'TERISC',
] as const;

export type CoreInitials = Record<(typeof CORE_STATES)[number] | 'hydroxylase', number | string>;

export interface CoreOptions {
  /** Name of the 1-α-hydroxylase state: 'A' (2010 R code) or 'AOH' (OpenBoneMin). */
  hydroxylase: string;
  /** Initial value (number or expression of parameters) of every core state. */
  initials: CoreInitials;
}

export function boneCore(opts: CoreOptions): Fragment {
  const states: Record<string, StateSpec> = {};
  const info = { ...MINERAL_STATE_INFO, ...REMODELING_STATE_INFO };
  const odes: Record<string, string> = { ...MINERAL_ODES, ...REMODELING_ODES };
  for (const name of CORE_STATES) {
    if (name === 'B') continue;
    states[name] = { ...info[name], initial: opts.initials[name], ode: odes[name] };
  }
  Object.assign(states, calcitriolStates(opts.hydroxylase, { B: opts.initials.B, hydroxylase: opts.initials.hydroxylase }));
  return {
    states,
    rules: { ...DERIVED_BASELINES, ...MINERAL_RULES, ...REMODELING_RULES },
    constraints: { ...CORE_CONSTRAINTS },
  };
}
