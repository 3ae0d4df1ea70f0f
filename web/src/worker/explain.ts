/** LaTeX of every rule and observable of a model, and the parameters each uses (cached per model). */
import type { ModelSpec } from '../../../src/index.js';
import { analyzeModel } from '../../../src/index.js';
import { toLatex, latexName } from '../../../src/index.js';
import { symbolsOf } from '../../../src/index.js';
import type { Explained } from '../types.js';

const cache = new Map<string, Explained>();

export function explainModel(spec: ModelSpec): Explained {
  const hit = cache.get(spec.id);
  if (hit) return hit;
  const { parsed } = analyzeModel(spec);
  const out: Explained = { modelId: spec.id, latex: {}, parameters: {}, symbols: {} };
  const add = (name: string, lhs: string, e: Parameters<typeof toLatex>[0]): void => {
    out.latex[name] = `${lhs} = ${toLatex(e)}`;
    const syms = symbolsOf(e);
    out.symbols[name] = syms;
    out.parameters[name] = syms.filter((s) => s in spec.parameters);
  };
  for (const [name, e] of parsed.rules) add(name, latexName(name), e);
  for (const [name, e] of parsed.observables) if (!(name in out.latex)) add(name, latexName(name), e);
  for (const [name, e] of parsed.odes) add(`d/dt ${name}`, `\\frac{d\\,${latexName(name)}}{dt}`, e);
  cache.set(spec.id, out);
  return out;
}
