/**
 * Fuzz suite, valid inputs (issue #15, item 4): scenarios drawn by fast-check over each model's
 * declared domain (src/models/<model>/domain.ts) must run to a finite, invariant-respecting result,
 * or fail cleanly with the time, the reason and the state (exit 1): never an exception, NaN, a hang,
 * a rejection, exit 70, or a file left by a failed run. Fixed seeds and a small budget here; long
 * campaigns: `npm run fuzz -- --minutes N` (docs/reliability.md).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { validScenario, FUZZ_MODELS } from './valid.js';
import { runValidInProcess, runValidCli, BAD_CLASSES, type Outcome } from './check.js';

/** Runs per model in-process and through the command (the human model's runs are the slow ones). */
const IN_PROCESS: Record<string, number> = { 'human-mg-bone': 6, 'peterson-riggs-2010': 10, openbonemin: 10, 'dutta-layton-2024': 10 };
const CLI = 2;
/** Wall-time budget per in-process run (s): a run that needs more ends as a clean time_limit failure. */
const WALL = 30;

function property(judge: (x: Record<string, unknown>) => Outcome, seen: Outcome[]) {
  return (x: Record<string, unknown>): boolean => {
    const o = judge(x);
    seen.push(o);
    if (BAD_CLASSES.has(o.cls)) throw new Error(`${o.cls}: ${o.detail}\nscenario: ${JSON.stringify(x)}`);
    return true;
  };
}

for (const [i, model] of FUZZ_MODELS.entries()) {
  test(`valid ${model} scenarios in-process: ok or a clean numerical failure`, { timeout: 600_000 }, () => {
    const seen: Outcome[] = [];
    fc.assert(fc.property(validScenario(model), property((x) => runValidInProcess(x, WALL), seen)), { seed: 1500 + i, numRuns: IN_PROCESS[model], endOnFailure: true });
    assert.equal(seen.length, IN_PROCESS[model]);
    // the draws exercise the model: most of them run to the end
    assert.ok(seen.filter((o) => o.cls === 'ok').length >= IN_PROCESS[model] / 2, `too few successful runs: ${JSON.stringify(seen)}`);
  });

  test(`valid ${model} scenarios through the magbone command: exit 0 with finite CSV, or exit 1 with time and state`, { timeout: 600_000 }, () => {
    const seen: Outcome[] = [];
    fc.assert(fc.property(validScenario(model), property((x) => runValidCli(x), seen)), { seed: 2500 + i, numRuns: CLI, endOnFailure: true });
    assert.equal(seen.length, CLI);
  });
}
