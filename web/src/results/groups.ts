/**
 * Which outputs are charted together. A model may name panels (outputs that belong side by side,
 * e.g. the two turnover markers); otherwise each key output of the registry gets its own panel.
 * Outputs of different units never share a panel.
 */
import type { ModelInfo, RunData } from '../types.js';

export interface PanelDef { title: string; vars: string[] }

const NAMED: Record<string, PanelDef[]> = {
  'human-mg-bone': [
    { title: 'Serum Mg', vars: ['Mg_serum', 'Mg_ionized'] },
    { title: 'PTH', vars: ['PTH'] },
    { title: 'Calcitriol', vars: ['calcitriol'] },
    { title: 'Bone turnover markers', vars: ['CTX', 'P1NP'] },
    { title: 'BMD change', vars: ['BMD_ls', 'BMD_fn'] },
    { title: 'Serum Ca', vars: ['Ca_serum'] },
    { title: 'Inflammation and endothelium', vars: ['inflammation_index', 'substance_P', 'endothelial_index'] },
    { title: 'Bone strength', vars: ['bone_strength'] },
  ],
};

/** Panels for a run of this model: named ones whose outputs exist, else one per key output; split by unit. */
export function panelsFor(model: ModelInfo, run: RunData, extra: readonly string[]): PanelDef[] {
  const unitOf = new Map(run.columns.map((c) => [c.name, c.unit]));
  const base = NAMED[model.id] ?? model.keyOutputs.map((v) => ({ title: v, vars: [v] }));
  const out: PanelDef[] = [];
  for (const p of [...base, ...extra.map((v) => ({ title: v, vars: [v] }))]) {
    const vars = p.vars.filter((v) => unitOf.has(v));
    const byUnit = new Map<string, string[]>();
    for (const v of vars) byUnit.set(unitOf.get(v)!, [...(byUnit.get(unitOf.get(v)!) ?? []), v]);
    for (const vs of byUnit.values()) out.push({ title: byUnit.size > 1 ? `${p.title}: ${vs.join(', ')}` : p.title, vars: vs });
  }
  return out;
}

/** Outputs in the summary table: the registry's key outputs first (as the CLI summary), then the charted ones. */
export function summaryOutputs(model: ModelInfo, panels: readonly PanelDef[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const v of [...model.keyOutputs, ...panels.flatMap((p) => p.vars)]) if (!seen.has(v)) { seen.add(v); out.push(v); }
  return out;
}
