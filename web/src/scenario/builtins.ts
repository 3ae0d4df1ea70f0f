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
  // file names (lower-case ASCII): code-unit order, the order localeCompare gives them, without
  // making the page load the locale's collation tables on its first load (~50 ms in Chromium)
  .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
