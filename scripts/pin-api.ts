/** Writes test/api/public-api.json: the public exports of magbone and magbone/node (run after an intended API change). */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { publicExports } from '../test/helpers/public-api.js';

let root = path.dirname(fileURLToPath(import.meta.url));
while (!fs.existsSync(path.join(root, 'package.json'))) root = path.dirname(root);
const ex = publicExports([path.join(root, 'src', 'index.ts'), path.join(root, 'src', 'node.ts')]);
const [main, node] = [...ex.values()];
const pinned = {
  magbone: main.map((e) => e.name),
  'magbone/node': node.map((e) => e.name),
};
const undocumented = [...main, ...node].filter((e) => !e.documented).map((e) => e.name);
fs.writeFileSync(path.join(root, 'test', 'api', 'public-api.json'), JSON.stringify(pinned, null, 1) + '\n');
console.log(`${pinned.magbone.length} + ${pinned['magbone/node'].length} exports, ${undocumented.length} without a doc comment${undocumented.length ? `: ${undocumented.join(', ')}` : ''}`);
