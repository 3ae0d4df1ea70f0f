/**
 * Built-in scenarios: the JSON files in `scenarios/` at the package root and in each model's
 * `src/models/<id>/scenarios/` folder, addressed by file name without extension. Each file is an
 * ordinary scenario (the same format users write), so `magbone scenarios show <name>` prints a
 * starting point to copy.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (works from src/ via tsx and from dist/src/). */
export function packageRoot(): string {
  let d = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (fs.existsSync(path.join(d, 'package.json'))) return d;
    d = path.dirname(d);
  }
  throw new Error('magbone: package root not found');
}

export interface BuiltinScenario {
  name: string;
  file: string;
  model: string;
  description: string;
}

let cache: BuiltinScenario[] | undefined;

export function builtinScenarios(): BuiltinScenario[] {
  if (cache) return cache;
  const root = packageRoot();
  const dirs = [path.join(root, 'scenarios')];
  const modelsDir = path.join(root, 'src', 'models');
  if (fs.existsSync(modelsDir)) {
    for (const m of fs.readdirSync(modelsDir).sort()) dirs.push(path.join(modelsDir, m, 'scenarios'));
  }
  const out: BuiltinScenario[] = [];
  for (const dir of dirs) {
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir).sort()) {
      if (!f.endsWith('.json')) continue;
      const file = path.join(dir, f);
      try {
        const j = JSON.parse(fs.readFileSync(file, 'utf8')) as { model?: unknown; description?: unknown };
        out.push({ name: f.slice(0, -5), file, model: String(j.model ?? ''), description: typeof j.description === 'string' ? j.description : '' });
      } catch {
        out.push({ name: f.slice(0, -5), file, model: '?', description: '(unreadable JSON)' });
      }
    }
  }
  cache = out;
  return out;
}

export function findBuiltin(name: string): BuiltinScenario | undefined {
  return builtinScenarios().find((s) => s.name === name);
}
