/**
 * Comparing two specs for the SBML tests: everything that is data exactly (or to a relative
 * tolerance, for files that went through a tool printing 15 digits), expressions by evaluating both
 * at random values of their names.
 */
import assert from 'node:assert/strict';
import { parse, evaluate, symbolsOf } from '../../src/model/expr/index.js';
import type { ModelSpec } from '../../src/model/spec.js';

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

/** Every expression of a spec with a label, in a fixed order. */
export function expressions(spec: ModelSpec): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, s] of Object.entries(spec.states)) {
    out.push([`states.${k}.ode`, s.ode]);
    if (typeof s.initial === 'string') out.push([`states.${k}.initial`, s.initial]);
  }
  for (const [k, r] of Object.entries(spec.rules)) out.push([`rules.${k}`, r.expr]);
  for (const [k, o] of Object.entries(spec.observables)) out.push([`observables.${k}`, o.expr]);
  for (const [k, d] of Object.entries(spec.doses ?? {})) if (d.bioavailability) out.push([`doses.${k}.bioavailability`, d.bioavailability]);
  for (const [k, c] of Object.entries(spec.constraints ?? {})) out.push([`constraints.${k}`, c.expr]);
  return out;
}

/** The spec with expressions blanked and the state order explicit, as plain JSON data. */
function dataOf(spec: ModelSpec, rel: number): unknown {
  const blank = (o: Record<string, object>, fields: string[]): Record<string, unknown> =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, { ...v, ...Object.fromEntries(fields.map((f) => [f, f in v ? '(expr)' : undefined])) }]));
  const states = Object.fromEntries(Object.entries(spec.states).map(([k, s]) =>
    [k, { ...s, ode: '(expr)', initial: typeof s.initial === 'number' ? s.initial : '(expr)' }]));
  const data = {
    ...spec, states, stateOrder: Object.keys(spec.states),
    rules: blank(spec.rules, ['expr']), observables: blank(spec.observables, ['expr']),
    ...(spec.doses ? { doses: blank(spec.doses, ['bioavailability']) } : {}),
    ...(spec.constraints ? { constraints: blank(spec.constraints, ['expr']) } : {}),
  };
  // with a tolerance: numbers rounded to what it leaves, whitespace runs collapsed (attribute normalisation)
  const digits = rel > 0 ? Math.max(1, Math.floor(-Math.log10(rel))) : 0;
  return JSON.parse(JSON.stringify(data, (_k, v: unknown) => {
    if (rel > 0 && typeof v === 'number' && Number.isFinite(v) && v !== 0) return Number(v.toPrecision(digits));
    if (rel > 0 && typeof v === 'string') return v.replace(/\s+/g, ' ');
    return v;
  }));
}

const close = (a: number, b: number, rel: number): boolean =>
  a === b || (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));

/**
 * Asserts `back` is `spec` read back: data equal (rel 0: exactly), every expression evaluating to
 * the same value (rel 0: bitwise, NaN equal to NaN) at 8 random points. Returns the number of
 * evaluations compared.
 */
export function assertSameModel(back: ModelSpec, spec: ModelSpec, rel = 0): number {
  assert.deepEqual(dataOf(back, rel), dataOf(spec, rel));
  const a = expressions(spec), b = expressions(back);
  assert.deepEqual(b.map(([label]) => label), a.map(([label]) => label));
  const draw = rng(7);
  let compared = 0;
  a.forEach(([label, text], k) => {
    const e1 = parse(text), e2 = parse(b[k][1]);
    assert.deepEqual(symbolsOf(e2).sort(), symbolsOf(e1).sort(), `${label}: names used`);
    for (let trial = 0; trial < 8; trial++) {
      const values = new Map<string, number>();
      const leaf = (l: { name: string }): number => {
        let v = values.get(l.name);
        // positive values over four decades, and some small integers so that == and both switch states occur
        if (v === undefined) values.set(l.name, v = draw() < 0.2 ? Math.floor(draw() * 3) : Math.exp((draw() - 0.5) * 9));
        return v;
      };
      const v1 = evaluate(e1, leaf), v2 = evaluate(e2, leaf);
      assert.ok(close(v1, v2, rel), `${label}: ${text} = ${v1} but read back ${b[k][1]} = ${v2}`);
      compared++;
    }
  });
  return compared;
}
