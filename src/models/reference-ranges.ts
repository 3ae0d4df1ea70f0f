/**
 * Adult laboratory reference intervals of the clinical outputs, shaded on plots so a curve can be
 * read against "normal". Intervals differ between laboratories and assays; these are typical adult
 * intervals, each with its source. Only human models carry them (the rat model has none).
 */

/**
 * An adult laboratory reference interval of a model output, [lo, hi] in `unit`, with its source
 * (`referenceRange`); plots shade it so a curve can be read against "normal". Intervals differ
 * between laboratories and assays: these are typical ones.
 */
export interface ReferenceRange {
  /** Lower limit of the interval. */
  lo: number;
  /** Upper limit of the interval. */
  hi: number;
  /** The unit of lo and hi (the output's). */
  unit: string;
  /** Where the interval comes from. */
  source: string;
}

const SERUM_MG: ReferenceRange = { lo: 0.7, hi: 1.05, unit: 'mmol/L', source: 'typical adult laboratory interval (Jahnen-Dechent & Ketteler 2012, Clin Kidney J 5(Suppl 1):i3–i14: 0.7–1.05 mmol/L)' };
const IONIZED_MG: ReferenceRange = { lo: 0.45, hi: 0.6, unit: 'mmol/L', source: 'typical adult laboratory interval of ionized Mg (ion-selective electrode); assumed, laboratories differ' };
const SERUM_CA: ReferenceRange = { lo: 2.15, hi: 2.55, unit: 'mmol/L', source: 'typical adult laboratory interval of total serum Ca; laboratories differ' };
const IONIZED_CA: ReferenceRange = { lo: 1.15, hi: 1.3, unit: 'mmol/L', source: 'typical adult laboratory interval of ionized Ca; laboratories differ' };
const PTH: ReferenceRange = { lo: 15, hi: 65, unit: 'pg/mL', source: 'typical interval of intact PTH (second-generation assays); laboratories differ' };
const CALCITRIOL: ReferenceRange = { lo: 48, hi: 144, unit: 'pmol/L', source: 'typical adult interval of 1,25(OH)2D, 20–60 pg/mL (× 2.4 pmol/L per pg/mL); laboratories differ' };

const URINE_CA: ReferenceRange = { lo: 2.5, hi: 7.5, unit: 'mmol/d', source: 'typical adult interval of 24-h urinary Ca on an unrestricted diet, 100–300 mg/d; the upper limit is the usual threshold of hypercalciuria (laboratories and definitions differ; median 3.52 mmol/d in women and 4.13 in men of the PREVEND cohort, abstract of "Urinary calcium excretion and risk of chronic kidney disease in the general population")' };

const URINE_MG: ReferenceRange = { lo: 2.5, hi: 8.5, unit: 'mmol/d', source: 'adult laboratory interval of 24-h urinary Mg, 2.50-8.50 mmol/24 h (London Health Sciences Centre laboratory test guide, ltig.lhsc.on.ca, "Magnesium, 24-Hour Urine"); diet dependent, laboratories differ (others give 3.0-5.0)' };

const RANGES: Record<string, Record<string, ReferenceRange>> = {
  'human-mg-bone': { Mg_serum: SERUM_MG, Mg_ionized: IONIZED_MG, Ca_serum: SERUM_CA, Ca_ionized: IONIZED_CA, PTH, calcitriol: CALCITRIOL, urine_Ca: URINE_CA, urine_Mg: URINE_MG },
  'peterson-riggs-2010': { PTHconc: PTH, CaConc: SERUM_CA, CalcitriolConc: CALCITRIOL },
  openbonemin: { PTHc: PTH, CaC: SERUM_CA },
};

/** The reference interval of a model's output, if it has one in the output's own unit. */
export function referenceRange(modelId: string, output: string, unit: string): ReferenceRange | undefined {
  const r = RANGES[modelId]?.[output];
  return r && r.unit === unit ? r : undefined;
}
