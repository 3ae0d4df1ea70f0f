/**
 * Assumptions made where evidence is missing, in words (spec.assumptions). Each parameter's own
 * source says `assumed:` where it is one; these are the structural choices. README.md says what
 * data would settle each.
 */
export const ASSUMPTIONS: string[] = [
  'Set point: at the reference diet (325 mg/d) the steady state is the reference serum Mg (0.85 mmol/L) and pool sizes; the DCT ' +
    'transport maximum is derived so that urine equals net absorption there. Every pathway modifier is exactly 1 at the reference.',
  'Daily intake is absorbed as if spread over three meals (Fine 1991 per-meal kinetics ×3); no gut-lumen state, so absorption ' +
    'follows intake instantly and dose splitting within a day is not represented.',
  'Supplements are taken with the diet and absorbed through the same saturable + paracellular routes; a salt\'s relative ' +
    'bioavailability (oxide 0.3) removes the unabsorbable part straight to the stool.',
  'Cells take up Mg by a saturable carrier and lose it in proportion to their content (two pools: 28Mg t½ 24 h and 1,000 h), so ' +
    'cellular Mg follows serum Mg only partly; this is what makes IV-load retention small when replete and large when depleted.',
  'Bone surface Mg exchanges linearly with serum Mg (t½ 2,000 h, assumed); deep bone Mg moves only with remodelling: released at ' +
    'the mineral\'s Mg:Ca ratio with the resorptive Ca flux (J14OCdepend) and built in with the formative part of J15 at a ratio ' +
    'proportional to serum Mg.',
  'v2: the skeleton\'s remodelling Ca fluxes follow the human BMD module: resorptive Ca release (OpenBoneMin\'s J14OCdepend) ∝ the ' +
    'module\'s resorption × mineral per resorbed volume (bmd_min_res), formative deposition (the HAp part of J15) ∝ the mineral it lays ' +
    'down (bmd_min_dep), with the relative rates of the lumbar-spine site standing for the whole skeleton. Exactly OpenBoneMin\'s fluxes ' +
    'at the reference; OpenBoneMin\'s HAp state and BMD states are still integrated but feed no Ca flux or output.',
  'v2: mineralization of new bone (primary fraction and secondary rate) needs serum Ca × phosphate: it is unchanged at and above the ' +
    'reference product and falls steeply below ~0.85 of it (the rickets/osteomalacia threshold of the Ca × P product), so severe ' +
    'hypocalcaemia leaves unmineralized matrix and keeps Ca in the extracellular fluid.',
  'Bone mineral mass for the Mg:Ca ratio of the mineral is baseline bone Ca × lumbar-spine BMD of the v2 module (relative): ' +
    'OpenBoneMin\'s bone Ca pools Q and Qbone do not measure bone mass (resorption does not depend on them); they close the Ca mass balance.',
  'Session 9: the exchangeable bone Ca pool Q releases only the Ca it holds: OpenBoneMin\'s release J14 (∝ Q0) is multiplied by ' +
    '(Q/Q0)(1 + K)/(Q/Q0 + K), K = 1e-3 (K_Qrelease), which changes nothing while Q > 0.8·Q0 and keeps Q ≥ 0 in long deficient runs ' +
    '(OpenBoneMin\'s Q crossed zero). The passive release from non-exchangeable bone (J14a = k14a·Qbone) is kept as published.',
  'Session 11: a share of net Ca absorption does not depend on calcitriol (paracellular and vitamin D-independent transport): the ' +
    'absorbed fraction of oral Ca is f·T85_ref + (1 − f)·T85, f = 0.395 (f_Ca_abs_vdi, from the intercept of Wilz 1979: 10 % of ' +
    'intake at undetectable 1,25(OH)2D against 25.3 % at 90 pmol/L), exactly OpenBoneMin\'s fraction at the reference. OpenBoneMin ' +
    'sends all of it through the calcitriol-driven capacity R, so it fell to zero with calcitriol. Mg absorption keeps its calcitriol ' +
    'dependence (gam_D_abs): the same study found none for Mg, but chronic renal failure lowers Mg absorption and calcitriol raises it.',
  'Session 10: the kidney, not the gut, balances Mg when filtration falls. The DCT transport maximum scales with the functional nephron ' +
    'mass, taken as GFR / GFR_ref (so FE_Mg rises as GFR falls, as in CKD), and the absorptive adaptation is an up-regulation in ' +
    'deficiency only (G_min = 1: no down-regulation above the reference serum Mg). Hyperfiltration (eGFR above the reference, e.g. ' +
    'pregnancy) raises the DCT maximum in proportion, which is an extrapolation.',
  'v2 session 7: the femoral neck / total hip has its own remodelling rate (site_fn) and its own focal imbalance under oestrogen ' +
    'loss (d_EST_fn), larger than the spine\'s: its DXA mineral is mostly cortical, lost after menopause through intracortical and ' +
    'endocortical remodelling whose cavities are not refilled. The two are set by the hip\'s 12-month antiresorptive gain (which ' +
    'measures its remodelling rate) and its menopausal loss (rate × imbalance); the mechanostat threshold V_lz is shared by both sites.',
  'Session 21 (decision (j)): the femoral neck / total hip BMD is a share w_fn that behaves as the lumbar spine (trabecular and ' +
    'surface bone at the spine\'s remodelling rate, imbalance and mechanostat) plus a slow cortical compartment with the hip\'s own ' +
    'rate (site_fn), imbalance (d_EST_fn) and PTH-driven formation (a_PTH_fn). With w_fn = 0 it is the one-compartment hip of session 7.',
  'Session 8: oestrogen does not act on renal Ca reabsorption in this model (OpenBoneMin\'s maxTmESTkid set to 1): after the ' +
    'menopause serum Ca rises and PTH stays flat (Nordin 2004, Prince 1995); oestrogen loss raises turnover through RANKL production ' +
    '(a_EST_RANKL·(1 − EST), independent of PTH) and through OpenBoneMin\'s own osteoblast and TGF-β effects.',
  'Session 8: the mechanostat\'s extra formation below its threshold is bounded (M_lz): once saturated, a few years after the ' +
    'menopause, further imbalances (Mg deficiency, CKD) are no longer compensated, and the slow postmenopausal phase is the ' +
    'uncompensated remainder of the oestrogen imbalance.',
  'Session 8: the PTH seen by OpenBoneMin\'s OPG production has a smooth floor at 5 % of the baseline PTH (OPG ∝ 1/PTH is unbounded).',
  'Renal Mg: PT reabsorbs a fixed 20%; the TAL fraction is a logistic of ionized Mg (steeper above than below the reference), ' +
    'serum Ca (CaSR) and weakly PTH; the DCT reabsorbs 98% of its delivery up to a transport maximum (smooth minimum).',
  'Extracellular pathways (PTH secretion, substance P, endothelial index, high-Mg mineralization, renal and absorptive ' +
    'sensing) read serum ionized Mg; cellular pathways (PTH resistance, calcitriol synthesis, osteoblasts, osteoclasts) read the ' +
    'rapidly exchangeable intracellular pool, so they lag serum Mg by about a day and recover over days after repletion.',
  'Ionized Mg and Ca come from one binding model (protein sites shared by Ca and Mg, small-ligand complexes; README); no pH effects.',
  'v2: the kidney filters the ultrafilterable Ca of the binding model (ionized + complexed, ref:walser1961), so Mg²⁺ displacing Ca ' +
    'from albumin raises the filtered Ca load (OpenBoneMin\'s saturable active reabsorption reads the same filtered Ca; part of the ' +
    'pathway mg_casr_kidney, so that Mg reaches bone only through switchable pathways). The passive ' +
    'plasma-bone Ca exchange stays OpenBoneMin\'s (release constant, uptake ∝ total plasma Ca): it buffers an acute renal Ca loss ' +
    '(0.4-0.6 mmol/h during MgSO4 infusions), which is why the acute Ca fall stays below the human one (README, finding 2).',
  'Rodent effect sizes (osteoblasts, osteoclasts, cytokines) are applied to humans as relative changes against relative ' +
    'cellular or serum Mg; the human sizes are unknown.',
  'The inflammation switch gates the effect of cytokines on RANKL/OPG; the cytokine and substance P indices themselves always ' +
    'respond to Mg (they are markers).',
  'Mineral quality enters bone strength only (strength = BMD² × quality, Carter & Hayes 1977); it does not change BMD.',
  'The endothelial-dysfunction pathway is a hypothesis (no bone data) and is off by default.',
  'Conditions (PPI, diuretics, alcohol, type 2 diabetes, ageing, CKD) act through a few parameters whose sizes are assumed or ' +
    'fitted to prevalence shifts; see scenario.ts.',
];
