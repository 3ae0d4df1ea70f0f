/** Rule values of a compiled model at a state (default: its parameters and initial state), looked up by name. */
import type { Model } from '../../src/model/model.js';

export function rulesAt(m: Model, p: Float64Array = m.p, y: Float64Array = m.initialState(), t = 0): (name: string) => number {
  const rv = new Float64Array(m.ruleNames.length);
  m.ruleValues!(t, y, p, rv);
  return (name: string) => {
    const i = m.ruleNames.indexOf(name);
    if (i < 0) throw new Error(`no rule '${name}' in ${m.id}`);
    return rv[i];
  };
}
