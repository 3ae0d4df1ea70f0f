/**
 * The registry of shipped models: id → spec (data) and, where a model has one, its scenario
 * adapter (extra scenario keys such as "diet"). Compilation is lazy and cached per spec.
 */
import { modelRegistry, type ModelEntry, type ModelRegistry } from '../model/registry.js';
import { petersonRiggs2010 } from './peterson-riggs-2010/index.js';
import { duttaLayton2024 } from './dutta-layton-2024/index.js';
import { openBoneMin } from './openbonemin/index.js';
import { humanMgBone } from './human-mg-bone/index.js';
import { scenarioAdapter as humanMgBoneScenario } from './human-mg-bone/scenario.js';

const ENTRIES: ModelEntry[] = [
  { id: 'human-mg-bone', summary: 'magbone human Mg-bone model: human Mg homeostasis on OpenBoneMin, with the Castiglioni 2013 pathways as switches', spec: humanMgBone,
    scenario: humanMgBoneScenario,
    keyOutputs: ['Mg_serum', 'Mg_ionized', 'Ca_serum', 'PTH', 'calcitriol', 'CTX', 'P1NP', 'BMD_ls', 'urine_Mg', 'bone_strength'] },
  { id: 'peterson-riggs-2010', summary: 'Peterson & Riggs 2010: human Ca, phosphate, PTH, calcitriol and bone remodelling, with teriparatide', spec: petersonRiggs2010,
    keyOutputs: ['PTHconc', 'CaConc', 'CalcitriolConc', 'BSAP', 'sCTx', 'PTmax'] },
  { id: 'openbonemin', summary: 'Metrum OpenBoneMin: Peterson-Riggs extended with lumbar-spine and femoral-neck BMD, oestrogen loss and denosumab', spec: openBoneMin,
    keyOutputs: ['PTHc', 'CaC', 'BMDlsDENchange', 'OBchange', 'OCchange', 'DENCP'] },
  { id: 'dutta-layton-2024', summary: 'Dutta & Layton 2024: male rat Ca/Mg homeostasis (PTH, calcitriol, gut, kidney segments, bone pools)', spec: duttaLayton2024,
    keyOutputs: ['PTHp', 'D3p', 'Mgp', 'Cap', 'Mg_urinary_excretion', 'Ca_urinary_excretion'] },
];

/** The shipped models, as a registry for the scenario runner. */
export const builtinModels: ModelRegistry = modelRegistry(ENTRIES);

export type { ModelEntry, ScenarioAdapter } from '../model/registry.js';

/** Ids of the shipped models. */
export function modelIds(): string[] {
  return ENTRIES.map((e) => e.id);
}

/** Every shipped model's entry (id, summary, spec, scenario adapter, key outputs). */
export function modelEntries(): readonly ModelEntry[] {
  return ENTRIES;
}

/** The shipped model with this id, or undefined. */
export function findModel(id: string): ModelEntry | undefined {
  return ENTRIES.find((e) => e.id === id);
}

export { massBalance } from './human-mg-bone/mass-balance.js';
export type { MassBalance, MassBalanceRun } from './human-mg-bone/mass-balance.js';
