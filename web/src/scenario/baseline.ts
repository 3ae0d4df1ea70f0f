/**
 * The baseline a scenario is compared with: the same model, run length, output grid, solver and
 * starting state, and nothing else — no diet, supplements, conditions, drugs, parameter or
 * pathway changes (the model's defaults).
 */
const KEEP = ['model', 'duration', 'output', 'solver', 'steadyState', 'initial'] as const;

export function baselineOf(scenario: Record<string, unknown>): Record<string, unknown> {
  const b: Record<string, unknown> = { name: 'baseline' };
  for (const k of KEEP) if (scenario[k] !== undefined) b[k] = scenario[k];
  return b;
}

/** The key a baseline is cached under (in the worker and in the page): its scenario text and the rules asked for. */
export function baselineKey(scenario: Record<string, unknown>, rules: readonly string[]): string {
  return JSON.stringify(baselineOf(scenario)) + '\u0000' + rules.join(',');
}
