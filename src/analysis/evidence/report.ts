/**
 * The validation table of the study library as aligned text (terminal) or Markdown (--report).
 */
import type { CheckReport, CheckRow, Fraction } from './coverage.js';

const num = (x: number | undefined): string => {
  if (x === undefined || !Number.isFinite(x)) return x === undefined ? '' : String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return x.toExponential(3);
  return String(Number(x.toPrecision(4)));
};
const frac = (f: Fraction): string => (f.total === 0 ? '–' : `${f.inside}/${f.total} (${((100 * f.inside) / f.total).toFixed(0)} %)`);

/**
 * The 95 % Wilson score interval of a proportion k/n (Wilson 1927, J Am Stat Assoc 22:209): how sure a coverage of k of n
 * held-out measurements is. Good at small n and at 0 or n, where the normal approximation fails.
 */
export function wilsonInterval(k: number, n: number, z = 1.959963984540054): [number, number] {
  if (!(n > 0) || !(k >= 0) || k > n) return [Number.NaN, Number.NaN];
  const p = k / n, z2 = z * z, den = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / den;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / den;
  // exactly 0 and 1 at the ends (the closed form gives them only to rounding)
  return [k === 0 ? 0 : Math.max(0, centre - half), k === n ? 1 : Math.min(1, centre + half)];
}

/** "the 95 % interval of the coverage (Wilson): 52-95 %" for an ensemble report, empty otherwise. */
function coverageInterval(f: Fraction): string {
  if (f.total === 0) return '';
  const [lo, hi] = wilsonInterval(f.inside, f.total);
  return `95 % interval of the coverage (Wilson, ${f.total} measurement${f.total === 1 ? '' : 's'}): ${(100 * lo).toFixed(0)}-${(100 * hi).toFixed(0)} %`;
}
const unitOf = (r: CheckRow): string => (r.unit === '1' || r.unit === '?' ? '' : r.unit === '%' ? ' %' : ` ${r.unit}`);

function cells(r: CheckRow, ensemble: boolean): string[] {
  const what = `${r.observable} (${r.kind.replace('_', ' ')})`;
  const head = [r.study, r.arm, r.measurement, what, r.time];
  if (r.failure) return [...head, '', '', '', `run failed: ${r.failure}`];
  if (r.kind === 'qualitative') {
    const model = ensemble ? `holds in ${num(100 * (r.model ?? 0))} % of draws` : `${num(r.model)}${unitOf(r)}`;
    return [...head, r.fact ?? '', model, '', r.pass ? 'pass' : 'FAIL'];
  }
  const obs = `${num(r.observed)} ± ${num(r.se)}${unitOf(r)}`;
  if (ensemble) return [...head, obs, `${num(r.model)} [${num(r.lower)}, ${num(r.upper)}]${unitOf(r)}`, '', r.inside ? 'inside' : 'OUTSIDE'];
  return [...head, obs, `${num(r.model)}${unitOf(r)}`, num(r.z), r.inside ? 'inside' : 'OUTSIDE'];
}

/** The report as text or Markdown: the table, then per study and overall fractions, then the measurements outside. */
export function formatCheckReport(rep: CheckReport, style: 'text' | 'markdown'): string {
  const ens = rep.ensemble !== undefined;
  const header = ['study', 'arm', 'measurement', 'observable (kind)', 'time', 'observed ± SE / fact',
    ens ? `model median [95 % ${rep.ensemble!.predictive ? 'prediction' : 'credible'} interval]` : 'model', ens ? '' : 'z', ens ? 'in interval' : '|z| ≤ 1.96'];
  const keep = header.map((h, i) => h !== '' || i < 5);
  const rows = rep.rows.map((r) => cells(r, ens).filter((_, i) => keep[i]));
  const head = header.filter((_, i) => keep[i]);
  const lines: string[] = [];
  const title = ens
    ? `Coverage of ${rep.ensemble!.predictive ? 'prediction' : 'credible'} intervals over ${rep.ensemble!.draws - rep.ensemble!.failed} draws` +
      `${rep.ensemble!.failed ? ` (${rep.ensemble!.failed} failed${rep.ensemble!.firstFailure ? `; first: ${rep.ensemble!.firstFailure}` : ''})` : ''}` +
      `${rep.ensemble!.predictive ? `, noise seed ${rep.ensemble!.seed}` : ''}`
    : 'Model against the study library';
  const insideLabel = ens ? 'COVERAGE' : 'inside the 95 % interval';
  if (style === 'markdown') {
    const esc = (s: string): string => s.replace(/\|/g, '\\|');
    lines.push(`# ${title}`, '', `Overall: ${insideLabel} ${frac(rep.overall.inside)}; qualitative facts passing ${frac(rep.overall.facts)}.`, '');
    if (ens && rep.overall.inside.total > 0) lines.push(`The ${coverageInterval(rep.overall.inside)}.`, '');
    lines.push(`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`);
    for (const r of rows) lines.push(`| ${r.map(esc).join(' | ')} |`);
    lines.push('', '## Per study', '', `| study | split | ${insideLabel} | facts passing | run |`, '|---|---|---|---|---|');
    for (const s of rep.studies) lines.push(`| ${s.id} | ${s.split} | ${frac(s.inside)} | ${frac(s.facts)} | ${s.failure ? esc(`failed: ${s.failure}`) : 'ok'} |`);
  } else {
    const w = head.map((h, i) => Math.min(48, Math.max(h.length, ...rows.map((r) => r[i].length))));
    const line = (r: string[]): string => r.map((c, i) => c.padEnd(w[i])).join('  ').trimEnd();
    lines.push(title, '', line(head), line(w.map((n) => '-'.repeat(n))));
    for (const r of rows) lines.push(line(r));
    lines.push('', `per study (${insideLabel}; facts passing):`);
    const sw = Math.max(...rep.studies.map((s) => s.id.length));
    for (const s of rep.studies) lines.push(`  ${s.id.padEnd(sw)}  ${s.split.padEnd(8)}  ${frac(s.inside).padEnd(14)}  facts ${frac(s.facts)}${s.failure ? `  run failed: ${s.failure}` : ''}`);
    lines.push('', `overall: ${insideLabel} ${frac(rep.overall.inside)}; qualitative facts passing ${frac(rep.overall.facts)}`);
    if (ens && rep.overall.inside.total > 0) lines.push(`  ${coverageInterval(rep.overall.inside)}`);
  }
  const outside = rep.rows.filter((r) => (r.kind !== 'qualitative' && r.inside === false) || (r.kind === 'qualitative' && r.pass === false));
  if (outside.length) {
    lines.push('', ...(style === 'markdown' ? ['## Outside their interval, or failing', ''] : ['outside their interval, or failing:']));
    for (const r of outside) lines.push(`${style === 'markdown' ? '- ' : '  '}${r.study}/${r.arm}/${r.measurement} (${r.observable}, ${r.time})`);
  }
  return lines.join('\n') + '\n';
}
