/**
 * A parameter value typed by a person: a bare number in the parameter's own unit, or a quantity
 * with a unit ("200 mg/d", "0.2 g/d") converted into it. Used by --set and --vary.
 */
import type { Model } from '../model/model.js';
import { parseQuantity, parseUnit, convert } from '../model/quantity.js';
import { didYouMean, showValue } from '../core/issues.js';

/** The value of `name` in its own unit, or a problem (unknown parameter, unknown unit, wrong dimension). */
export function parameterValue(model: Model, name: string, text: string): number | string {
  const spec = Object.hasOwn(model.spec.parameters, name) ? model.spec.parameters[name] : undefined;
  if (!spec) return `unknown parameter of ${model.id}${didYouMean(name, model.parameterNames)}; list them with: magbone params ${model.id}`;
  const t = text.trim();
  if (/^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(t)) return Number(t);
  const q = parseQuantity(t);
  if (typeof q === 'string') return `${showValue(text)} is not a number or a quantity with a unit (${name} is in ${spec.unit}): ${q}`;
  const target = parseUnit(spec.unit);
  if (!target) return `${showValue(text)}: ${name} has the unit "${spec.unit}", which has no conversion; give a bare number in it`;
  if (q.dim.some((d, i) => d !== target.dim[i])) return `${showValue(text)}: ${q.unit} does not convert to ${spec.unit}, the unit of ${name}`;
  return convert(q, spec.unit);
}
