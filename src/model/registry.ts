/**
 * The contract between the shipped models (`src/models/`) and the scenario runner (`src/simulate/`):
 * a registry of model entries, each a spec (data) with an optional scenario adapter. Both layers
 * depend on this file, neither on the other; the public entry wires the built-in registry in.
 */
import type { GenericSchema } from 'valibot';
import type { InputIssue } from '../core/issues.js';
import type { Model } from './model.js';
import type { ModelSpec } from './spec.js';

/** One dose record as written in a scenario file: amounts and times are numbers (model units) or quantity strings ("20 ug", "12 h"). */
export interface DoseInput {
  /** Dose target (a `doseTargets` entry of the model, e.g. "TERISC"). */
  cmt: string;
  /** Amount: "400 mg", "20 ug", "16 mmol" or a number in the target's amount unit. */
  amt: string | number;
  /** Time of the first dose (default 0). */
  time?: string | number;
  /** Interval between repeated doses. */
  ii?: string | number;
  /** Number of additional doses after the first (needs `ii`). */
  addl?: number;
  /** Infusion rate (amount per time); absent: a bolus. */
  rate?: string | number;
}

/**
 * A model's scenario adapter: the extra top-level scenario keys it understands (e.g. "diet",
 * "supplements", "conditions") mapped onto parameters, switches and dose records, with issues
 * carrying their paths. Explicit `parameters`/`switches` in the scenario win over derived ones.
 */
export interface ScenarioAdapter {
  /** Top-level scenario keys this adapter reads (accepted besides the common scenario keys). */
  extensionKeys: readonly string[];
  /**
   * The declaration of these keys (valibot entries, key → schema), where the adapter has one: the
   * published `scenario.schema.json` takes them into the model's scenario format.
   */
  extensionSchema?: Readonly<Record<string, GenericSchema>>;
  /** Maps the adapter's keys of a scenario (or of one change) to parameters, switches and doses. */
  apply(input: Record<string, unknown>, model: Model): {
    /** Parameter values derived from the keys (in the parameters' units). */
    parameters?: Record<string, number>;
    /** Switches derived from the keys. */
    switches?: Record<string, boolean>;
    /** Dose records derived from the keys. */
    doses?: DoseInput[];
    /** Every problem of the keys, each with its path. */
    issues: InputIssue[];
    /** For each derived parameter, the path of the key it came from (for messages); default: the one extension key present. */
    origins?: Record<string, (string | number)[]>;
  };
}

/** A model as offered by a registry: its id, spec and, where it has one, its scenario adapter. */
export interface ModelEntry {
  /** The id scenarios name in `"model"`. */
  id: string;
  /** One line for listings. */
  summary: string;
  /** The model as data (compiled lazily by the scenario runner). */
  spec: ModelSpec;
  /** Extra scenario keys of this model (diet, supplements…), if any. */
  scenario?: ScenarioAdapter;
  /** Outputs shown in summaries and default plots. */
  keyOutputs?: string[];
}

/** A set of models the scenario runner can find by id (the built-in one is `builtinModels`). */
export interface ModelRegistry {
  /** Ids in listing order. */
  ids(): string[];
  /** Every entry, in listing order. */
  entries(): readonly ModelEntry[];
  /** The entry with this id, or undefined. */
  find(id: string): ModelEntry | undefined;
}

/** A registry over a fixed list of entries. */
export function modelRegistry(entries: readonly ModelEntry[]): ModelRegistry {
  const list = [...entries];
  return {
    ids: () => list.map((e) => e.id),
    entries: () => list,
    find: (id) => list.find((e) => e.id === id),
  };
}
