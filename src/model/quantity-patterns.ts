/**
 * Quantity strings as regular expressions, for the published JSON Schemas (scenario files, the
 * human-mg-bone scenario keys): the units the boundary parser (`quantity.ts`) accepts for times,
 * dose amounts and rates. The parser stays the authority at run time (its messages name the unit);
 * a test checks that every unit listed here parses with the expected dimension.
 */

/** Time units of quantity strings (symbols and word forms; `mo` = 30.44 d, `y` = 365.25 d). */
export const TIME_UNITS = ['s', 'sec', 'min', 'h', 'hr', 'hour', 'hours', 'd', 'day', 'days', 'wk', 'week', 'weeks', 'mo', 'month', 'months', 'y', 'year', 'years'] as const;
/** Mass units of amounts. */
export const MASS_UNITS = ['pg', 'ng', 'ug', 'µg', 'mcg', 'mg', 'g', 'kg'] as const;
/** Amount-of-substance units of amounts. */
export const AMOUNT_UNITS = ['pmol', 'nmol', 'umol', 'µmol', 'mmol', 'mol'] as const;

/** One of the units (longest first, so that "mg" is not read as "m" + "g"). */
export function unitAlternatives(units: readonly string[]): string {
  return `(?:${[...units].sort((a, b) => b.length - a.length).join('|')})`;
}

/** A non-negative number as written in a quantity string; exponents of at most two digits (values are bounded). */
export const NON_NEGATIVE_NUMBER = String.raw`\+?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d{1,2})?`;

/** A zero as written at the start of a quantity string (for "must be > 0" as `not: { pattern }`). */
export const ZERO_QUANTITY = String.raw`^\s*\+?(?:0+\.?0*|\.0+)(?:[eE][-+]?\d{1,2})?(?:\s|$|[a-zµ])`;

/** `"<number> <unit>"` (or a bare number string when `unitOptional`) for a unit pattern. */
export function quantityPattern(unit: string, unitOptional = true): RegExp {
  return new RegExp(String.raw`^\s*${NON_NEGATIVE_NUMBER}\s*${unitOptional ? `(?:${unit})?` : unit}\s*$`);
}

/** A time string: `"24 h"`, `"5 y"`, `"90"` (in the default time unit). */
export const TIME_PATTERN = quantityPattern(unitAlternatives(TIME_UNITS));
/** An amount string: `"20 ug"`, `"2 mmol"`, `"60"` (in the default amount unit). */
export const AMOUNT_PATTERN = quantityPattern(unitAlternatives([...MASS_UNITS, ...AMOUNT_UNITS]));
/** An amount per time: `"1 mmol/h"`, `"300 mg/d"`, `"5"` (in the default rate unit). */
export const RATE_PATTERN = quantityPattern(String.raw`${unitAlternatives([...MASS_UNITS, ...AMOUNT_UNITS])}\s*/\s*${unitAlternatives(TIME_UNITS)}`);
