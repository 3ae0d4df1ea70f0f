/**
 * The mechanism map: Castiglioni et al. 2013, Figure 1 (Nutrients 5:3022), as nodes and edges.
 * A pathway edge names the model switch that turns it off and the factors (rules or outputs that
 * equal 1 at the reference) through which it acts; its colour is how far those factors moved in
 * the current run. Structural edges are the bone model's own regulation (no switch).
 * Names refer to human-mg-bone; on another model, edges whose switch or factors it lacks are shown
 * as "not in this model".
 */
export interface MapNode {
  id: string;
  /** Short name for lists and headings. */
  name: string;
  label: string;
  kind: 'input' | 'mg' | 'hormone' | 'mediator' | 'cell' | 'bone';
  /** An output whose end value the node shows. */
  output?: string;
  x: number;
  y: number;
  about: string;
}

export interface MapEdge {
  id: string;
  source: string;
  target: string;
  label: string;
  /** The pathway switch (spec.switches) that turns this edge off. */
  switch?: string;
  /** Rules or outputs, 1 at the reference, through which the edge acts. */
  factors: string[];
  /** What the edge does in the model's equations. */
  acts: string;
}

export const NODES: MapNode[] = [
  { id: 'diet', name: 'Dietary Mg', label: 'Dietary Mg\n(+ supplements)', kind: 'input', x: 0, y: 260, about: 'Oral Mg intake: diet and supplements (scenario keys diet, supplements).' },
  { id: 'serum', name: 'Serum Mg', label: 'Serum Mg', kind: 'mg', output: 'Mg_serum', x: 200, y: 260, about: 'Extracellular Mg (total and ionized serum Mg): the signal most pathways read.' },
  { id: 'cell', name: 'Cellular Mg', label: 'Cellular Mg', kind: 'mg', output: 'Mg_cell', x: 420, y: 420, about: 'Rapidly exchangeable intracellular Mg (percent of the reference): what bone cells and the kidney\'s 1-α-hydroxylase see.' },
  { id: 'bonemg', name: 'Bone Mg', label: 'Bone Mg', kind: 'mg', output: 'bone_Mg_content', x: 200, y: 560, about: 'Mg in bone: a surface pool exchanging with serum and a deep pool turned over by remodelling (Mg:Ca ratio, percent of the reference).' },
  { id: 'pth', name: 'PTH', label: 'PTH', kind: 'hormone', output: 'PTH', x: 560, y: 40, about: 'Parathyroid hormone (plasma).' },
  { id: 'calcitriol', name: 'Calcitriol', label: 'Calcitriol\n1,25(OH)₂D', kind: 'hormone', output: 'calcitriol', x: 200, y: 60, about: 'Plasma calcitriol.' },
  { id: 'inflammation', name: 'Inflammation', label: 'Inflammation\nsubstance P, TNF-α, IL-1β', kind: 'mediator', output: 'inflammation_index', x: 620, y: 170, about: 'Low-grade inflammation: substance P, then TNF-α/IL-1/IL-6 (index, 1 = baseline).' },
  { id: 'endothelium', name: 'Endothelium', label: 'Endothelium\n(dysfunction)', kind: 'mediator', output: 'endothelial_index', x: 545, y: 290, about: 'Endothelial dysfunction index (1 = baseline): the review\'s hypothesis.' },
  { id: 'oc', name: 'Osteoclasts', label: 'Osteoclasts', kind: 'cell', output: 'CTX', x: 840, y: 130, about: 'Bone-resorbing cells (resorption marker CTX, percent of baseline).' },
  { id: 'ob', name: 'Osteoblasts', label: 'Osteoblasts', kind: 'cell', output: 'P1NP', x: 840, y: 300, about: 'Bone-forming cells (formation marker P1NP, percent of baseline).' },
  { id: 'mineral', name: 'Crystal / mineral quality', label: 'Crystal /\nmineral quality', kind: 'bone', output: 'mineral_quality_index', x: 840, y: 560, about: 'Hydroxyapatite crystal size and perfection, and mineralization (mineral-quality factor of strength, 1 = healthy).' },
  { id: 'bmd', name: 'BMD', label: 'BMD', kind: 'bone', output: 'BMD_ls', x: 1060, y: 260, about: 'Bone mineral density (lumbar spine, change from baseline).' },
  { id: 'strength', name: 'Bone strength', label: 'Bone strength', kind: 'bone', output: 'bone_strength', x: 1060, y: 470, about: 'Bone strength index (density² × mineral quality, 100 = healthy baseline).' },
];

export const EDGES: MapEdge[] = [
  { id: 'e-absorption', source: 'diet', target: 'serum', label: 'absorption', factors: [], acts: 'Saturable (TRPM6/7) and paracellular intestinal absorption, adapting to deficiency and raised by calcitriol.' },
  { id: 'e-uptake', source: 'serum', target: 'cell', label: 'cellular uptake', factors: [], acts: 'Exchange of extracellular Mg with the rapidly exchangeable intracellular pool.' },
  { id: 'e-bone-exchange', source: 'serum', target: 'bonemg', label: 'bone Mg exchange', switch: 'bone_mg_exchange', factors: ['bone_Mg_content'], acts: 'Surface exchange with extracellular Mg; the deep pool is released by resorption and built in by formation.' },
  { id: 'e-pth-secretion', source: 'serum', target: 'pth', label: 'PTH secretion', switch: 'mg_pth_secretion', factors: ['f_PTHsec'], acts: 'Multiplies the PTH secretion rule (SPTH) by f_PTHsec: bell-shaped in serum Mg.' },
  { id: 'e-pth-resistance', source: 'cell', target: 'pth', label: 'PTH resistance', switch: 'mg_pth_resistance', factors: ['f_PTHres'], acts: 'The PTH that kidney and bone see (1-α-hydroxylase, renal Ca reabsorption, RANKL/OPG, Runx2, CREB) is PTH × f_PTHres.' },
  { id: 'e-calcitriol', source: 'cell', target: 'calcitriol', label: 'calcitriol synthesis', switch: 'mg_calcitriol', factors: ['f_Dsyn'], acts: 'Multiplies 1-α-hydroxylase production (rule SE) by f_Dsyn.' },
  { id: 'e-pth-calcitriol', source: 'pth', target: 'calcitriol', label: '1-α-hydroxylase', factors: [], acts: 'PTH stimulates renal 1-α-hydroxylase (Peterson–Riggs / OpenBoneMin).' },
  { id: 'e-pth-oc', source: 'pth', target: 'oc', label: 'RANKL / OPG', factors: [], acts: 'PTH raises RANKL and lowers OPG production (Peterson–Riggs / OpenBoneMin).' },
  { id: 'e-pth-ob', source: 'pth', target: 'ob', label: 'Runx2 / CREB', factors: [], acts: 'PTH drives osteoblast differentiation through Runx2 and CREB (OpenBoneMin).' },
  { id: 'e-calcitriol-gut', source: 'calcitriol', target: 'serum', label: 'gut absorption', factors: [], acts: 'Calcitriol raises saturable intestinal Mg (and Ca) absorption.' },
  { id: 'e-inflammation', source: 'serum', target: 'inflammation', label: 'substance P, cytokines', switch: 'inflammation', factors: ['inflammation_index'], acts: 'Low serum Mg raises substance P within hours, then TNF-α/IL-1/IL-6 over days (cytokine index).' },
  { id: 'e-inflammation-oc', source: 'inflammation', target: 'oc', label: 'RANKL ↑ OPG ↓', switch: 'inflammation', factors: ['f_RANKL', 'f_OPG'], acts: 'RANKL production × f_RANKL (rule kinL); OPG production × f_OPG (rule pO).' },
  { id: 'e-endothelium', source: 'serum', target: 'endothelium', label: 'endothelial dysfunction', switch: 'endothelial', factors: ['endothelial_index'], acts: 'Low serum Mg raises an endothelial-dysfunction index (hypothesis).' },
  { id: 'e-endothelium-inflammation', source: 'endothelium', target: 'inflammation', label: 'inflammatory mediators', switch: 'endothelial', factors: ['endothelial_index'], acts: 'The endothelial index adds to the cytokine drive (Cyt_target).' },
  { id: 'e-endothelium-ob', source: 'endothelium', target: 'ob', label: 'less formation', switch: 'endothelial', factors: ['f_endo_OB'], acts: 'Osteoblast differentiation ÷ f_endo_OB (rule PicOB).' },
  { id: 'e-mg-ob', source: 'cell', target: 'ob', label: 'fewer osteoblasts', switch: 'mg_osteoblast', factors: ['f_OB'], acts: 'Osteoblast differentiation × f_OB (rule PicOB).' },
  { id: 'e-mg-oc', source: 'cell', target: 'oc', label: 'more osteoclasts', switch: 'mg_osteoclast', factors: ['f_OC'], acts: 'Osteoclast production × f_OC (rule kinOC2).' },
  { id: 'e-crystal', source: 'bonemg', target: 'mineral', label: 'crystal quality', switch: 'mineral_quality', factors: ['MQ'], acts: 'Less Mg in the mineral → larger, more perfect crystals → more brittle bone (factor MQ on strength; BMD unchanged).' },
  { id: 'e-high-mg', source: 'serum', target: 'mineral', label: 'mineralization defect (high Mg)', switch: 'high_mg_mineralization', factors: ['f_min'], acts: 'Above the reference serum Mg, hydroxyapatite production (rule kHApIn) and BMD gain × f_min.' },
  { id: 'e-ob-bmd', source: 'ob', target: 'bmd', label: 'formation', factors: [], acts: 'Osteoblasts lay down bone (OpenBoneMin BMD equations).' },
  { id: 'e-oc-bmd', source: 'oc', target: 'bmd', label: 'resorption', factors: [], acts: 'Osteoclasts remove bone (OpenBoneMin BMD equations).' },
  { id: 'e-mineral-bmd', source: 'mineral', target: 'bmd', label: 'mineralization', factors: [], acts: 'Mineralization sets how much density each unit of formation adds.' },
  { id: 'e-bmd-strength', source: 'bmd', target: 'strength', label: 'density²', factors: [], acts: 'Strength ∝ density² (Carter & Hayes 1977).' },
  { id: 'e-mineral-strength', source: 'mineral', target: 'strength', label: 'quality', factors: ['MQ'], switch: 'mineral_quality', acts: 'Strength × mineral-quality factor MQ.' },
];

/** Rules whose values the worker returns with every run (outputs are columns already). */
export const MAP_RULES = [...new Set(EDGES.flatMap((e) => e.factors))].filter((f) => /^(f_|MQ$)/.test(f));
