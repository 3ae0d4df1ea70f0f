/**
 * Scenario adapter of human-mg-bone: the extension keys `diet`, `supplements` and `conditions` of
 * a scenario file, mapped onto model parameters. IV Mg needs no adapter: it is an ordinary dose
 * record into the dose target `Mg_iv` (amounts in elemental Mg, "7 mmol" or "170 mg", with a
 * `rate` for an infusion).
 *
 * ```json
 * "diet": { "Mg": "300 mg/d", "Ca": "1000 mg/d" },
 * "supplements": [ { "Mg": "365 mg/d", "salt": "citrate" } ],
 * "conditions": { "postmenopausal": true, "eGFR": "45 mL/min/1.73m2", "PPI": true, "thiazide": true,
 *                 "loop_diuretic": true, "alcohol": true, "type2_diabetes": true, "age": "70 y" }
 * ```
 *
 * The keys, their values, units, ranges and messages are declared once, in `scenario-schema.ts`:
 * `apply` walks that declaration (every problem reported with its path, e.g. ['diet', 'Mg'], and
 * the allowed values) and maps the values it read onto the model's parameters. Conditions
 * multiply the same few parameters; where two act on one parameter their factors multiply. Effect
 * sizes and their sources are in `CONDITIONS` and `SALTS` (also printed in the README).
 */
import type { Model } from '../../model/model.js';
import type { InputIssue, IssuePath } from '../../core/issues.js';
import { checkShape, isPlainRecord as isRecord } from '../../core/shape.js';
import { EXCLUSIVE_CONDITIONS, humanScenarioEntries, MOLAR_MASS, RANGES, RANGE_UNITS, rangeText } from './scenario-schema.js';
import { V_MG_PARTS } from './parameters.js';

// the value ranges are declared with the schema (scenario-schema.ts), which reads them for its bounds and descriptions
export { RANGES };

/** Relative bioavailability of Mg salts (soluble salts = 1). */
export const SALTS: Readonly<Record<string, {
  /** Bioavailability relative to a soluble salt (1), dimensionless. */
  F: number;
  /** Where the value comes from. */
  source: string;
}>> = {
  citrate: { F: 1, source: 'ref:kappeler2017 (citrate > oxide); soluble, taken as the reference (as Mg acetate in ref:fine1991)' },
  chloride: { F: 1, source: 'ref:firoz2001 (chloride, lactate and aspartate equivalent, all better than oxide)' },
  lactate: { F: 1, source: 'ref:firoz2001' },
  aspartate: { F: 1, source: 'ref:firoz2001' },
  acetate: { F: 1, source: 'ref:fine1991 (the soluble reference salt)' },
  oxide: {
    F: 0.3,
    source: 'fitted: ref:firoz2001 fractional absorption of MgO 4% at ~21 mEq/d, against 13% that the model gives for a soluble salt at that dose',
  },
};

/** A human-mg-bone scenario condition (eGFR, postmenopausal, PPI, …): what it means and the parameters it changes. */
export interface ConditionInfo {
  /** What the condition represents in the model. */
  description: string;
  /** Parameter → factor (multiplied) or value (set), as applied. */
  effect: string;
  /** Where the effect size comes from (`ref:…`, `fitted:` or `assumed:`). */
  source: string;
}

/** Effect sizes of conditions (`assumed:` where no human number was found). */
export const CONDITION_FACTORS = {
  PPI_trans: 0.75,
  thiazide_DCT: 0.85,
  loop_TAL: 1.5,
  alcohol_TAL: 1.5,
  alcohol_trans: 0.9,
  t2d_TAL: 1.22,
  t2d_DCT: 0.91,
  age_trans_per_decade: 0.05,
  age_TAL_per_decade: 0.1,
  /** Pregnancy (near term): plasma volume × 1.5 and extracellular fluid × 1.16 (ref:obstetrics_textbook), GFR × 1.5. */
  preg_plasma: 1.5,
  preg_ecf: 1.16,
  preg_GFR: 1.5,
} as const;

/**
 * V_Mg's factor in pregnancy: V_Mg is plasma at the total Mg concentration plus interstitial fluid at the ultrafilterable
 * fraction (`V_MG_PARTS`); plasma grows by preg_plasma and the whole ECF by preg_ecf.
 */
export const PREGNANCY_V_MG_FACTOR = ((): number => {
  const { plasma, interstitial, ultrafilterable: uf } = V_MG_PARTS;
  const plasmaP = CONDITION_FACTORS.preg_plasma * plasma;
  const ecfP = CONDITION_FACTORS.preg_ecf * (plasma + interstitial);
  return (plasmaP + (ecfP - plasmaP) * uf) / (plasma + interstitial * uf);
})();

/**
 * The conditions a human-mg-bone scenario can set (`conditions: { PPI: true, eGFR: "45 mL/min/1.73m2", … }`):
 * per condition what it represents, the parameter change it applies, and the source of the effect
 * size (`assumed:` where no human number was found). Exported as `HUMAN_MG_BONE_CONDITIONS`.
 */
export const CONDITIONS: Readonly<Record<string, ConditionInfo>> = {
  postmenopausal: {
    description: 'Menopause starts at t = 0: OpenBoneMin\'s oestrogen module (ESTON = 1) with the transition beginning now ' +
      '(ageENTER = ageDONE − menoDUR), so oestrogen falls over ~1.7 years.',
    effect: 'ESTON = 1; ageENTER = ageDONE − menoDUR',
    source: 'ref:openbonemin (oestrogen module); ref:peterson2012',
  },
  eGFR: {
    description: 'Kidney function: GFR (OpenBoneMin\'s state, which sets Ca, phosphate and Mg filtration) starts at the given eGFR ' +
      'instead of 100 mL/min. Mg handling keeps its normal set point, so a lower GFR raises serum Mg until excretion matches absorption.',
    effect: `GFR0 = eGFR / 16.667 (L/h); allowed ${rangeText('eGFR')}`,
    source: 'ref:karger_ckd (serum Mg rises as GFR falls); ref:openbonemin (GFR state)',
  },
  PPI: {
    description: 'Long-term proton-pump inhibitor: less saturable (TRPM6) Mg absorption.',
    effect: `f_trans × ${CONDITION_FACTORS.PPI_trans}`,
    source: 'fitted: hypomagnesaemia 27.1% vs 18.4% in PPI users vs non-users (ref:park2014) read as a shift of the serum Mg ' +
      'distribution by 0.29 SD (SD 0.07 mmol/L assumed): −0.02 mmol/L (the model gives −0.019 at 325 mg/d); mechanism (TRPM6) not quantified',
  },
  thiazide: {
    description: 'Thiazide diuretic: renal Mg wasting through a lower DCT transport capacity (TRPM6 down-regulation).',
    effect: `DCT_Tm_factor × ${CONDITION_FACTORS.thiazide_DCT}`,
    source: 'assumed: direction from ref:iom1997 and ref:alpf_textbook; effect size not found (gives −0.02 mmol/L). Thiazide effects on Ca are not modelled',
  },
  loop_diuretic: {
    description: 'Loop diuretic: renal Mg wasting by blocking TAL paracellular reabsorption.',
    effect: `TAL_odds_factor × ${CONDITION_FACTORS.loop_TAL}`,
    source: 'assumed: direction from ref:iom1997 and ref:quamme1986; effect size not found (gives −0.07 mmol/L). Loop-diuretic calciuria is not modelled',
  },
  alcohol: {
    description: 'Chronic alcohol use: renal Mg wasting and poorer absorption.',
    effect: `TAL_odds_factor × ${CONDITION_FACTORS.alcohol_TAL}; f_trans × ${CONDITION_FACTORS.alcohol_trans}`,
    source: 'assumed: "nearly all" chronic alcoholics are Mg depleted, renal wasting (ref:iom1997); effect sizes not found',
  },
  type2_diabetes: {
    description: 'Type 2 diabetes: renal Mg wasting (glucosuria, hyperfiltration, insulin resistance lowering TAL/DCT reabsorption).',
    effect: `TAL_odds_factor × ${CONDITION_FACTORS.t2d_TAL}; DCT_Tm_factor × ${CONDITION_FACTORS.t2d_DCT}`,
    source: 'fitted: hypomagnesaemia prevalence 32% in T2D (ref:pitliya2023) vs 13.5% in non-users of PPIs (ref:srinutta2019), read ' +
      'as a serum shift of 0.64 SD (SD 0.07 mmol/L assumed): −0.044 mmol/L (the model gives −0.044 at 325 mg/d); mechanisms from ref:pham2007',
  },
  pregnant: {
    description: 'Pregnancy near term, as it matters for the kinetics of IV Mg (obstetric MgSO4): a larger extracellular volume and ' +
      'a higher GFR (unless eGFR is given). Not modelled: the fetus and placental transfer, the pregnancy changes of Ca metabolism ' +
      '(higher calcitriol and Ca absorption), lower albumin, pre-eclampsia\'s lower GFR. Cannot be combined with postmenopausal.',
    effect: `V_Mg × ${PREGNANCY_V_MG_FACTOR.toFixed(4)} (plasma × ${CONDITION_FACTORS.preg_plasma}, ECF × ${CONDITION_FACTORS.preg_ecf}); GFR0 × ${CONDITION_FACTORS.preg_GFR} unless eGFR is set`,
    source: 'ref:obstetrics_textbook (plasma volume +50 %, ECF +16 % by term); ref:pregnancy_gfr (GFR +40-50 %)',
  },
  age: {
    description: 'Ageing above 50 y: poorer absorption and some renal Mg wasting (per decade above 50). Age does not move ' +
      'OpenBoneMin\'s oestrogen timing (use "postmenopausal").',
    effect: `f_trans × (1 − ${CONDITION_FACTORS.age_trans_per_decade}·decades over 50); TAL_odds_factor × (1 + ${CONDITION_FACTORS.age_TAL_per_decade}·decades over 50); allowed ${rangeText('age')}`,
    source: 'assumed: direction from ref:barbagallo2021 (lower absorption, renal wasting with age); sizes not found',
  },
};

/** The declaration of this model's scenario keys (valibot); the key lists, checks and messages come from it. */
export const EXTENSION_ENTRIES = humanScenarioEntries(Object.keys(SALTS), CONDITIONS);
export const EXTENSION_KEYS = Object.keys(EXTENSION_ENTRIES) as (keyof typeof EXTENSION_ENTRIES)[];

export interface AdapterResult {
  parameters: Record<string, number>;
  switches: Record<string, boolean>;
  doses: never[];
  issues: InputIssue[];
  /** The key each derived parameter came from, for messages. */
  origins: Record<string, IssuePath>;
}

/** Maps the extension keys of `input` onto parameters of `model` (which must be human-mg-bone or its standalone part). */
export function apply(input: Record<string, unknown>, model: Model): AdapterResult {
  const issues: InputIssue[] = [];
  const parameters: Record<string, number> = {};
  const has = (name: string): boolean => model.spec.parameters[name] !== undefined;
  const value = (name: string): number => model.spec.parameters[name].value;
  let fTrans = 1, talOdds = 1, dctTm = 1;
  let gfrFrom: IssuePath = ['conditions', 'eGFR'];
  // first pass: the declaration checks each key and reads its quantities (mg/d, mL/min/1.73m2, y)
  const read = new Map<string, number>();
  const walk = (key: keyof typeof EXTENSION_ENTRIES): void => {
    if (input[key] !== undefined) checkShape(EXTENSION_ENTRIES[key], input[key], issues, [], [key], (path, x) => read.set(path.join('.'), x as number));
  };

  // diet
  walk('diet');
  if (read.has('diet.Mg')) parameters.Mg_diet = read.get('diet.Mg')!;
  if (read.has('diet.Ca')) {
    if (has('OralCa')) parameters.OralCa = read.get('diet.Ca')! / MOLAR_MASS.Ca / 24; // mmol/h
    else issues.push({ path: ['diet', 'Ca'], message: `model ${model.id} has no calcium intake (use human-mg-bone)` });
  }

  // supplements: the total and the intake-weighted bioavailability of those whose Mg was read
  walk('supplements');
  if (Array.isArray(input.supplements)) {
    let total = 0, weighted = 0;
    input.supplements.forEach((s: unknown, i: number) => {
      const mg = read.get(`supplements.${i}.Mg`);
      if (mg === undefined || !isRecord(s)) return;
      const F = typeof s.salt === 'string' && Object.hasOwn(SALTS, s.salt) ? SALTS[s.salt].F : 1;
      total += mg; weighted += F * mg;
    });
    if (total > RANGES.supplementTotal) issues.push({ path: ['supplements'], message: `the supplements add up to ${+total.toPrecision(6)} mg/d of Mg, more than the allowed total ${RANGES.supplementTotal} ${RANGE_UNITS.supplementTotal}` });
    parameters.Mg_supp = total;
    parameters.F_supp = total > 0 ? weighted / total : 1;
  }

  // conditions
  walk('conditions');
  if (isRecord(input.conditions)) {
    const c = input.conditions;
    const on = (k: string): boolean => Object.hasOwn(c, k) && c[k] === true;
    if (on('postmenopausal')) {
      if (has('ESTON')) { parameters.ESTON = 1; parameters.ageENTER = value('ageDONE') - value('menoDUR'); }
      else issues.push({ path: ['conditions', 'postmenopausal'], message: `model ${model.id} has no oestrogen module (use human-mg-bone)` });
    }
    if (on('PPI')) fTrans *= CONDITION_FACTORS.PPI_trans;
    if (on('thiazide')) dctTm *= CONDITION_FACTORS.thiazide_DCT;
    if (on('loop_diuretic')) talOdds *= CONDITION_FACTORS.loop_TAL;
    if (on('alcohol')) { talOdds *= CONDITION_FACTORS.alcohol_TAL; fTrans *= CONDITION_FACTORS.alcohol_trans; }
    if (on('type2_diabetes')) { talOdds *= CONDITION_FACTORS.t2d_TAL; dctTm *= CONDITION_FACTORS.t2d_DCT; }
    const eGFR = read.get('conditions.eGFR');
    if (eGFR !== undefined) {
      if (has('GFR0')) parameters.GFR0 = eGFR / value('mLminPerLh');
      else parameters.GFR_Mg = (eGFR / 100) * value('GFR_Mg');
    }
    for (const [a, b] of EXCLUSIVE_CONDITIONS) {
      if (on(a) && on(b)) issues.push({ path: ['conditions', a], message: `cannot be combined with "${b}": true` });
    }
    if (on('pregnant')) {
      parameters.V_Mg = value('V_Mg') * PREGNANCY_V_MG_FACTOR;
      if (eGFR === undefined) {
        gfrFrom = ['conditions', 'pregnant'];
        if (has('GFR0')) parameters.GFR0 = value('GFR0') * CONDITION_FACTORS.preg_GFR;
        else parameters.GFR_Mg = value('GFR_Mg') * CONDITION_FACTORS.preg_GFR;
      }
    }
    const years = read.get('conditions.age');
    if (years !== undefined) {
      const decades = Math.max(0, years - 50) / 10;
      fTrans *= Math.max(0.5, 1 - CONDITION_FACTORS.age_trans_per_decade * decades);
      talOdds *= 1 + CONDITION_FACTORS.age_TAL_per_decade * decades;
    }
  }
  if (fTrans !== 1) parameters.f_trans = fTrans;
  if (talOdds !== 1) parameters.TAL_odds_factor = talOdds;
  if (dctTm !== 1) parameters.DCT_Tm_factor = dctTm;
  const origins: Record<string, IssuePath> = {
    Mg_diet: ['diet', 'Mg'], OralCa: ['diet', 'Ca'], Mg_supp: ['supplements'], F_supp: ['supplements'],
    GFR0: gfrFrom, GFR_Mg: gfrFrom, V_Mg: ['conditions', 'pregnant'], ESTON: ['conditions', 'postmenopausal'], ageENTER: ['conditions', 'postmenopausal'],
    f_trans: ['conditions'], TAL_odds_factor: ['conditions'], DCT_Tm_factor: ['conditions'],
  };
  return { parameters, switches: {}, doses: [], issues, origins };
}

/** The adapter object the model registry expects. */
export const scenarioAdapter = { extensionKeys: EXTENSION_KEYS, extensionSchema: EXTENSION_ENTRIES, apply };
