/**
 * The validation report's data figures: per study, the model's trajectory of each measured output
 * in each arm (the arms chained in time as the study runs them), with the study's measurements over
 * it as points with ± SE bars. A change, ratio or percent change against the arm's own baseline is
 * drawn on the output's scale from the model's value at that baseline (the study's effect placed on
 * the model's curve); a contrast between arms is drawn in a panel of its own as the difference (or
 * ratio) of the two arms' trajectories, with the contrast as measured. A qualitative fact with an
 * allowed range is drawn as that range; a direction alone gets the trajectories, no point.
 * Increments over a window are counted in the caption, not drawn.
 */
import { armScenario, combine, combine4, simulate, svgChart, hoursIn, timeUnitForSpan, timeScale, type Model, type PlotPanel, type PlotPoint, type Study, type Measurement } from '../index.js';

/** Points of a model trajectory per arm: dense enough to show its shape, and every measured time. */
const GRID = 200;

interface ArmRun { start: number; time: Float64Array; column(name: string): Float64Array | undefined }

function grid(duration: number, extra: readonly number[]): Float64Array {
  const ts = new Set<number>(extra.filter((t) => t >= 0 && t <= duration));
  for (let i = 0; i <= GRID; i++) ts.add(i === GRID ? duration : (duration * i) / GRID);
  return Float64Array.from([...ts].sort((a, b) => a - b));
}

function at(time: Float64Array, values: Float64Array, t: number): number {
  const n = time.length;
  if (n === 0 || t < time[0] - 1e-9 * Math.max(1, Math.abs(t)) || t > time[n - 1] + 1e-9 * Math.max(1, Math.abs(t))) return NaN;
  let lo = 0, hi = n - 1;
  while (hi - lo > 1) { const mid = (lo + hi) >> 1; if (time[mid] <= t) lo = mid; else hi = mid; }
  if (time[hi] === time[lo]) return values[lo];
  const w = Math.min(1, Math.max(0, (t - time[lo]) / (time[hi] - time[lo])));
  return values[lo] + w * (values[hi] - values[lo]);
}

/** The measured value's error bar (± SE on its own scale; a log-scale SE as a multiplicative bar). */
function bar(m: Measurement, v: number): { lo?: number; hi?: number } {
  if (m.se === undefined) return {};
  if (m.scale !== 'log') return { lo: v - m.se, hi: v + m.se };
  if (m.quantity === 'percent_change') { const r = 1 + v / 100; return { lo: 100 * (r * Math.exp(-m.se) - 1), hi: 100 * (r * Math.exp(m.se) - 1) }; }
  return { lo: v * Math.exp(-m.se), hi: v * Math.exp(m.se) };
}

/** A value relative to `b` (the model's value at the reference) placed on the output's scale. */
function anchored(kind: Measurement['quantity'], b: number, x: number): number {
  return kind === 'change' ? b + x : kind === 'percent_change' ? b * (1 + x / 100) : kind === 'ratio' ? b * x : x;
}

export interface StudyFigure { svg?: string; caption: string; failure?: string }

/** The figure of one study on its model (model defaults), or why there is none. */
export function studyFigure(study: Study, model: Model): StudyFigure {
  const runs = new Map<string, ArmRun>();
  const finals = new Map<string, Float64Array>();
  for (const arm of study.arms) {
    const start = arm.after !== undefined ? finals.get(arm.after) : undefined;
    const t0 = arm.after !== undefined ? (runs.get(arm.after)?.start ?? 0) + (study.arms.find((a) => a.id === arm.after)?.scenario.duration ?? 0) : 0;
    const needed = study.arms.flatMap((a) => a.measurements).flatMap((m) => [
      ...(m.arm === arm.id ? [m.at.t2, ...(m.at.t1 !== undefined ? [m.at.t1] : [])] : []),
      ...(m.reference?.arm === arm.id ? [m.reference.at.t2] : []),
    ]);
    try {
      const base = armScenario(arm, undefined, start, model);
      const res = simulate(model, { ...base, outputTimes: grid(base.duration, needed) });
      if (res.code !== 'success') return { caption: '', failure: `arm ${arm.id}: ${res.code}: ${res.message}` };
      runs.set(arm.id, { start: t0, time: res.time, column: (n) => res.columns.find((c) => c.name === n)?.values });
      const last = res.time.length - 1;
      finals.set(arm.id, Float64Array.from(model.stateNames, (s) => res.column(s)[last]));
    } catch (e) {
      return { caption: '', failure: `arm ${arm.id}: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
  const span = Math.max(...study.arms.map((a) => (runs.get(a.id)?.start ?? 0) + a.scenario.duration));
  const unit = timeUnitForSpan(span * hoursIn(model.timeUnit), model.timeUnit);
  const k = timeScale(model.timeUnit, unit);
  const unitOf = (o: string): string => model.spec.observables[o]?.unit ?? model.spec.states[o]?.unit ?? '';
  const own = new Map<string, PlotPoint[]>();
  const contrasts = new Map<string, { m: Measurement; points: PlotPoint[] }>();
  let skipped = 0;
  let facts = 0;
  for (const arm of study.arms) {
    for (const m of arm.measurements) {
      const ra = runs.get(m.arm)!;
      const col = ra.column(m.observable);
      if (!col) { skipped++; continue; }
      const label = `${m.label}${m.source ? ` (${m.source})` : ''}`;
      const t = (ra.start + m.at.t2) / k;
      // a quantitative value ± SE, or a qualitative fact's range (its middle, the bounds as the bar); a direction alone draws no point
      let v: number | undefined, lo: number | undefined, hi: number | undefined;
      if (m.kind !== 'qualitative' && m.value !== undefined) { v = m.value; ({ lo, hi } = bar(m, m.value)); }
      else if (m.kind === 'qualitative' && m.range?.lower !== undefined && m.range.upper !== undefined) { lo = m.range.lower; hi = m.range.upper; v = (lo + hi) / 2; }
      if (m.kind === 'qualitative') facts++;
      if (m.at.t1 !== undefined) { skipped++; v = undefined; }
      if (m.quantity === 'absolute' || m.reference?.arm === m.arm) {
        // on the output's scale: absolute as measured, an own-baseline effect from the model's baseline value
        const list = own.get(m.observable) ?? [];
        own.set(m.observable, list);
        if (v === undefined) continue;
        const b = m.quantity === 'absolute' ? NaN : at(ra.time, col, m.reference!.at.t2);
        const place = (x: number | undefined): number | undefined => (x === undefined ? undefined : m.quantity === 'absolute' ? x : anchored(m.quantity, b, x));
        const y = place(v)!;
        if (Number.isFinite(y)) list.push({ t, v: y, lo: place(lo), hi: place(hi), label });
      } else if (m.reference) {
        const key = `${m.observable}|${m.arm}|${m.reference.arm}|${m.quantity}|${m.reference.at.t2 - m.at.t2}|${m.reference.baseline ?? ''}`;
        const c = contrasts.get(key) ?? { m, points: [] };
        contrasts.set(key, c);
        if (v !== undefined) c.points.push({ t, v, lo, hi, label });
      }
    }
  }
  const panels: PlotPanel[] = [];
  for (const [o, points] of own) {
    const arms = study.arms.filter((a) => a.measurements.some((m) => m.observable === o) || study.arms.some((x) => x.after === a.id));
    panels.push({
      title: o, unit: unitOf(o), points,
      series: arms.flatMap((a) => {
        const r = runs.get(a.id)!, v = r.column(o);
        return v ? [{ label: `arm ${a.id}`, time: Array.from(r.time, (t) => (r.start + t) / k), values: v }] : [];
      }),
    });
  }
  for (const { m, points } of contrasts.values()) {
    const ra = runs.get(m.arm)!, rb = runs.get(m.reference!.arm)!;
    const a = ra.column(m.observable)!, b = rb.column(m.observable);
    if (!b) { skipped += points.length; continue; }
    // the reference arm read at the time the measurement pairs with this arm's (the same time, as a rule)
    const shift = m.reference!.at.t2 - m.at.t2;
    const t0 = m.reference!.baseline;
    // a difference of changes from baseline (placebo-adjusted): each arm against its own value at the baseline time
    const values = t0 === undefined
      ? Array.from(ra.time, (t, i) => combine(m, a[i], at(rb.time, b, t + shift)).value)
      : Array.from(ra.time, (t, i) => combine4(m, a[i], at(ra.time, a, t0), at(rb.time, b, t + shift), at(rb.time, b, t0)).value);
    const what = m.quantity === 'change' ? '−' : m.quantity === 'ratio' ? '÷' : '% vs';
    const since = t0 === undefined ? '' : ` (changes from ${+((ra.start + t0) / k).toPrecision(6)} ${unit})`;
    panels.push({
      title: `${m.observable}: ${m.arm} ${what} ${m.reference!.arm}${since}`, unit: m.unit === '1' ? '' : m.unit, points,
      series: [{ label: `arm ${m.arm} ${what} arm ${m.reference!.arm}${since}`, time: Array.from(ra.time, (t) => (ra.start + t) / k), values }],
    });
  }
  const drawn = panels.reduce((n, p) => n + (p.points?.length ?? 0), 0);
  const caption = `${study.id} (${study.split}; ${study.citation}): the model's trajectory of each measured output per arm (model defaults), ` +
    `with the ${drawn} measurement${drawn === 1 ? '' : 's'} drawn as points ± SE (a qualitative fact's allowed range as its bar${facts ? `; ${facts} qualitative fact${facts === 1 ? '' : 's'}, listed in the tables` : ''})` +
    `${[...contrasts.values()].length ? '; contrasts between arms as the difference of the two arms\' trajectories' : ''}` +
    `${[...own.values()].some((ps) => ps.length) && study.arms.some((a) => a.measurements.some((m) => m.quantity !== 'absolute' && m.reference?.arm === m.arm)) ? '; changes from an arm\'s own baseline placed on the model\'s value at that baseline' : ''}` +
    `${skipped ? `; ${skipped} not drawn (increments over a window, outputs the model lacks)` : ''}.`;
  if (panels.length === 0) return { caption, failure: 'no quantitative measurement to draw' };
  return { svg: svgChart(panels, { timeLabel: `time (${unit})`, title: `${study.id}: model (lines) and measurements (points ± SE)` }), caption };
}
