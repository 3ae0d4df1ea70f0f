/**
 * State-triggered events (SolveOptions.events, roots.ts) against closed forms, for every method:
 *  - exponential decay y = e^(-k t) crossing a threshold c: the root is ln(1/c)/k exactly;
 *  - a bouncing ball (h'' = -g, bounce with restitution e at h = 0, falling only): bounce times
 *    t_1 = sqrt(2 h0/g), then t_{i+1} = t_i + 2 e^i v_1 / g, and the state after the callback;
 *  - a step-like (truth-valued) g still converges (the bisection safeguard);
 *  - the direction filter, a terminal event, outputs after an event, stats and the dense output.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { solve } from '../../src/solver/solve.js';
import type { OdeProblem } from '../../src/solver/types.js';
import { METHODS } from './methods.js';

const K = 0.7;
const decay = (tEnd = 10): OdeProblem => ({ n: 1, t0: 0, tEnd, y0: [1], autonomous: true, f: (_t, y, dy) => { dy[0] = -K * y[0]; } });

for (const m of METHODS) {
  test(`${m.name}: a threshold crossing of an exponential decay is located to the time tolerance`, () => {
    const c = 0.3, exact = Math.log(1 / c) / K;
    const seen: { t: number; y: number; fired: number }[] = [];
    const sol = solve(decay(), m.make(), {
      rtol: 1e-10, atol: 1e-12,
      events: { count: 1, g: (_t, y, out) => { out[0] = y[0] - c; }, onRoot: (t, y, f) => { seen.push({ t, y: y[0], fired: f[0] }); } },
    });
    assert.equal(sol.code, 'success', sol.message);
    assert.equal(seen.length, 1);
    assert.equal(seen[0].fired, -1, 'falling');
    // the location is to the time tolerance; the time error is the solution's error divided by |y'|
    assert.ok(Math.abs(seen[0].t - exact) < 1e-8, `root at ${seen[0].t}, exact ${exact}`);
    assert.ok(seen[0].y <= c + 1e-9, 'the callback sees the state just after the crossing');
    assert.equal(sol.stats.roots, 1);
    assert.ok((sol.stats.rootEvals ?? 0) > sol.stats.steps, 'g evaluated at every step end and while locating');
  });

  test(`${m.name}: a bouncing ball bounces at the analytic times and the callback's state change holds`, () => {
    const G = 9.81, H0 = 10, E = 0.8;
    const ball: OdeProblem = { n: 2, t0: 0, tEnd: 8, y0: [H0, 0], autonomous: true, f: (_t, y, dy) => { dy[0] = y[1]; dy[1] = -G; } };
    const bounces: number[] = [];
    const tOut = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    const sol = solve(ball, m.make(), {
      rtol: 1e-10, atol: 1e-10, tOut,
      events: {
        count: 1, direction: [-1],
        g: (_t, y, out) => { out[0] = y[0]; },
        onRoot: (t, y) => { bounces.push(t); y[0] = 0; y[1] = -E * y[1]; },
      },
    });
    assert.equal(sol.code, 'success', sol.message);
    const v1 = Math.sqrt(2 * G * H0);
    const want = [v1 / G];
    while (want.length < 20) { const last = want[want.length - 1]; const next = last + 2 * E ** want.length * v1 / G; if (next > 8) break; want.push(next); }
    assert.equal(bounces.length, want.length, `bounces ${bounces}`);
    bounces.forEach((b, i) => assert.ok(Math.abs(b - want[i]) < 1e-7, `bounce ${i}: ${b} vs ${want[i]}`));
    // height at every output from the closed form between bounces
    tOut.forEach((t, k) => {
      let i = want.findIndex((b) => b > t);
      if (i < 0) i = want.length;
      const h = i === 0 ? H0 - 0.5 * G * t * t : (() => { const ts = want[i - 1], v = E ** i * v1; const s = t - ts; return v * s - 0.5 * G * s * s; })();
      assert.ok(Math.abs(sol.y[0][k] - h) < 1e-6, `t=${t}: ${sol.y[0][k]} vs ${h}`);
    });
  });

  test(`${m.name}: a step-like event function (a truth value) is located; direction filters; a terminal event ends the run`, () => {
    const c = 0.5, exact = Math.log(1 / c) / K;
    const seen: number[] = [];
    const sol = solve(decay(), m.make(), {
      rtol: 1e-10, atol: 1e-12, tOut: [0, 0.5, 1, 2, 5, 10], dense: true,
      events: {
        count: 2, direction: [1, 1],
        // component 0: −1 while y > c, +1 once y <= c (rises); component 1: y − c (falls: filtered out)
        g: (_t, y, out) => { out[0] = y[0] > c ? -1 : 1; out[1] = y[0] - c; },
        onRoot: (t, _y, f) => { seen.push(t); assert.deepEqual([...f], [1, 0]); return true; },
      },
    });
    assert.equal(sol.code, 'success', sol.message);
    assert.equal(seen.length, 1);
    assert.ok(Math.abs(seen[0] - exact) < 1e-8, `${seen[0]} vs ${exact}`);
    assert.ok(sol.event && Math.abs(sol.event.t - exact) < 1e-8);
    assert.equal(sol.tFinal, sol.event?.t);
    assert.deepEqual([...sol.t], [0, 0.5], 'no outputs after a terminal event (at 0.99)');
    assert.ok(Math.abs(sol.evaluate(0.9)[0] - Math.exp(-K * 0.9)) < 1e-7);
  });
}

test('events: bad options are all reported', () => {
  const sol = solve(decay(), METHODS[0].make(), {
    events: { count: 2, direction: [1], g: 3 as unknown as () => void, onRoot: undefined as unknown as () => void, tTol: -1 },
  });
  assert.equal(sol.code, 'invalid_input');
  for (const w of ['events.g', 'events.onRoot', 'events.direction', 'events.tTol']) assert.match(sol.message, new RegExp(w.replace('.', '\\.')));
});
