/**
 * The virtual population the scale benchmarks share (issue #18): the 5-year human diet scenario
 * (mgb-half-mg-intake-5y), its 10 key outputs and 4 log-normally varied parameters, and the timed
 * work the main thread of `magbone population` does after the runs (summary, CSV, JSON).
 */
import { loadScenario } from '../src/cli/scenario-input.js';
import { summarisePopulation, type samplePopulation } from '../src/analysis/population.js';
import { populationToCSV, populationToJSON } from '../src/analysis/population-format.js';
import type { BatchRun } from '../src/analysis/batch.js';

export const POPULATION_SCENARIO = 'mgb-half-mg-intake-5y';
export const POPULATION_OUTPUTS = ['Mg_serum', 'Mg_ionized', 'Ca_serum', 'PTH', 'calcitriol', 'CTX', 'P1NP', 'BMD_ls', 'urine_Mg', 'bone_strength'];
export const POPULATION_VARY = {
  Mg_diet: { dist: 'lognormal' as const, cv: 0.3 }, GFR0: { dist: 'lognormal' as const, cv: 0.2 },
  K_D: { dist: 'lognormal' as const, cv: 0.2 }, sec_ref: { dist: 'lognormal' as const, cv: 0.2 },
};

/** The benchmark scenario, prepared (model and scenario); throws with the problems if it does not load. */
export function loadPopulationScenario() {
  const problems: string[] = [];
  const { prepared } = loadScenario(POPULATION_SCENARIO, {}, problems);
  if (!prepared) throw new Error(problems.join('\n'));
  return prepared;
}

type Prepared = ReturnType<typeof loadPopulationScenario>;
type Sample = ReturnType<typeof samplePopulation>;

/** Times the summary and the two output files of a finished population, as `magbone population` writes them. */
export function timeSummaryAndFiles(model: Prepared['model'], scenario: Prepared['scenario'], spec: Parameters<typeof samplePopulation>[2],
  sample: Sample, runs: BatchRun[], outputs: string[]): { summariseMs: number; csvMs: number; jsonMs: number; csv: string; json: string } {
  let t = performance.now();
  const result = summarisePopulation(model, scenario, spec, sample, runs, { outputs, ms: 0, workers: 1 });
  const summariseMs = performance.now() - t;
  t = performance.now();
  const csv = populationToCSV(result);
  const csvMs = performance.now() - t;
  t = performance.now();
  const json = populationToJSON(result);
  const jsonMs = performance.now() - t;
  return { summariseMs, csvMs, jsonMs, csv, json };
}
