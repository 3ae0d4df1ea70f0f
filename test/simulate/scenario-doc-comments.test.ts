/**
 * The scenario format is declared once (src/simulate/scenario-schema.ts), but each key is described
 * twice there: a doc comment (what an editor shows for `ScenarioInput` and the API reference) and
 * its `v.description` (the JSON Schema and the key tables of docs/scenarios.md). They may be worded
 * differently and give different examples, but not different limits or defaults: every number
 * (outside `code`, where the examples are) and every default of one must be in the other (issue
 * #14: doc comments where they are used, and no two versions drifting apart).
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { ROOT } from '../helpers/paths.js';
import { ScenarioSchema } from '../../src/simulate/scenario-schema.js';
import { entriesOf, unwrap, type AnySchema } from '../../src/core/shape.js';

/** The description in a schema's pipe, looking through `optional`. */
function descriptionOf(schema: AnySchema): string {
  for (const s of [schema, unwrap(schema)]) {
    const d = (s as unknown as { pipe?: { type: string; description?: string }[] }).pipe?.find((a) => a.type === 'description');
    if (d?.description) return d.description;
  }
  return '';
}

/** The runtime objects of the format: top level, output, each dose, each change, solver. */
function runtimeObjects(): Record<string, AnySchema>[] {
  const top = entriesOf(ScenarioSchema);
  const inner = (k: string): Record<string, AnySchema> => {
    let s = unwrap(top[k]) as AnySchema & { item?: AnySchema };
    if (s.item) s = unwrap(s.item) as typeof s;
    return entriesOf(s);
  };
  return [top, inner('output'), inner('doses'), inner('changes'), inner('solver')];
}

/** Every object literal of the declaration: property name → its doc comment. */
function docComments(): Map<string, string>[] {
  const file = path.join(ROOT, 'src', 'simulate', 'scenario-schema.ts');
  const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: Map<string, string>[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isObjectLiteralExpression(node)) {
      const docs = new Map<string, string>();
      for (const p of node.properties) {
        if (!ts.isPropertyAssignment(p) || !p.name || !ts.isIdentifier(p.name)) continue;
        const jsdoc = ts.getJSDocCommentsAndTags(p).filter(ts.isJSDoc);
        const text = jsdoc.map((d) => ts.getTextOfJSDocComment(d.comment) ?? '').join(' ').trim();
        if (text) docs.set(p.name.text, text);
      }
      if (docs.size) found.push(docs);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** The facts of a text: its numbers outside `code` (commas dropped), and what follows each "default". */
function facts(text: string): Set<string> {
  const out = new Set<string>();
  const plain = text.replace(/`[^`]+`/g, ' ');
  for (const m of plain.matchAll(/(?<![\w.])\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+)?/gi)) out.add(m[0].replace(/,$/, '').replace(/,/g, ''));
  for (const m of text.matchAll(/\bdefault:?\s+(?:about\s+|~)?(`[^`]+`|[\w.+-]+(?:,\d{3})*)/gi)) out.add(`default ${m[1].replace(/`/g, '').replace(/,/g, '')}`);
  return out;
}

test('each key\'s doc comment and v.description state the same limits and defaults', () => {
  const literals = docComments();
  const problems: string[] = [];
  let pairs = 0;
  for (const entries of runtimeObjects()) {
    const keys = Object.keys(entries);
    // the object literal that declares these keys (spreads such as a model's own keys aside)
    const docs = literals.find((d) => keys.every((k) => d.has(k)));
    assert.ok(docs, `a documented object literal with the keys ${keys.join(', ')}`);
    for (const k of keys) {
      const description = descriptionOf(entries[k]);
      assert.ok(description, `${k}: a v.description`);
      const comment = docs.get(k)!;
      const a = facts(comment), b = facts(description);
      const onlyComment = [...a].filter((f) => !b.has(f)), onlyDescription = [...b].filter((f) => !a.has(f));
      if (onlyComment.length || onlyDescription.length) problems.push(`${k}: only in the doc comment ${JSON.stringify(onlyComment)}, only in v.description ${JSON.stringify(onlyDescription)}\n    /** ${comment} */\n    '${description}'`);
      pairs++;
    }
  }
  assert.ok(pairs >= 25, `${pairs} keys compared`);
  assert.deepEqual(problems, []);
});

test('the facts compared: numbers outside code and defaults', () => {
  assert.deepEqual([...facts('Relative tolerance, in [1e-14, 1) (default 1e-8).')].sort(), ['1', '1e-14', '1e-8', 'default 1e-8'].sort());
  assert.deepEqual([...facts('most integrator steps (default 5,000,000), e.g. `"5 d"`; default `bdf`')].sort(), ['5000000', 'default 5000000', 'default bdf'].sort());
  assert.deepEqual([...facts('default ~200 rows, default about 200 rows')].sort(), ['200', 'default 200'].sort());
});
