/**
 * Guard rails: notes shown above the charts when a result lies outside what the model was checked
 * against, or a regimen is unlike the clinical one.
 *
 * - human-mg-bone: its validated-domain table (calibration/validated-domain.md, generated from the
 *   study library by `npm run calibrate:human`) says, per scenario class and output, whether any
 *   study measured it. The scenario's classes are read from what it changes (drugs, IV Mg,
 *   supplements, intake, kidney function, menopause, conditions); a charted output no study of
 *   those classes measured gets a note.
 * - openbonemin: the published BMD module lowers BMD under daily teriparatide, which trials do not
 *   show (Neer 2001).
 * - regimens: IV Mg beyond a hospital course (the declared domain's 250 mmol per course, days not
 *   years), teriparatide beyond its 2-year lifetime limit.
 */
// the parsers are the library's (src/simulate/guards.ts, browser-safe), so the CLI and the web read the table alike
import { HUMAN_MG_BONE_DOMAIN as DOMAIN, parseValidatedDomain, parseValidatedFailures, humanScenarioClasses } from '../../../src/index.js';
import type { Json, JsonObject } from '../scenario/store.js';
import { quantityValue, timeHours } from '../util/units.js';

export interface Note { level: 'warn' | 'info'; text: string }

// the shipped calibration artefact, bundled as text (as the built-in scenario files are)
const domainMd = Object.values(import.meta.glob<string>('../../../src/models/human-mg-bone/calibration/validated-domain.md',
  { eager: true, query: '?raw', import: 'default' }))[0] ?? '';
const VALIDATED = parseValidatedDomain(domainMd);
const FAILING = parseValidatedFailures(domainMd);

function doses(s: JsonObject): JsonObject[] {
  return (Array.isArray(s.doses) ? s.doses : []).filter((d): d is JsonObject => typeof d === 'object' && d !== null && !Array.isArray(d));
}

const count = (d: JsonObject): number => (typeof d.addl === 'number' ? d.addl + 1 : 1);

/**
 * The validated-domain classes a human-mg-bone scenario falls in (none when it changes nothing): the
 * library's rule (`humanScenarioClasses`), which the CLI's warnings use too, on the scenario's JSON.
 */
export function scenarioClasses(s: JsonObject): string[] {
  const run = { modelId: 'human-mg-bone', scenario: { doses: doses(s).map((d) => ({ cmt: String(d.cmt), amt: typeof d.amt === 'number' ? d.amt : Number.parseFloat(String(d.amt)) || 0 })) } };
  return humanScenarioClasses(s as Record<string, unknown>, run);
}

export function guardNotes(modelId: string, s: JsonObject, charted: readonly string[]): Note[] {
  const notes: Note[] = [];
  const list = doses(s);
  const durH = timeHours(s.duration, 'h');
  if (modelId === 'human-mg-bone') {
    const classes = scenarioClasses(s);
    if (classes.length) {
      const checked = new Set(classes.flatMap((k) => [...(VALIDATED.get(k) ?? [])]));
      const outside = charted.filter((o) => !checked.has(o));
      if (outside.length) {
        notes.push({ level: 'warn', text: `Outside the validated domain: for this kind of scenario (${classes.join(', ')}) no study of the library measured ${outside.join(', ')}; read those curves as the model's extrapolation, not as checked predictions.` });
      }
      for (const cls of classes) for (const o of charted) {
        const f = FAILING.get(cls)?.get(o);
        if (f && f.failing.length) notes.push({ level: 'warn', text: `Checked and failing: in ${cls} scenarios the model misses ${f.failing.length} of its ${f.checks} checks of ${o} (${f.failing.join(', ')}); read that curve with this in mind.` });
      }
    }
    if (s.switches && typeof s.switches === 'object' && Object.values(s.switches as JsonObject).some((v) => v === false || v === 'off')) {
      notes.push({ level: 'info', text: 'A pathway is switched off: a what-if of the model, not a condition any study observed.' });
    }
    const iv = list.filter((d) => d.cmt === 'Mg_iv');
    if (iv.length) {
      const total = iv.reduce((a, d) => a + (quantityValue(d.amt, 'mmol') ?? 0) * count(d), 0);
      const n = iv.reduce((a, d) => a + count(d), 0);
      if (total > DOMAIN.ivAmount.max) {
        notes.push({ level: 'warn', text: `IV Mg: ${n} infusions, ${Number(total.toPrecision(4))} mmol in all. IV Mg is given as a course of hours to days (a course is at most ${DOMAIN.ivAmount.max} mmol in the model's declared domain); a longer course is outside it.` });
      }
    }
  }
  const teri = list.filter((d) => d.cmt === 'TERISC');
  if (teri.length) {
    const spanH = Math.max(...teri.map((d) => (timeHours(d.time ?? 0, 'h') ?? 0) + (count(d) - 1) * (timeHours(d.ii ?? 0, 'h') ?? 0)));
    if (spanH > 2 * 8766 + 24) notes.push({ level: 'warn', text: `Teriparatide for ${(spanH / 8766).toFixed(1)} years: it is approved for at most 2 years in a lifetime.` });
    if (modelId === 'openbonemin') {
      notes.push({ level: 'warn', text: 'BMD under teriparatide is outside what this model was checked against: the published OpenBoneMin BMD module lowers BMD with daily teriparatide, whereas trials show a rise (Neer et al. 2001: lumbar spine +9 points over placebo at 21 months). Use human-mg-bone for teriparatide and BMD.' });
    }
  }
  if (durH !== undefined && modelId === 'human-mg-bone' && durH > DOMAIN.duration.max * 24) {
    notes.push({ level: 'warn', text: `A run longer than ${DOMAIN.duration.max / 365.25} years is outside the model's declared domain.` });
  }
  return notes;
}
