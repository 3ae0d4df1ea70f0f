/**
 * Pathway attribution: how much of a scenario's effect on an output (BMD, PTH, …) each pathway
 * carries, by one-at-a-time knock-out.
 *
 * Method. Let y(S, K) be an output at time T when scenario S is run with the pathways in K switched
 * off, and B the baseline scenario (e.g. the reference diet). The effect is Δ = y(S) − y(B). The
 * effect without pathway k is Δ₋ₖ = y(S, {k}) − y(B, {k}); the contribution of k is cₖ = Δ − Δ₋ₖ.
 * With every pathway off, Δ₀ = y(S, all) − y(B, all) is the part no pathway switch carries (in
 * human-mg-bone: Mg homeostasis acting through OpenBoneMin's own equations, e.g. via renal Ca
 * handling by the TAL). What knock-outs cannot split is the interaction remainder
 * I = Δ − Δ₀ − Σₖ cₖ (non-zero when pathways amplify or mask each other). Two share figures are
 * reported: cₖ/Δ (can exceed 100% or be negative when pathways oppose each other) and the
 * normalised share sign(Δ)·cₖ/Σⱼ|cⱼ| (|shares| sum to 100%; positive = pushes the output the way the
 * scenario moved it, negative = opposes it; for charts). The baseline is
 * rerun with each knock-out so that a pathway acting in the baseline itself is not credited to
 * the scenario.
 *
 * Cost: 2·(K + 2) runs for K pathways. Only pathways switched on in the scenario are knocked out.
 */
import { humanTime } from '../simulate/display.js';
import type { Model } from '../model/model.js';
import type { ScenarioAdapter } from '../model/registry.js';
import { simulate } from '../simulate/run.js';
import { validateScenario, type Scenario } from '../simulate/scenario.js';
import { InputError, type InputIssue } from '../core/issues.js';
import { applyAdapter } from '../simulate/api.js';

/**
 * A scenario input (as in a file) validated against `model`, with the model's scenario adapter
 * applied as the simulate API does: the adapter's parameters, switches and doses first, what the
 * scenario states explicitly winning. Throws InputError with every issue.
 */
export function scenarioFromInput(model: Model, input: Record<string, unknown>, adapter?: ScenarioAdapter): Scenario {
  const merged = applyAdapter(input, model, adapter);
  const { scenario, issues } = validateScenario(merged.input, model, adapter?.extensionKeys ?? []);
  const all: InputIssue[] = [...merged.issues, ...issues];
  if (all.length > 0 || !scenario) throw new InputError(all);
  return scenario;
}

/**
 * Options of `attributePathways`: which outputs to attribute, at what time, and which pathways
 * (switches) to knock out. Every field is optional; the defaults attribute `BMD_ls` at the end of the
 * scenario over every pathway switched on in it.
 */
export interface AttributionOptions {
  /** Outputs to attribute (observables or states); default ['BMD_ls']. */
  outputs?: readonly string[];
  /** Time (model units) at which to read the outputs; default the end of the scenario. */
  at?: number;
  /** Pathways (switch names) to knock out; default every switch on in the scenario. */
  pathways?: readonly string[];
  /** Called after each simulation (for progress bars). */
  onRun?: (done: number, total: number) => void;
}

/**
 * One pathway's share of a scenario's effect (see `attributePathways`): its contribution cₖ = Δ − Δ₋ₖ
 * per output, as a fraction of the effect and as a normalised share for charts.
 */
export interface PathwayContribution {
  /** The pathway (a switch of the model). */
  pathway: string;
  /** The switch's evidence level (in vitro … human trial, or hypothesis). */
  evidence: string;
  /** cₖ per output. */
  contribution: Record<string, number>;
  /** cₖ / Δ per output (NaN when Δ = 0). */
  fractionOfEffect: Record<string, number>;
  /** sign(Δ)·cₖ / Σⱼ|cⱼ| per output: positive when the pathway moves the output the way the effect goes (NaN when all cₖ are 0). */
  normalisedShare: Record<string, number>;
}

/**
 * The result of `attributePathways`: per output the scenario's value y(S), the baseline's y(B), the
 * effect Δ = y(S) − y(B) in the output's unit, each pathway's contribution, the part no switch
 * carries (Δ₀, `withoutPathways`) and the interaction remainder I = Δ − Δ₀ − Σ cₖ. `time` is the
 * reading time in the model's `timeUnit`; `runs` is the number of simulations spent (2·(K + 2)).
 * Print it with `formatAttribution`.
 */
export interface AttributionResult {
  /** The scenario's name. */
  scenario: string;
  /** The baseline scenario's name. */
  baseline: string;
  /** When the outputs were read, in `timeUnit`. */
  time: number;
  /** The model's time unit. */
  timeUnit: string;
  /** The attributed outputs. */
  outputs: string[];
  /** y(S) and y(B). */
  value: Record<string, number>;
  /** y(B) per output. */
  baselineValue: Record<string, number>;
  /** Δ = y(S) − y(B). */
  effect: Record<string, number>;
  /** Each knocked-out pathway's contribution. */
  pathways: PathwayContribution[];
  /** Δ₀: effect with every knocked-out pathway off. */
  withoutPathways: Record<string, number>;
  /** I = Δ − Δ₀ − Σ cₖ. */
  interaction: Record<string, number>;
  /** Simulations made, 2·(K + 2). */
  runs: number;
}

function readAt(model: Model, scenario: Scenario, outputs: readonly string[], at: number): Record<string, number> {
  const sc: Scenario = { ...scenario, outputTimes: Float64Array.of(0, at), duration: Math.max(at, 1e-12) };
  const res = simulate(model, sc);
  if (res.code !== 'success') throw new Error(`attribution: run of '${scenario.name}' failed: ${res.message}`);
  const out: Record<string, number> = {};
  const last = res.time.length - 1;
  for (const o of outputs) out[o] = res.column(o)[last];
  return out;
}

function withOff(s: Scenario, off: readonly string[]): Scenario {
  const switches = { ...s.switches };
  for (const k of off) switches[k] = false;
  return { ...s, switches };
}

/**
 * Attributes a scenario's effect on outputs to the model's pathways (switches) by one-at-a-time
 * knock-out. With y(S, K) an output of scenario S with the pathways K off, and B the baseline, the
 * effect is Δ = y(S) − y(B); pathway k contributes cₖ = Δ − (y(S, {k}) − y(B, {k})); Δ₀ is the
 * effect with every knocked-out pathway off (what no switch carries), and I = Δ − Δ₀ − Σ cₖ the
 * interaction remainder (non-zero when pathways amplify or mask each other). Shares are given as
 * cₖ/Δ (may exceed 100 % or be negative when pathways oppose each other) and normalised,
 * sign(Δ)·cₖ/Σ|cⱼ| (for charts). The baseline is rerun with each knock-out, so a pathway acting in
 * the baseline itself is not credited to the scenario. Cost: 2·(K + 2) runs for K pathways. Throws
 * InputError for unknown outputs or pathways, or a reading time outside the runs.
 */
export function attributePathways(model: Model, scenario: Scenario, baseline: Scenario, opts: AttributionOptions = {}): AttributionResult {
  const outputs = [...(opts.outputs ?? ['BMD_ls'])];
  const known = new Set([...model.observableNames, ...model.stateNames]);
  const unknown = outputs.filter((o) => !known.has(o));
  if (unknown.length) throw new InputError(unknown.map((o) => ({ path: ['outputs', o], message: `unknown output of ${model.id}` })));
  const at = opts.at ?? scenario.duration;
  if (!(at > 0 && at <= scenario.duration && at <= baseline.duration)) {
    throw new InputError([{ path: ['at'], message: `${at} must be in (0, ${Math.min(scenario.duration, baseline.duration)}] ${model.timeUnit}` }]);
  }
  const isOn = (k: string): boolean => scenario.switches[k] ?? model.spec.switches?.[k]?.default ?? false;
  const pathways = [...(opts.pathways ?? model.switchNames.filter(isOn))];
  const badPathways = pathways.filter((k) => !model.switchNames.includes(k));
  if (badPathways.length) throw new InputError(badPathways.map((k) => ({ path: ['pathways', k], message: `not a switch of ${model.id}` })));

  let runs = 0;
  const total = 2 * (pathways.length + 2);
  const read = (s: Scenario): Record<string, number> => {
    const v = readAt(model, s, outputs, at);
    runs++;
    opts.onRun?.(runs, total);
    return v;
  };
  const diff = (a: Record<string, number>, b: Record<string, number>): Record<string, number> =>
    Object.fromEntries(outputs.map((o) => [o, a[o] - b[o]]));

  const value = read(scenario);
  const baselineValue = read(baseline);
  const effect = diff(value, baselineValue);
  const contributions = pathways.map((k) => {
    const dk = diff(read(withOff(scenario, [k])), read(withOff(baseline, [k])));
    return { k, c: Object.fromEntries(outputs.map((o) => [o, effect[o] - dk[o]])) };
  });
  const withoutPathways = diff(read(withOff(scenario, pathways)), read(withOff(baseline, pathways)));
  const interaction: Record<string, number> = {};
  const absSum: Record<string, number> = {};
  for (const o of outputs) {
    let sum = 0, abs = 0;
    for (const { c } of contributions) { sum += c[o]; abs += Math.abs(c[o]); }
    interaction[o] = effect[o] - withoutPathways[o] - sum;
    absSum[o] = abs;
  }
  return {
    scenario: scenario.name, baseline: baseline.name, time: at, timeUnit: model.timeUnit, outputs,
    value, baselineValue, effect,
    pathways: contributions.map(({ k, c }) => ({
      pathway: k,
      evidence: model.spec.switches?.[k]?.evidence ?? '',
      contribution: c,
      fractionOfEffect: Object.fromEntries(outputs.map((o) => [o, effect[o] === 0 ? NaN : c[o] / effect[o]])),
      normalisedShare: Object.fromEntries(outputs.map((o) => [o, absSum[o] === 0 ? NaN : (effect[o] < 0 ? -1 : 1) * c[o] / absSum[o]])),
    })),
    withoutPathways, interaction, runs,
  };
}

const pct = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '–');
const num = (x: number): string => (Number.isFinite(x) ? x.toPrecision(4) : '–');

/** A Markdown table of an attribution, one block per output. */
export function formatAttribution(a: AttributionResult): string {
  const lines: string[] = [];
  lines.push(`Attribution of '${a.scenario}' vs '${a.baseline}' at t = ${humanTime(a.time, a.timeUnit)} (one-at-a-time knock-out; ${a.runs} runs)`);
  for (const o of a.outputs) {
    lines.push('', `### ${o}: ${num(a.value[o])} vs ${num(a.baselineValue[o])} (effect ${num(a.effect[o])})`, '',
      '| pathway | evidence | contribution | of effect | normalised share |', '|---|---|---|---|---|');
    const rows = [...a.pathways].sort((x, y) => Math.abs(y.contribution[o]) - Math.abs(x.contribution[o]));
    for (const p of rows) lines.push(`| ${p.pathway} | ${p.evidence} | ${num(p.contribution[o])} | ${pct(p.fractionOfEffect[o])} | ${pct(p.normalisedShare[o])} |`);
    const e = a.effect[o];
    lines.push(`| (no pathway: homeostasis alone) | | ${num(a.withoutPathways[o])} | ${pct(e === 0 ? NaN : a.withoutPathways[o] / e)} | |`);
    lines.push(`| (interaction remainder) | | ${num(a.interaction[o])} | ${pct(e === 0 ? NaN : a.interaction[o] / e)} | |`);
  }
  return lines.join('\n') + '\n';
}
