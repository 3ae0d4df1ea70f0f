/**
 * Reference intervals of clinical outputs, drawn as a shaded band on their charts. Typical adult
 * laboratory intervals: assay- and laboratory-dependent, shown for orientation, not diagnosis.
 * Matched by output name and unit, so a model with a different unit gets no band.
 */
export interface ReferenceRange { lower: number; upper: number; unit: string; source: string }

export const REFERENCE_RANGES: Record<string, ReferenceRange> = {
  Mg_serum: { lower: 0.70, upper: 1.05, unit: 'mmol/L', source: 'typical adult laboratory interval for total serum Mg (assay-dependent)' },
  Mg_ionized: { lower: 0.45, upper: 0.60, unit: 'mmol/L', source: 'typical adult interval for ionised Mg (ion-selective electrode; analyser-dependent)' },
  Ca_serum: { lower: 2.15, upper: 2.55, unit: 'mmol/L', source: 'typical adult laboratory interval for total serum Ca' },
  PTH: { lower: 15, upper: 65, unit: 'pg/mL', source: 'typical adult interval for intact PTH (second-generation assays; assay-dependent)' },
  calcitriol: { lower: 48, upper: 144, unit: 'pmol/L', source: 'typical adult interval for 1,25(OH)2D (20–60 pg/mL)' },
};

export function referenceRange(output: string, unit: string): ReferenceRange | undefined {
  const r = REFERENCE_RANGES[output];
  return r && r.unit === unit ? r : undefined;
}
