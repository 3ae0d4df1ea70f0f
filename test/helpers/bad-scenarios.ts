/**
 * The bad-input table of scenarios (issue #15, item 2): each a scenario object, the command-line
 * flags that go with it, and a pattern the error must match (it names the field). Used by
 * test/cli/bad-input.test.ts (exit 2 and the message) and test/simulate/scenario-schema.test.ts
 * (the published JSON Schema rejects them).
 */
/** [label, scenario, extra flags, a pattern the error must match (it names the field)] */
export const BAD: [string, Record<string, unknown>, string[], RegExp][] = [
  ['unit "__proto__"', { model: 'openbonemin', duration: '5 __proto__' }, [], /duration: "5 __proto__": unknown unit "__proto__"/],
  ['unit "toString"', { model: 'openbonemin', duration: '5 toString' }, [], /duration: "5 toString": unknown unit "toString"/],
  ['amount unit "constructor"', { model: 'openbonemin', duration: '5 d', doses: [{ cmt: 'TERISC', amt: '5 constructor' }] }, [], /doses\[0\]\.amt: .*unknown unit "constructor"/],
  ['cmt "constructor"', { model: 'openbonemin', duration: '5 d', doses: [{ cmt: 'constructor', amt: 1 }] }, [], /doses\[0\]\.cmt: "constructor" is not a dose target/],
  ['cmt "__proto__"', { model: 'openbonemin', duration: '5 d', doses: [{ cmt: '__proto__', amt: 1 }] }, [], /doses\[0\]\.cmt: "__proto__" is not a dose target/],
  ['parameters.constructor', { model: 'openbonemin', duration: '5 d', parameters: { constructor: 1 } }, [], /parameters\.constructor: unknown parameter/],
  ['parameters.hasOwnProperty', { model: 'openbonemin', duration: '5 d', parameters: { hasOwnProperty: 1 } }, [], /parameters\.hasOwnProperty: unknown parameter/],
  ['switches.toString', { model: 'human-mg-bone', duration: '5 d', switches: { toString: false } }, [], /switches\.toString: unknown switch/],
  ['initial.valueOf', { model: 'openbonemin', duration: '5 d', initial: { valueOf: 1 } }, [], /initial\.valueOf: unknown state/],
  ['salt "constructor"', { model: 'human-mg-bone', duration: '5 d', supplements: [{ Mg: '100 mg/d', salt: 'constructor' }] }, [], /supplements\[0\]\.salt: "constructor" is not a known salt/],
  ['--set __proto__=1', { model: 'openbonemin', duration: '5 d' }, ['--set', '__proto__=1'], /parameters\.__proto__: unknown parameter/],
  ['--switch constructor=on', { model: 'human-mg-bone', duration: '5 d' }, ['--switch', 'constructor=on'], /switches\.constructor: unknown switch/],
  ['duration 1e308', { model: 'openbonemin', duration: 1e308 }, [], /duration: 1e\+308 is outside the allowed range of times \[0, 1000 y\]/],
  ['duration "1e300 y"', { model: 'openbonemin', duration: '1e300 y' }, [], /duration: "1e300 y" is outside the allowed range/],
  ['solver.rtol 1e-300', { model: 'openbonemin', duration: '5 d', solver: { rtol: 1e-300 } }, [], /solver\.rtol: 1e-300 must be a number in \[1e-14, 1\)/],
  ['solver.maxWallTime -1', { model: 'openbonemin', duration: '5 d', solver: { maxWallTime: -1 } }, [], /solver\.maxWallTime: -1 must be a number of seconds/],
  ['1,000,000 overlapping infusions', { model: 'openbonemin', duration: '1 d', doses: [{ cmt: 'TERISC', amt: '1 ug', rate: '1 ug/h', ii: '0.00001 h', addl: 1000000 }] }, [], /doses: 2000002 dose events .* more than the 200000 allowed/],
  ['too many output rows', { model: 'human-mg-bone', duration: '50 y', output: { every: '1 h' } }, [], /rows × \d+ columns/],
];

