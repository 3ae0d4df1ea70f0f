import test from 'node:test';
import assert from 'node:assert/strict';
import { expandDoses, totalDosed } from '../../src/model/dosing.js';

test('addl doses are spaced by ii and sorted with rate-offs first at equal times', () => {
  const ev = expandDoses([
    { cmt: 'A', amt: 10, time: 0, ii: 24, addl: 2 },
    { cmt: 'B', amt: 4, time: 24, rate: 2 },
    { cmt: 'B', amt: 4, time: 26, rate: 4 },
  ]);
  assert.deepEqual(ev.map((e) => [e.kind, e.time, e.cmt]), [
    ['bolus', 0, 'A'], ['bolus', 24, 'A'], ['rate', 24, 'B'], ['rate', 26, 'B'], ['rate', 26, 'B'], ['rate', 27, 'B'], ['bolus', 48, 'A'],
  ]);
  // at t = 26 the first infusion ends (delta -2) before the second starts (+4)
  const at26 = ev.filter((e) => e.time === 26);
  assert.equal(at26[0].kind === 'rate' && at26[0].delta, -2);
  const tot = totalDosed(ev, 100);
  assert.equal(tot.get('A'), 30);
  assert.ok(Math.abs((tot.get('B') ?? 0) - 8) < 1e-12);
  // truncated mid-infusion
  assert.ok(Math.abs((totalDosed(ev, 25).get('B') ?? 0) - 2) < 1e-12);
});
