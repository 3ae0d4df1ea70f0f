import type { ObservableSpec } from '../../model/spec.js';
import { rules, authorFluxNames } from './rules.js';

/**
 * Outputs: the plasma concentrations (named as the reference CSV columns without their unit suffix)
 * and, per element, the terms of the whole-body balance
 *
 *   d(X_body_content)/dt = X_intake - X_faecal_excretion - X_urinary_excretion - X_slow_pool_clamp_flux
 *
 * which holds exactly for the authors' equations (X = Mg, Ca). Integrating the four fluxes over a run
 * and comparing with the change of X_body_content checks mass conservation.
 *
 * Then every quantity of the authors' compute_fluxes as `vals_<name>` (their struct `vals.<name>`):
 * the rule <name> holds the equation, the observable makes it an output column (rules and
 * observables share one namespace, hence the prefix).
 */
const o = (expr: string, unit: string, description: string): ObservableSpec => ({ expr, unit, description });

const balance = (el: 'Mg' | 'Ca', name: string): Record<string, ObservableSpec> => {
  const intake = el === 'Mg' ? 'IMg' : 'ICa';
  const norm = el === 'Mg' ? 'Mgp_norm' : 'Cap_norm';
  const slow = el === 'Mg' ? 'NMg_s' : 'NCa_s';
  const fast = el === 'Mg' ? 'NMg_f' : 'NCa_f';
  return {
    [`${el}_intake`]: o(intake, 'mmol/min', `Dietary ${name} intake.`),
    [`${el}_faecal_excretion`]: o(
      `${intake} - Gut_absorption_${el} * ${norm}`,
      'mmol/min',
      `Faecal ${name} excretion: the unabsorbed part of the intake.` + (el === 'Mg'
        ? ' Negative when the authors\' fractional absorption exceeds 1 (at low Mg intake, e.g. 0.5 × normal), as in their own compute_fluxes: see the model README.'
        : ''),
    ),
    [`${el}_urinary_excretion`]: o(`Urine_excretion_${el}`, 'mmol/min', `Urinary ${name} excretion.`),
    [`${el}_slow_pool_clamp_flux`]: o(
      `(1 - slow_pools_dynamic) * (Bone_accretion_${el} - Bone_resorption_${el} / ${norm})`,
      'mmol/min',
      `Net ${name} flux into the slow bone pool (accretion minus resorption) while the authors hold that pool ` +
        'constant: it leaves the fast pool and enters plasma but changes no state, so it is a sink (or source) of ' +
        'the balance. Zero when slow_pools_dynamic is on.',
    ),
    [`${el}_body_content`]: o(
      `${el}_p * Vp / ((1 - kappa_b_${el}) * V_unit) + ${fast} + ${slow}`,
      'mmol',
      `${name[0]!.toUpperCase()}${name.slice(1)} content whose rate of change the balance fluxes add up to: fast and slow ` +
        `bone pools plus the plasma term ${el}_p * Vp / (1 - kappa_b_${el}) / (1 L). The plasma term is not the ` +
        'physical plasma content (free plus bound, which is 1 L / Vp = 100 times larger): the authors\' plasma ' +
        'equation divides the net flux by Vp, so plasma carries 1/100 of its physical weight in the balance.',
    ),
  };
};

export const observables: Record<string, ObservableSpec> = {
  PTHp: o('PTHp_con', 'pmol/L', 'Plasma PTH concentration (reference column PTHp_pmol_per_L).'),
  D3p: o('D3p_con', 'pmol/L', 'Plasma calcitriol concentration (reference column D3p_pmol_per_L).'),
  Mgp: o('Mgp_con', 'mmol/L', 'Plasma magnesium concentration (reference column Mgp_mM).'),
  Cap: o('Cap_con', 'mmol/L', 'Plasma calcium concentration (reference column Cap_mM).'),
  ...balance('Mg', 'magnesium'),
  ...balance('Ca', 'calcium'),
  ...Object.fromEntries(
    authorFluxNames.map((name) => {
      const rule = rules[name]!;
      return [`vals_${name}`, o(name, rule.unit, `${rule.description} (compute_fluxes: vals.${name})`)];
    }),
  ),
};
