/**
 * Built-in scenarios: the JSON files in `scenarios/` at the package root, addressed by file name
 * without extension. Each file is an ordinary scenario (the same format users write), so
 * `magbone scenarios show <name>` prints a starting point to copy. Their texts are compiled in
 * (`scenario-files.ts`, generated), so this works in a browser as well as in Node.
 */
import { SCENARIO_FILES } from './scenario-files.js';

/** One built-in scenario: its name, model, one-line description and text as written. */
export interface BuiltinScenario {
  /** File name without `.json` (what `magbone simulate <name>` accepts). */
  name: string;
  /** Where it is kept in the repository (`scenarios/<name>.json`), for messages. */
  file: string;
  /** The model id it runs. */
  model: string;
  /** Its `description`, or "". */
  description: string;
  /** The file's text as written (JSON). */
  text: string;
}

let cache: BuiltinScenario[] | undefined;

/** Every built-in scenario, sorted by name. */
export function builtinScenarios(): BuiltinScenario[] {
  if (cache) return cache;
  cache = SCENARIO_FILES.map(({ name, text }) => {
    const file = `scenarios/${name}.json`;
    try {
      const j = JSON.parse(text) as { model?: unknown; description?: unknown };
      return { name, file, model: String(j.model ?? ''), description: typeof j.description === 'string' ? j.description : '', text };
    } catch {
      return { name, file, model: '?', description: '(unreadable JSON)', text };
    }
  });
  return cache;
}

/** The built-in scenario with this name, or undefined. */
export function findBuiltin(name: string): BuiltinScenario | undefined {
  return builtinScenarios().find((s) => s.name === name);
}
