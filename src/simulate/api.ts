/**
 * The one-call scenario API over a model registry: `scenarioApi(registry).runScenario(input)` =
 * find the model, compile it (cached), apply the model's scenario adapter, validate everything
 * (all issues at once, InputError), simulate. The registry is passed in, so this layer knows no
 * particular model; `src/builtin/` binds it to the shipped models (`builtinModels`).
 */
import { compileModel, ModelInputError } from '../model/index.js';
import type { Model } from '../model/model.js';
import type { ModelSpec } from '../model/spec.js';
import type { ModelRegistry, ScenarioAdapter } from '../model/registry.js';
import { InputError, InputIssue, IssuePath, didYouMean } from '../core/issues.js';
import { validateScenario, Scenario } from './scenario.js';
import { simulate, SimulationResult, SimulateOptions } from './run.js';

/** Compiled models by spec: one compilation per spec per process, whichever registry offers it. */
const compiled = new WeakMap<ModelSpec, Model>();

/** The scenario entry points bound to one model registry. */
export interface ScenarioApi {
  /** The registry the functions look models up in. */
  readonly registry: ModelRegistry;
  /** The compiled model with this id (compiled once per process); InputError naming the known ids when unknown. */
  getModel(id: string): Model;
  /** Validates a scenario (as parsed from JSON/YAML) and returns it with its compiled model; InputError listing every problem. */
  prepareScenario(input: unknown): { model: Model; scenario: Scenario };
  /** Validates and runs a scenario. Throws InputError listing every problem with its path. */
  runScenario(input: unknown, options?: SimulateOptions): SimulationResult;
}

/** `getModel`, `prepareScenario` and `runScenario` over the models of `registry`. */
export function scenarioApi(registry: ModelRegistry): ScenarioApi {
  const getModel = (id: string): Model => {
    const entry = registry.find(id);
    if (!entry) throw new InputError([{ path: ['model'], message: `unknown model "${id}"${didYouMean(id, registry.ids())}; models: ${registry.ids().join(', ')}` }]);
    let m = compiled.get(entry.spec);
    if (!m) {
      m = compileModel(entry.spec);
      compiled.set(entry.spec, m);
    }
    return m;
  };
  const prepareScenario = (input: unknown): { model: Model; scenario: Scenario } => prepareWith(registry, getModel, input);
  const runScenario = (input: unknown, options: SimulateOptions = {}): SimulationResult => {
    const { model, scenario } = prepareScenario(input);
    return simulate(model, scenario, options);
  };
  return { registry, getModel, prepareScenario, runScenario };
}

/**
 * Applies a model's scenario adapter: its keys (diet, supplements, conditions…) become parameters,
 * switches and doses; what the scenario states explicitly wins over what the adapter derives.
 */
export function applyAdapter(input: Record<string, unknown>, model: Model, adapter?: ScenarioAdapter): { input: Record<string, unknown>; issues: InputIssue[]; origins: Map<string, IssuePath> } {
  if (!adapter) return { input, issues: [], origins: new Map() };
  const a = adapter.apply(input, model);
  const merged: Record<string, unknown> = {
    ...input,
    // merged only when the user's value is an object (or absent): anything else is left for validation to report
    parameters: mergeable(input.parameters) ? { ...(a.parameters ?? {}), ...(input.parameters ?? {}) } : input.parameters,
    switches: mergeable(input.switches) ? { ...(a.switches ?? {}), ...(input.switches ?? {}) } : input.switches,
    doses: [...(Array.isArray(input.doses) ? input.doses : []), ...(a.doses ?? [])],
  };
  if (input.doses !== undefined && !Array.isArray(input.doses)) merged.doses = input.doses; // let validation report it
  const issues = [...a.issues];
  // parameters the adapter derived from the user's keys (diet, supplements, conditions…): an issue
  // about one must speak of the key the user wrote, not of a parameter never written
  const written = new Set(isPlainRecord(input.parameters) ? Object.keys(input.parameters) : []);
  const origins = new Map<string, IssuePath>();
  const present = adapter.extensionKeys.filter((k) => Object.hasOwn(input, k));
  for (const k of Object.keys(a.parameters ?? {})) {
    if (written.has(k)) continue;
    const o = a.origins?.[k];
    origins.set(k, o ?? (present.length === 1 ? [present[0]] : []));
  }
  // changes during the run may use the adapter's keys too (e.g. a diet change at 1 y)
  if (Array.isArray(input.changes)) {
    merged.changes = input.changes.map((c: unknown, i: number) => {
      if (typeof c !== 'object' || c === null || Array.isArray(c)) return c;
      const rec = c as Record<string, unknown>;
      if (!adapter.extensionKeys.some((k) => k in rec)) return c;
      const ca = adapter.apply(rec, model);
      issues.push(...ca.issues.map((x) => ({ ...x, path: ['changes', i, ...x.path] })));
      if (ca.doses && ca.doses.length) issues.push({ path: ['changes', i], message: 'a change cannot add doses; put them in "doses" with their time' });
      const out: Record<string, unknown> = { time: rec.time };
      // every key but the adapter's is kept, unknown ones included, so that validation reports them
      for (const k of Object.keys(rec)) {
        if (!adapter.extensionKeys.includes(k)) Object.defineProperty(out, k, { value: rec[k], enumerable: true, writable: true, configurable: true });
      }
      out.parameters = mergeable(rec.parameters) ? { ...(ca.parameters ?? {}), ...(rec.parameters ?? {}) } : rec.parameters;
      out.switches = mergeable(rec.switches) ? { ...(ca.switches ?? {}), ...(rec.switches ?? {}) } : rec.switches;
      return out;
    });
  }
  return { input: merged, issues, origins };
}

/** A plain object (JSON object, YAML mapping), not an array, a YAML !!set (Set) or !!omap (Map). */
function isPlainRecord(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function mergeable(v: unknown): v is Record<string, unknown> | undefined {
  return v === undefined || isPlainRecord(v);
}

/** Re-points an issue about a derived parameter (path ['parameters', k]) to the key it came from. */
export function remapDerived(issue: InputIssue, origins: ReadonlyMap<string, IssuePath>): InputIssue {
  const p = issue.path;
  if (p.length === 2 && p[0] === 'parameters' && typeof p[1] === 'string' && origins.has(p[1])) {
    const origin = origins.get(p[1])!;
    const from = origin.length ? '' : ' (set by the scenario\'s diet, supplements or conditions)';
    return { path: origin.length ? origin : p, message: `gives ${p[1]} = ${issue.message}${from}` };
  }
  return issue;
}

function prepareWith(registry: ModelRegistry, getModel: (id: string) => Model, input: unknown): { model: Model; scenario: Scenario } {
  const issues: InputIssue[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InputError([{ path: [], message: 'a scenario must be a JSON object' }]);
  }
  const rec = input as Record<string, unknown>;
  if (typeof rec.model !== 'string') {
    throw new InputError([{ path: ['model'], message: `required: one of ${registry.ids().join(', ')}` }]);
  }
  const model = getModel(rec.model);
  const entry = registry.find(rec.model)!;
  const adapter = entry.scenario;
  const merged = applyAdapter(rec, model, adapter);
  issues.push(...merged.issues);
  const base = merged.input;
  const { scenario, issues: more } = validateScenario(base, model, adapter?.extensionKeys ?? []);
  issues.push(...more.map((i) => remapDerived(i, merged.origins)));
  if (issues.length > 0 || !scenario) throw new InputError(issues);
  checkParameterDomain(model, scenario);
  return { model, scenario };
}

/**
 * The model must be defined with the scenario's parameters, at the start and after each change
 * (a combination outside the model's domain, e.g. a log of a negative number, is an input error).
 */
export function checkParameterDomain(model: Model, scenario: Scenario): void {
  const issues: InputIssue[] = [];
  const asIssues = (e: unknown, prefix: (string | number)[]): void => {
    if (e instanceof ModelInputError) issues.push(...e.issues.map((i) => ({ path: [...prefix, ...i.path], message: i.message })));
    else throw e;
  };
  let parameters = { ...scenario.parameters };
  let switches = { ...scenario.switches };
  try { model.with({ parameters, switches }); } catch (e) { asIssues(e, []); }
  scenario.changes.forEach((c, i) => {
    parameters = { ...parameters, ...c.parameters };
    switches = { ...switches, ...c.switches };
    try { model.with({ parameters, switches }); } catch (e) { asIssues(e, ['changes', i]); }
  });
  if (issues.length) throw new InputError(issues);
}
