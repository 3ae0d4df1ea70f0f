/**
 * The Mg → bone pathways of Castiglioni et al. 2013, each behind a switch. A pathway is a modifier
 * — a dimensionless factor of the relative extracellular Mg signal `x_ion` or the relative cellular
 * Mg signal `x_cell` — normalised so that it is exactly 1 at the reference (x = 1) and exactly 1
 * when its switch is off. `couple.ts` applies each factor to the OpenBoneMin rule or ODE it acts on.
 *
 * Shapes are the simplest that carry the reported direction: normalised Hill functions, with a
 * floor where the evidence says the effect is partial. Magnitudes: see each parameter's source;
 * where nothing quantitative exists the source says `assumed:` and the README says what data would
 * settle it.
 */
import type { ParameterSpec, RuleSpec, StateSpec, SwitchSpec } from '../../model/spec.js';
import type { Fragment } from '../bone-core/compose.js';

const p = (value: number, unit: string, description: string, source: string, bounds?: [number, number]): ParameterSpec =>
  (bounds ? { value, unit, description, source, bounds } : { value, unit, description, source });
const r = (expr: string, unit: string, description: string): RuleSpec => ({ expr, unit, description });

/** hill(x, K, n) / hill(1, K, n): 1 at x = 1, falling to 0 as x → 0. */
const risingNorm = (x: string, K: string, n: string): string => `hill(${x}, ${K}, ${n}) / hill(1, ${K}, ${n})`;
/** (1 + E·hillinv(x, K, n)) / (1 + E·hillinv(1, K, n)): 1 at x = 1, rising to a bounded maximum as x → 0. */
const fallingNorm = (x: string, E: string, K: string, n: string): string =>
  `(1 + ${E} * hillinv(${x}, ${K}, ${n})) / (1 + ${E} * hillinv(1, ${K}, ${n}))`;
/** 1 + switch·(raw − 1). */
const gated = (sw: string, raw: string): string => `1 + ${sw} * (${raw} - 1)`;

export const PATHWAY_SWITCHES: Record<string, SwitchSpec> = {
  mg_pth_secretion: {
    description: 'Mg → PTH secretion (bell-shaped): Mg²⁺ is a weak CaSR agonist, so high Mg suppresses and mild deficiency ' +
      'stimulates secretion, while moderate-to-severe deficiency blocks release (functional hypoparathyroidism, Gα activation). ' +
      'Multiplies OpenBoneMin\'s PTH secretion (SPTH).',
    evidence: 'human experimental',
    default: true,
    sources: ['ref:fatemi1991', 'ref:suh1973', 'ref:rude1985', 'ref:cholst1984', 'ref:massry1970', 'ref:vetter2002', 'ref:castiglioni2013'],
  },
  mg_casr_kidney: {
    description: 'Mg²⁺ as a CaSR agonist in the thick ascending limb: high ionized Mg inhibits TAL Ca reabsorption (calciuria, ' +
      'falling serum Ca during MgSO₄ infusions), low Mg relieves it (Ca retention). Multiplies OpenBoneMin\'s active renal Ca ' +
      'reabsorption (CaReabsActive) by f_TAL_Ca. Also (v2, session 7): the kidney filters the ultrafilterable Ca of the binding ' +
      'model (C1_uf), so Mg²⁺ displacing Ca from albumin raises the filtered load; off, renal Ca reads total Ca as in OpenBoneMin.',
    evidence: 'human experimental',
    default: true,
    sources: ['ref:cruikshank1979', 'ref:brown1993', 'ref:quamme1986', 'ref:nielsen2007', 'ref:walser1961'],
  },
  mg_pth_resistance: {
    description: 'Mg deficiency → end-organ resistance to PTH (kidney and bone): the PTH that 1-α-hydroxylase, renal Ca ' +
      'reabsorption, RANKL/OPG and Runx2/CREB see is scaled down with cellular Mg. (Human depletion experiment; contested by ' +
      'the normal end-organ response in ref:suh1973.)',
    evidence: 'human experimental',
    default: true,
    sources: ['ref:fatemi1991', 'ref:rude1976', 'ref:welsh1981', 'ref:suh1973', 'ref:castiglioni2013'],
  },
  mg_calcitriol: {
    description: 'Mg deficiency → less calcitriol synthesis (1-α-hydroxylase production scaled with cellular Mg), beyond the ' +
      'PTH route; recovers slowly after repletion.',
    evidence: 'human experimental',
    default: true,
    sources: ['ref:fatemi1991', 'ref:rude1985', 'ref:rude1998', 'ref:rude1999'],
  },
  mg_osteoblast: {
    description: 'Mg deficiency → fewer active osteoblasts (production of active osteoblasts scaled by f_OB) that each form less bone ' +
      '(BMD production × f_OB^g_OBact), with cellular Mg.',
    evidence: 'animal',
    default: true,
    sources: ['ref:creedon1999', 'ref:rude2003mouse', 'ref:rude1999', 'ref:castiglioni2013'],
  },
  mg_osteoclast: {
    description: 'Mg deficiency → more osteoclasts (osteoclast production raised as cellular Mg falls).',
    evidence: 'animal',
    default: true,
    sources: ['ref:rude2003mouse', 'ref:rude1998', 'ref:belluci2013', 'ref:castiglioni2013'],
  },
  inflammation: {
    description: 'Mg deficiency → low-grade inflammation: substance P within hours, then TNF-α/IL-1/IL-6 over days, raising ' +
      'RANKL production and lowering OPG production.',
    evidence: 'animal',
    default: true,
    sources: ['ref:rude2003mouse', 'ref:rude2004', 'ref:rude_tnfko', 'ref:bae_opg', 'ref:song2007', 'ref:chacko2010', 'ref:castiglioni2013'],
  },
  mineral_quality: {
    description: 'Mg deficiency → larger, more perfect hydroxyapatite crystals (less Mg in the mineral) → more brittle bone: a ' +
      'mineral-quality factor of bone strength (it does not change BMD).',
    evidence: 'animal',
    default: true,
    sources: ['ref:boskey1992', 'ref:cohen1981', 'ref:heroux1975', 'ref:stendiglindberg2004', 'ref:castiglioni2013'],
  },
  high_mg_mineralization: {
    description: 'High Mg → mineralization defect (osteomalacia-like): less mineral laid down per osteoblast (hydroxyapatite ' +
      'production, and so Ca uptake into bone) and less BMD gained per unit of formation, above the reference serum Mg.',
    evidence: 'in vitro',
    default: true,
    sources: ['ref:leidi2011', 'ref:slc41a1_msc', 'ref:alfrey1973', 'ref:castiglioni2013'],
  },
  endothelial: {
    description: 'The review\'s Figure 1 hypothesis: Mg deficiency → endothelial dysfunction → inflammatory mediators and less ' +
      'osteoblastic bone formation. Off by default: no quantitative bone data exist.',
    evidence: 'hypothesis',
    default: false,
    sources: ['ref:castiglioni2013', 'ref:maier2004', 'ref:song2007', 'ref:chacko2010'],
  },
  bone_mg_exchange: {
    description: 'Bone as a Mg reservoir: the surface pool exchanges with extracellular Mg and the deep pool is released by ' +
      'resorption and built in by formation (at the mineral\'s Mg:Ca ratio, with OpenBoneMin\'s bone Ca fluxes). Off freezes bone Mg.',
    evidence: 'human observational',
    default: true,
    sources: ['ref:alfrey1973', 'ref:iom1997', 'ref:rude1998', 'ref:creedon1999'],
  },
};

export const PATHWAY_PARAMETERS: Record<string, ParameterSpec> = {
  // PTH secretion: CaSR agonism (falling, with a floor) times the deficiency block (rising)
  E0_CaSR: p(0.2, '1', 'Fraction of PTH secretion that Mg, as a CaSR agonist, cannot suppress.',
    'assumed: Mg is a weaker CaSR agonist than Ca (ref:rizzoli2015, ref:massry1970); with K_CaSR the secretion factor is 0.38 at ' +
    'serum Mg 2.5 mmol/L (ref:cholst1984: plasma PTH −40% at 30 min while falling Ca stimulated secretion)', [0, 1]),
  K_CaSR: p(1.0, '1', 'Relative serum Mg at which Mg\'s CaSR suppression is half its maximum (relative to the reference).',
    'assumed: no CaSR EC50 for Mg²⁺ found (ref:rizzoli2015); placed at the reference so that mild deficiency stimulates secretion', [0.1, 10]),
  n_CaSR: p(2, '1', 'Hill exponent of Mg\'s CaSR suppression of PTH secretion.', 'assumed: no dose-response of PTH to Mg found; simplest sigmoid', [0.5, 10]),
  K_block: p(0.74, '1', 'Relative serum Mg of half-maximal PTH release (the deficiency block).',
    'fitted: PTH unchanged on average (+11%) at serum Mg 0.61/0.80 of baseline (ref:fatemi1991: fell or unchanged in 20/26, +68% in 6), ' +
    'inappropriately low with Ca 1.8 mmol/L at 0.41 mmol/L (ref:rude1985), unmeasurable at 0.25 mmol/L (ref:suh1973)', [0.1, 1.5]),
  n_block: p(12, '1', 'Hill exponent of the deficiency block of PTH release (a switch-like block, as the exponent-50 switch of ' +
    'ref:dutta2024 in the rat).', 'fitted: as K_block; with the CaSR term it leaves a mild stimulation (+2%) at 90-95% of the reference', [1, 60]),

  // PTH resistance, calcitriol synthesis (cellular Mg)
  g_PTgrowth: p(10, '1', 'Exponent of the deficiency block (f_block_Mg^g) on the parathyroid growth that low calcitriol drives (OpenBoneMin\'s ' +
    'capacity PTmax and gland pool S); 0 = growth unaffected, large = no deficiency-driven growth once release is blocked.',
    'assumed: the Gα activation that blocks release in Mg deficiency mimics CaSR activation (ref:vetter2002), which also restrains ' +
    'parathyroid growth; Mg-deficient patients keep PTH low or inappropriately normal despite low calcitriol (ref:rude1985, ref:fatemi1991), ' +
    'while OpenBoneMin\'s calcitriol-driven growth (capacity up to ×4, pool ×1.7) overrode the block within a year: PTH +37% and serum Ca ' +
    '2.61 mmol/L at 50 mg/d in v1 (issue #13 finding 3). 10: with g = 3 serum Ca still settled at 2.40, with 10 at 2.37 mmol/L', [0, 20]),
  K_res: p(0.85, '1', 'Relative cellular Mg of half-maximal end-organ PTH response.',
    'fitted: with K_block, to serum Ca 2.36 → 2.31 mmol/L after 3 weeks of depletion (ref:fatemi1991, whose 1,25D response to PTH was ' +
    'blunted) and Ca 1.80 mmol/L at serum Mg 0.41 mmol/L (ref:rude1985); responsiveness 0.85 at 92% cellular Mg', [0.1, 2]),
  n_res: p(6, '1', 'Hill exponent of PTH end-organ responsiveness against cellular Mg.', 'fitted: as K_res', [1, 30]),
  K_D: p(0.93, '1', 'Relative cellular Mg of half-maximal 1-α-hydroxylase production.',
    'fitted: 1,25D 55 → 43 pmol/L after 3 weeks of depletion (ref:fatemi1991; model −18%) and still low 5-13 d after IV repletion (ref:rude1985)', [0.1, 2]),
  n_D: p(8, '1', 'Hill exponent of 1-α-hydroxylase production against cellular Mg.', 'fitted: as K_D', [1, 30]),

  th_D: p(168, 'h', 'Half-time with which calcitriol synthesis follows cellular Mg.',
    'fitted: 1,25D stayed low in most patients 5-13 d after IV Mg had normalised serum Mg (ref:rude1985), while it fell 22% within 3 weeks ' +
    'of depletion (ref:fatemi1991)', [1, 5000]),

  // bone cells
  K_OB: p(1.0, '1', 'Relative cellular Mg of half-maximal osteoblast differentiation.',
    'fitted: tucker1999 (session 17, with a_RANKL; training): its fact (BMD +1-3 % per 100 mg/d over 10 years) fails at 0.8 (0.857) ' +
    'and holds from 0.99 at a_RANKL 0.3; the direction tests of finding 3 bound it with a_RANKL (model README, "Session 17"). Half-maximal ' +
    'at the reference cellular Mg. Was 0.8, assumed from serum osteocalcin −28% (moderate) and −46% (severe) restriction in young rats ' +
    '(ref:creedon1999) and fewer osteoblasts in mice (ref:rude2003mouse)', [0.1, 2]),
  n_OB: p(6, '1', 'Hill exponent of osteoblast differentiation against cellular Mg.', 'assumed: as steep as the calcitriol pathway; no human data', [1, 30]),
  g_OBact: p(0.5, '1', 'Exponent of the osteoblast factor f_OB on the bone each active osteoblast forms (BMD production × f_OB^g_OBact): ' +
    'Mg deficiency lowers matrix synthesis per osteoblast as well as osteoblast number; 0 = per-cell activity unaffected.',
    'assumed: osteocalcin mRNA −46% (severe) and −22% (moderate restriction) with femoral Ca and P per ash unchanged in young rats ' +
    '(ref:creedon1999: less matrix, normally mineralised); trabecular bone volume −44% in 12 wk (ref:rude1998) and −24% in 16 wk ' +
    '(ref:rude1999) with PTH low, i.e. bone lost by uncoupling, not hyperparathyroidism. Without it (v2 part B) the coupled ' +
    'OpenBoneMin osteoblast count follows resorption (P1NP 180% at 25 mg/d) and severe deficiency gained bone. 0.5 gives ' +
    'f_OBact 0.88 at 25 mg/d (cellular Mg 87%) and 0.73 on a Mg-free diet (76%)', [0, 3]),
  E_OC: p(3, '1', 'Maximal rise of osteoclast production in Mg deficiency (factor 1 + E_OC at zero cellular Mg).',
    'assumed: osteoclast number +135% in severely Mg-deficient mice (ref:rude2003mouse); E_OC = 3 allows at most ×2.2', [0, 20]),
  K_OC: p(0.88, '1', 'Relative cellular Mg of half-maximal osteoclast stimulation.', 'assumed: a steep rise once cellular Mg falls below ~90% of the reference (rodent severe diets only)', [0.1, 2]),
  n_OC: p(8, '1', 'Hill exponent of osteoclast stimulation against cellular Mg.', 'assumed: as K_OC', [1, 30]),

  th_bone_resp: p(1440, 'h', 'Half-time with which bone-cell lineages and the bone microenvironment follow cellular Mg and cytokines.',
    'assumed: weeks in humans — a remodelling cycle lasts months, and 72 d of moderate Mg deprivation gave Ca retention, not loss ' +
    '(ref:nielsen2007), while rodents show bone-cell changes within 3 weeks (ref:rude2003mouse)', [1, 20000]),

  // inflammation
  E_SP: p(3, '1', 'Maximal rise of substance P in Mg deficiency (target 1 + E_SP at zero serum Mg, relative).',
    'assumed: substance P +230% (megakaryocytes) at day 1 in Mg-deficient mice (ref:rude2003mouse)', [0, 50]),
  K_SP: p(0.7, '1', 'Relative serum Mg of half-maximal substance P release.', 'assumed: half-maximal at a 30% fall of serum Mg', [0.1, 2]),
  n_SP: p(4, '1', 'Hill exponent of substance P release against serum Mg.', 'assumed: no dose-response found', [1, 30]),
  th_SP: p(6, 'h', 'Half-time of substance P.', 'assumed: rise complete by day 1 (ref:rude2003mouse)', [0.1, 200]),
  g_cyt: p(1, '1', 'Cytokine (TNF-α, IL-1, IL-6) response per unit rise of substance P.',
    'assumed: IL-1 +140% by day 3, TNF-α +120% by day 12 against substance P +200-230% (ref:rude2003mouse)', [0, 10]),
  th_cyt: p(72, 'h', 'Half-time of the cytokine response.', 'assumed: IL-1 up by day 3, TNF-α by day 12 (ref:rude2003mouse)', [1, 2000]),
  a_RANKL: p(0.325, '1', 'Rise of RANKL production per unit rise of the cytokine index.',
    'assumed: direction from ref:bae_opg and ref:rude2004; the smaller osteoclast rise in TNF-receptor knockouts (ref:rude_tnfko) makes ' +
    'cytokines a part, not the whole, of the osteoclast response; size chosen (with a_OPG, E_OC) so that halving Mg intake lowers lumbar BMD ' +
    'by ~2.5% over 5 years, the order of the cross-sectional ~2% per 100 mg/d (ref:orchard2014 citing Framingham; 3% hip BMD between WHI ' +
    'intake quintiles); v1 0.4; re-sized to 0.3 in v2 when the v2 BMD module and the bone Ca coupling had moved the half-intake loss to −3.4 %: ' +
    '0.3 gives −2.95 % (0.25: −2.7 %, but then CTX at 25 mg/d no longer rises: the severe-deficiency uncoupling needs the cytokine route). ' +
    'Session 17: 0.325, fitted with K_OB to tucker1999 (training: 1.049 % per 100 mg/d, asked 1-3) within the direction tests of finding 3 ' +
    '(25 mg/d for 10 y: CTX 129 %, asked > 120 %; 50 mg/d: CTX ≤ 200 % (176 %), serum Ca within 0.02 of the reference (+0.018)); half ' +
    'intake then lowers lumbar BMD by 3.5 % over 5 years', [0, 10]),
  a_OPG: p(0.3, '1', 'Fall of OPG production per unit rise of the cytokine index (production / (1 + a_OPG·(index − 1))).',
    'assumed: direction from ref:bae_opg; size as a_RANKL', [0, 10]),

  // mineral quality, high-Mg mineralization
  g_MQ: p(0.5, '1', 'Exponent of bone Mg content (relative, when below the reference) on the mineral-quality factor of strength.',
    'assumed: crystal size/perfection rises as bone Mg falls (ref:cohen1981, ref:boskey1992 not retrieved); rats on low Mg have lower ' +
    'bone strength (ref:heroux1975, ref:stendiglindberg2004)', [0, 5]),
  E_min: p(0.6, '1', 'Maximal fall of mineralization at high Mg.',
    'assumed: 5.8 vs 0.8 mM Mg inhibited MSC mineralization in vitro (ref:slc41a1_msc); high Mg inhibits osteoblast differentiation ' +
    '(ref:leidi2011); no in vivo dose-response', [0, 1]),
  Mg_min_onset: p(1.05, 'mmol/L', 'Serum Mg above which high Mg impairs mineralization (the upper end of the normal range).',
    'assumed: upper limit of normal serum Mg (0.75-0.95 mmol/L in ref:iom1997; many laboratories 0.7-1.05); dialysis patients sit at ' +
    '0.99-1.06 mmol/L (ref:tzanakis2008) with raised bone Mg (ref:alfrey1973). v1 started the defect at the reference 0.85 mmol/L, so ' +
    'BMD fell with intake across the normal range (−1.1% in 5 y at 1000 mg/d), against cohorts where BMD rises with intake ' +
    '(ref:orchard2014; issue #13 finding 5)', [0.85, 2]),
  K_min: p(0.3, '1', 'Rise of serum Mg above Mg_min_onset (relative) of half-maximal mineralization defect.',
    'assumed: half effect at 1.3× the onset (serum Mg ≈ 1.37 mmol/L, reached in CKD 4-5 on high intake); 5.8 vs 0.8 mM inhibits ' +
    'mineralization in vitro (ref:slc41a1_msc); uraemic bone Mg raised (ref:alfrey1973)', [0.01, 10]),
  n_min: p(2, '1', 'Hill exponent of the high-Mg mineralization defect.', 'assumed: smooth onset above the reference', [1, 10]),

  // endothelial hypothesis
  E_endo: p(1, '1', 'Maximal rise of the endothelial-dysfunction index in Mg deficiency.',
    'assumed: hypothesis (ref:castiglioni2013 Figure 1, ref:maier2004); E-selectin −14% top vs bottom intake quintile (ref:song2007)', [0, 20]),
  K_endo: p(0.8, '1', 'Relative serum Mg of half-maximal endothelial dysfunction.', 'assumed: as K_SP', [0.1, 2]),
  n_endo: p(4, '1', 'Hill exponent of endothelial dysfunction against serum Mg.', 'assumed: as n_SP', [1, 30]),
  th_endo: p(336, 'h', 'Half-time of endothelial dysfunction.', 'assumed: weeks', [1, 20000]),
  g_endo_cyt: p(0.5, '1', 'Cytokine drive per unit rise of the endothelial-dysfunction index.', 'assumed: hypothesis, no data', [0, 10]),
  a_endo_OB: p(0.3, '1', 'Fall of osteoblast differentiation per unit rise of the endothelial-dysfunction index.', 'assumed: hypothesis, no data', [0, 10]),
};

export const PATHWAY_RULES: Record<string, RuleSpec> = {
  x_cell_def: r('min(x_cell, 1)', '1', 'Cellular Mg signal of deficiency (1 at and above the reference).'),
  x_ion_def: r('min(x_ion, 1)', '1', 'Extracellular Mg signal of deficiency (1 at and above the reference).'),
  f_CaSR_Mg: r(`E0_CaSR + (1 - E0_CaSR) * (K_CaSR^n_CaSR + 1) / (K_CaSR^n_CaSR + x_ion^n_CaSR)`, '1',
    'Mg as a CaSR agonist on PTH secretion: 1 at the reference, down to E0_CaSR at high Mg, above 1 when Mg is low.'),
  f_block_Mg: r(risingNorm('x_ion_def', 'K_block', 'n_block'), '1', 'Deficiency block of PTH release: 1 at the reference, → 0 in severe deficiency.'),
  f_PTHsec: r(gated('mg_pth_secretion', 'f_CaSR_Mg * f_block_Mg'), '1', 'Mg modifier of PTH secretion (bell-shaped in serum Mg).'),
  f_PTgrowth: r(gated('mg_pth_secretion', 'f_block_Mg^g_PTgrowth'), '1',
    'Mg modifier of parathyroid gland capacity growth: the Gα activation that blocks release in deficiency mimics CaSR activation, ' +
    'which also restrains the gland growth low calcitriol drives.'),
  f_PTHres: r(gated('mg_pth_resistance', risingNorm('x_cell_def', 'K_res', 'n_res')), '1', 'PTH end-organ responsiveness (1 = normal).'),
  f_Dsyn: r(gated('mg_calcitriol', risingNorm('x_renal', 'K_D', 'n_D')), '1', 'Mg modifier of 1-α-hydroxylase production.'),
  f_OB: r(gated('mg_osteoblast', risingNorm('x_bonecell', 'K_OB', 'n_OB')), '1', 'Mg modifier of osteoblast differentiation.'),
  f_OBact: r('f_OB^g_OBact', '1', 'Mg modifier of the bone each active osteoblast forms (per-cell matrix synthesis; 1 when mg_osteoblast is off).'),
  f_endo_OB: r('1 / (1 + endothelial * a_endo_OB * (Endo - 1))', '1', 'Endothelial-dysfunction modifier of osteoblast differentiation.'),
  f_OC: r(gated('mg_osteoclast', fallingNorm('x_bonecell', 'E_OC', 'K_OC', 'n_OC')), '1', 'Mg modifier of osteoclast production.'),
  SP_target: r(fallingNorm('x_ion_def', 'E_SP', 'K_SP', 'n_SP'), '1', 'Substance P level that serum Mg drives toward (1 at the reference).'),
  Cyt_target: r('1 + g_cyt * (SubP - 1) + endothelial * g_endo_cyt * (Endo - 1)', '1', 'Cytokine level that substance P (and, if on, endothelial dysfunction) drive toward.'),
  f_RANKL: r('1 + inflammation * a_RANKL * (Cyt_bone - 1)', '1', 'Inflammatory modifier of RANKL production.'),
  f_OPG: r('1 / (1 + inflammation * a_OPG * (Cyt_bone - 1))', '1', 'Inflammatory modifier of OPG production.'),
  Endo_target: r(fallingNorm('x_ion_def', 'E_endo', 'K_endo', 'n_endo'), '1', 'Endothelial-dysfunction level that serum Mg drives toward.'),
  MQ: r(gated('mineral_quality', 'min(r_boneMg, 1)^g_MQ'), '1',
    'Mineral-quality factor of bone strength: falls as bone Mg falls (larger, more perfect crystals); 1 at and above the reference.'),
  f_min: r('1 - high_mg_mineralization * E_min * hill(max(Mg_serum_c / Mg_min_onset - 1, 0), K_min, n_min)', '1',
    'High-Mg modifier of mineralization (exactly 1 at and below the upper normal serum Mg, Mg_min_onset).'),
};

export const PATHWAY_STATES: Record<string, StateSpec> = {
  x_renal: {
    unit: '1', description: 'Cellular Mg signal of the renal 1-α-hydroxylase (lags x_cell by about a week).',
    initial: 1, ode: '(x_cell_def - x_renal) * log(2) / th_D',
  },
  x_bonecell: {
    unit: '1', description: 'Cellular Mg signal as bone cells (osteoblast and osteoclast lineages) have integrated it (lags x_cell).',
    initial: 1, ode: '(x_cell_def - x_bonecell) * log(2) / th_bone_resp',
  },
  Cyt_bone: {
    unit: '1', description: 'Cytokine signal as the bone microenvironment has integrated it (lags the cytokine index).',
    initial: 1, ode: '(Cytok - Cyt_bone) * log(2) / th_bone_resp',
  },
  SubP: { unit: '1', description: 'Substance P (relative to baseline).', initial: 1, ode: '(SP_target - SubP) * log(2) / th_SP' },
  Cytok: { unit: '1', description: 'Inflammatory cytokines TNF-α/IL-1/IL-6 (index, 1 = baseline): the inflammation index.', initial: 1, ode: '(Cyt_target - Cytok) * log(2) / th_cyt' },
  Endo: { unit: '1', description: 'Endothelial-dysfunction index (1 = baseline).', initial: 1, ode: '(Endo_target - Endo) * log(2) / th_endo' },
};

export function pathwaysFragment(): Fragment {
  return { parameters: { ...PATHWAY_PARAMETERS }, rules: { ...PATHWAY_RULES }, states: { ...PATHWAY_STATES }, switches: { ...PATHWAY_SWITCHES } };
}
