/**
 * The messages between the page and the engine worker, and the data they carry. Everything here
 * is structured-cloneable; result columns travel as transferred Float64Array buffers (no copy).
 */
import type { ModelSpec } from '../../src/index.js';
import type { TableColumn } from '../../src/index.js';
import type { SolverStats } from '../../src/index.js';
import type { InputIssue } from '../../src/index.js';
import type { AttributionResult } from '../../src/index.js';
import type { Observation } from './data/observations.js';

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
  /** True when the worker answered from its cache of recent runs (no solve). */
  cached?: boolean;
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


/** Percentile bands of a posterior ensemble over the run's output times (model time unit). */
export interface BandsData {
  time: Float64Array;
  bands: Record<string, { lo: Float64Array; q1: Float64Array; med: Float64Array; q3: Float64Array; hi: Float64Array }>;
  draws: number;
  succeeded: number;
  failures: string[];
  ms: number;
}

/** A study file read for the charts (or its problems). */
export interface StudyData {
  problems?: string[];
  study?: {
    id: string; model: string; citation: string; evidence: string;
    observations: Observation[];
    /** Measurements that are not drawn (contrasts between arms, directions), one line each. */
    listed: string[];
    /** Arms that start from scratch, as runnable scenarios. */
    arms: { id: string; scenario: Record<string, unknown> }[];
  };
}

/** When the worker took a request and posted its answer (ms since the epoch, performance.timeOrigin + now: comparable across threads). */
export interface WorkerTimes { received: number; posted: number }

/** A model made ready by a 'warm' request: from the build's compiled code or compiled in the worker, and how long that took. */
export interface Warmed {
  modelId: string;
  /** True when the build's compiled code was used (web/precompile.ts): nothing was parsed or compiled. */
  precompiled: boolean;
  /** Milliseconds to make the model ready (seed or compile, and the default parameter vector). */
  ms: number;
  /** Milliseconds from the worker's start to its modules evaluated (the worker's own clock). */
  bootMs: number;
}

export type Request =
  | { kind: 'catalog' }
  | { kind: 'run'; seq: number; scenario: unknown; baseline: boolean; rules: string[] }
  | { kind: 'attribution'; seq: number; scenario: unknown; outputs: string[] }
  | { kind: 'explain'; modelId: string }
  | { kind: 'docs'; modelId: string }
  /**
   * Ready `modelId` (from the build's compiled code where shipped). `prefetchDefault`: the page opens
   * on this model's default scenario (no link), so the worker runs it at once, while the page builds
   * its controls; the page's first request then finds it done.
   */
  | { kind: 'warm'; modelId: string; prefetchDefault?: boolean }
  | { kind: 'bands'; seq: number; scenario: unknown; outputs: string[] }
  | { kind: 'study'; seq: number; text: string; file: string };

export type Response =
  | { kind: 'catalog'; models: ModelInfo[] }
  | { kind: 'warmed'; warmed: Warmed }
  | { kind: 'result'; seq: number; run: RunData; baseline?: RunData; at: WorkerTimes }
  | { kind: 'invalid'; seq: number; issues: InputIssue[] }
  | { kind: 'failed'; seq: number; message: string }
  | { kind: 'attribution'; seq: number; result: AttributionResult }
  | { kind: 'explain'; explained: Explained }
  | { kind: 'docs'; modelId: string; markdown: string }
  | { kind: 'bands'; seq: number; bands: BandsData }
  | { kind: 'study'; seq: number; data: StudyData }
  | { kind: 'error'; message: string };
