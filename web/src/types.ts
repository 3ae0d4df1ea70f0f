/**
 * The messages between the page and the engine worker, and the data they carry. Everything here
 * is structured-cloneable; result columns travel as transferred Float64Array buffers (no copy).
 */
import type { ModelSpec } from '../../src/index.js';
import type { TableColumn } from '../../src/index.js';
import type { SolverStats } from '../../src/index.js';
import type { InputIssue } from '../../src/index.js';
import type { AttributionResult } from '../../src/index.js';

export type { AttributionResult };

/** What the page knows of a shipped model (from the registry: spec data, never code). */
export interface ModelInfo {
  id: string;
  summary: string;
  spec: ModelSpec;
  keyOutputs: string[];
  /** Top-level scenario keys the model's scenario adapter understands (e.g. "diet"). */
  adapterKeys: string[];
}

export interface Column extends TableColumn {
  values: Float64Array;
}

/** One simulation as the page holds it (a SimulationResult without the compiled model). */
export interface RunData {
  modelId: string;
  scenario: { name: string; description: string };
  timeUnit: string;
  time: Float64Array;
  columns: Column[];
  /** Rule values at each output row for the rules the page asked for (mechanism-map factors). */
  rules: Record<string, Float64Array>;
  /** Switches in force (after the scenario adapter and explicit switches). */
  switches: Record<string, boolean>;
  code: string;
  message: string;
  stats: SolverStats;
  /** Solve time (ms) inside the worker, and the worker's time for the whole request. */
  solveMs: number;
  workerMs: number;
}

/** LaTeX and symbol lists of a model's rules and observables (for the map and the docs). */
export interface Explained {
  modelId: string;
  /** name -> LaTeX of "name = expression" */
  latex: Record<string, string>;
  /** name -> parameter names the expression uses directly */
  parameters: Record<string, string[]>;
  /** name -> every symbol (rules, states, parameters, switches) the expression uses */
  symbols: Record<string, string[]>;
}


export type Request =
  | { kind: 'catalog' }
  | { kind: 'run'; seq: number; scenario: unknown; baseline: boolean; rules: string[] }
  | { kind: 'attribution'; seq: number; scenario: unknown; outputs: string[] }
  | { kind: 'explain'; modelId: string }
  | { kind: 'docs'; modelId: string };

export type Response =
  | { kind: 'catalog'; models: ModelInfo[] }
  | { kind: 'result'; seq: number; run: RunData; baseline?: RunData }
  | { kind: 'invalid'; seq: number; issues: InputIssue[] }
  | { kind: 'failed'; seq: number; message: string }
  | { kind: 'attribution'; seq: number; result: AttributionResult }
  | { kind: 'explain'; explained: Explained }
  | { kind: 'docs'; modelId: string; markdown: string }
  | { kind: 'error'; message: string };
