/**
 * The built-in scenarios, bundled from the same JSON files the CLI lists (`scenarios/*.json`), so
 * the page and `magbone scenarios` agree.
 */
import type { JsonObject } from './store.js';

export interface Builtin { name: string; model: string; description: string; scenario: JsonObject }

const files = {
  ...import.meta.glob<JsonObject>('../../../scenarios/*.json', { eager: true, import: 'default' }),
};

export const BUILTINS: Builtin[] = Object.entries(files)
  .map(([file, scenario]) => ({
    name: file.replace(/^.*\//, '').replace(/\.json$/, ''),
    model: typeof scenario.model === 'string' ? scenario.model : '',
    description: typeof scenario.description === 'string' ? scenario.description : '',
    scenario,
  }))
  .sort((a, b) => a.name.localeCompare(b.name));
