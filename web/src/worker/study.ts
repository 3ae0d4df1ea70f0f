/**
 * A study file of the library (studies/*.yaml) as observations for the charts: the study is
 * checked against its model by the evidence engine's own reader (src/analysis/evidence/study.ts),
 * which puts times in the model's unit and values in the observable's unit. Absolute values (with
 * their SE as error bars), percent changes of outputs that are themselves percent changes from the
 * start (BMD), and ranges of absolute values are plotted; contrasts between arms and directions are
 * listed, not plotted. Each arm that starts from scratch can be run as the scenario.
 */
import { checkStudy, formatStudyIssue, getModel, parseStudyText } from '../../../src/index.js';
import type { StudyData } from '../types.js';
import type { Observation } from '../data/observations.js';
import { hoursIn } from '../../../src/index.js';

export function readStudy(text: string, file: string): StudyData {
  const parsed = parseStudyText(text, file);
  if (!parsed.data) return { problems: parsed.issues.map(formatStudyIssue) };
  const data = parsed.data as Record<string, unknown>;
  const modelId = typeof data.model === 'string' ? data.model : '';
  let model;
  try { model = getModel(modelId); } catch { return { problems: [`${file}: model "${modelId}" is not a model of this app`] }; }
  const { study, issues } = checkStudy(parsed.data, file, model);
  if (!study) return { problems: issues.map(formatStudyIssue) };
  const hoursPerUnit = hoursIn(model.spec.timeUnit);
  const obs: Observation[] = [];
  const listed: string[] = [];
  for (const arm of study.arms) {
    for (const m of arm.measurements) {
      const hours = m.at.t2 * hoursPerUnit;
      const own = !m.reference || (m.reference.arm === arm.id && m.reference.at.t2 === 0 && m.reference.at.t1 === undefined);
      const obsUnit = model.spec.observables[m.observable]?.unit ?? model.spec.states[m.observable]?.unit;
      const plottable = m.at.t1 === undefined && (m.quantity === 'absolute' && !m.reference
        || (m.quantity === 'percent_change' && own && obsUnit === '%' && /^BMD/.test(m.observable)));
      const label = `${study.id}/${arm.id}`;
      if (plottable && m.value !== undefined) {
        const se = m.se !== undefined && m.scale === 'normal' ? m.se : undefined;
        obs.push({ observable: m.observable, hours, value: m.value, err: se, errKind: se !== undefined ? 'se' : undefined, unit: obsUnit, label });
      } else if (plottable && m.range && m.range.lower !== undefined && m.range.upper !== undefined) {
        obs.push({ observable: m.observable, hours, value: (m.range.lower + m.range.upper) / 2, lower: m.range.lower, upper: m.range.upper, errKind: 'range', unit: obsUnit, label });
      } else {
        listed.push(`${label}/${m.id}: ${m.observable} ${m.kind}${m.direction ? ` (${m.direction.replace(/_/g, ' ')})` : ''}${m.reference && m.reference.arm !== arm.id ? ` vs ${m.reference.arm}${m.reference.baseline !== undefined ? ' (changes from baseline)' : ''}` : ''} at ${m.timeText}`);
      }
    }
  }
  const rawArms = Array.isArray(data.arms) ? data.arms as Record<string, unknown>[] : [];
  const arms = rawArms.filter((a) => a && typeof a === 'object' && a.after === undefined && typeof a.scenario === 'object')
    .map((a) => ({ id: String(a.id), scenario: { name: `${study.id}/${String(a.id)}`, model: study.model, ...(a.scenario as Record<string, unknown>) } }));
  return { study: { id: study.id, model: study.model, citation: study.citation, evidence: study.evidence, observations: obs, listed, arms } };
}
