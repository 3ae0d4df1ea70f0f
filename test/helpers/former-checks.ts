/**
 * The measurements of the study library that express the REQUIRED checks of the former hand-coded
 * validation (src/analysis/validation.ts before `magbone validate` read the library; the mapping is
 * in studies/README.md), with the check each one stands for. Shared by the library and CLI tests.
 */
/** Library measurement → the former required check it expresses (and why it must hold). */
export const FORMER_REQUIRED: Record<string, string> = {
  'fatemi1991/depletion/serum-mg': 'fatemi-serum-mg: serum Mg after 21 d at < 12 mg/d (a calibration target of v1 and v2)',
  'fatemi1991/depletion/serum-ca': 'fatemi-serum-ca: serum Ca after 21 d of depletion',
  'fatemi1991/depletion/calcitriol': 'fatemi-calcitriol: 1,25(OH)2D falls with depletion',
  'fatemi1991/depletion/pth': 'fatemi-pth: no hyperparathyroid response to depletion (cohort mean ≤ +16 %)',
  'fatemi1991/before-load/retention-before': 'fatemi-retention-before: retention of an IV load when replete',
  'fatemi1991/after-load/retention-after': 'fatemi-retention-after: retention of the IV load after depletion',
  'fatemi1991/before-load/pth-iv-before': 'fatemi-pth-iv-before: PTH falls with IV Mg when replete',
  'fatemi1991/after-load/pth-iv-after': 'fatemi-pth-iv-after: PTH rises with IV Mg after depletion (paradoxical)',
  'iom1997/mg-free/urine-day4': 'iom-renal-conservation: urinary Mg < 1 mmol/d on day 4 of a Mg-free diet',
  'rude1985/depletion/before-ca': 'rude-before-ca: serum Ca 1.8 mmol/L at serum Mg 0.41',
  'rude1985/depletion/before-calcitriol': 'rude-before-calcitriol: calcitriol below 72 pmol/L before therapy',
  'rude1985/depletion/before-pth': 'rude-before-pth: PTH not raised despite hypocalcaemia (secretion blocked)',
  'rude1985/repletion/after-mg': 'rude-after-mg: serum Mg 0.90 after IV repletion',
  'rude1985/repletion/after-ca': 'rude-after-ca: serum Ca 2.33 after IV repletion',
  'rude1985/repletion/after-calcitriol': 'rude-after-calcitriol: calcitriol still low after repletion…',
  'rude1985/repletion/after-pth': '…while PTH is above the healthy reference (rude-after-calcitriol\'s second half)',
  'dimai1998/supplement/pth': 'dimai-pth: PTH falls with 365 mg/d oral Mg',
  'dimai1998/supplement/resorption': 'dimai-ctx: the resorption marker falls',
  'dimai1998/supplement/formation': 'dimai-p1np: the formation marker falls',
  'castiglioni2013/low/low-vs-normal': 'u-shape, low side: 50 mg/d costs BMD against 325 mg/d',
  'castiglioni2013/ckd-high/ckd-high-vs-ckd-normal': 'u-shape, high side: 2000 mg/d at eGFR 15 costs BMD against 325 mg/d at eGFR 15',
  'castiglioni2013/ckd-high/ckd-high-serum-above-normal': 'u-shape, high side\'s premise: serum Mg above the upper limit of normal',
};

