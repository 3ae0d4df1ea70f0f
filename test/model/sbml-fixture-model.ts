/**
 * A synthetic model that uses every feature of the model format and every function of the
 * expression language, for the docs and SBML tests: two-compartment PK with oral and IV dose
 * targets driving an indirect-response turnover, a time-switched input, pathway switches (one on,
 * one off), expression initial values (one reading another state's initial), units "?" and a
 * unit SBML cannot express (mEq), comparisons and logic used as numbers and numbers used as
 * conditions, and text with XML/Markdown special characters.
 */
import type { ModelSpec } from '../../src/model/spec.js';

export const featureModel: ModelSpec = {
  id: 'feature-test',
  name: 'Feature test model <all> & "everything"',
  version: '0.1.0',
  species: 'synthetic',
  timeUnit: 'h',
  description: 'Every feature of the format in one model: a | pipe, <angle> brackets, & ampersands, "quotes", \'apostrophes\'.\nA second line.',
  references: [
    { id: 'smith2000', citation: 'Smith A, Jones B. A test model. J Tests 2000;1(2):3-4.', doi: '10.1000/test(2000)01', pmid: '12345678' },
    { id: 'code2020', citation: 'Code C. The code.', url: 'https://example.org/code?x=1&y=2' },
  ],
  parameters: {
    ka: { value: 1.2, unit: '1/h', description: 'Absorption rate constant.', source: 'ref:smith2000 Table 2', bounds: [0, 10] },
    CL: { value: 3.5, unit: 'L/h', description: 'Clearance.', source: 'doi:10.1000/cl.1' },
    V1: { value: 10, unit: 'L', description: 'Central volume.', source: 'pmid:999' },
    Q: { value: 2, unit: 'L/h', description: 'Inter-compartmental clearance.', source: 'fitted: the PK dataset of ref:smith2000' },
    V2: { value: 20, unit: 'L', description: 'Peripheral volume.', source: 'assumed: twice V1' },
    F_oral: { value: 0.7, unit: '1', description: 'Oral bioavailability.', source: 'derived: AUC ratio' },
    EC50: { value: 0.5, unit: 'mg/L', description: 'Half-maximal concentration.', source: 'ref:smith2000' },
    Emax: { value: 1.5, unit: '1', description: 'Maximal stimulation.', source: 'ref:smith2000' },
    gamma_h: { value: 2.5, unit: '1', description: 'Hill exponent.', source: 'ref:code2020 line 3' },
    kout: { value: 0.1, unit: '1/h', description: 'Turnover rate constant.', source: 'ref:smith2000' },
    R0: { value: 100, unit: 'pmol/L', description: 'Baseline response.', source: 'ref:smith2000' },
    kin: { value: 10, unit: '?', description: 'Production (unit not given by the source).', source: 'ref:smith2000' },
    tau: { value: 5, unit: 'h', description: 'Time scale of the input schedule.', source: 'assumed: round number | a pipe and $ sign' },
    k_M: { value: 0.3, unit: '1/h', description: 'Marker rate constant.', source: 'ref:smith2000' },
    tiny: { value: 2.5e-9, unit: 'mmol/L', description: 'A small number.', source: 'ref:smith2000' },
    huge: { value: 1e20, unit: '1', description: 'A large number.', source: 'ref:smith2000' },
    third: { value: 1 / 3, unit: '1', description: 'A number with no short decimal.', source: 'ref:smith2000' },
    charge: { value: 0.25, unit: 'meq/L', description: 'A quantity in equivalents (SBML has no unit for it).', source: 'ref:smith2000' },
    inf_rate: { value: 2, unit: 'mg/h', description: 'Infusion rate of the scheduled infusion.', source: 'ref:smith2000' },
    t_on: { value: 1, unit: 'h', description: 'Start of the scheduled infusion.', source: 'ref:smith2000' },
    t_off: { value: 3, unit: 'h', description: 'End of the scheduled infusion.', source: 'ref:smith2000' },
    ug_per_mg: { value: 1000, unit: 'ug/mg', description: 'Unit conversion.', source: 'derived: definition of the units' },
    dose0: { value: 50, unit: 'mg', description: 'Initial oral dose.', source: 'assumed: test value' },
  },
  states: {
    depot: { unit: 'mg', description: 'Drug in the gut.', initial: 'dose0 * F_oral', ode: '-ka * depot', source: 'ref:smith2000 Eq. 1' },
    central: {
      unit: 'mg', description: 'Drug in the central compartment.', initial: 0,
      ode: 'ka * depot - CL / V1 * central - Q / V1 * central + Q / V2 * peripheral + infusion',
    },
    peripheral: { unit: 'mg', description: 'Drug in the peripheral compartment.', initial: 'depot / 100', ode: 'Q / V1 * central - Q / V2 * peripheral' },
    R: { unit: 'pmol/L', description: 'Response with turnover.', initial: 'R0 * (1 + 0.1 * feedback)', ode: 'kin_eff * Rscale - kout * R * (1 + stim) * (1 - 0.5 * inhib * off_path)' },
    M: { unit: '?', description: 'A marker without a unit.', initial: 1, ode: 'k_M * (R / R0 - M) + k_M * 1e-3 * misc * flags' },
  },
  rules: {
    Cc: { expr: 'central / V1', unit: 'mg/L', description: 'Central concentration.' },
    stim: { expr: 'Emax * hill(Cc, EC50, gamma_h)', unit: '1', description: 'Stimulation of the loss of R.', source: 'ref:smith2000 Eq. 3' },
    inhib: { expr: 'hillinv(Cc, EC50, 1)', unit: '1', description: 'Falling Hill function.' },
    kin_eff: { expr: 'kin * piecewise(1.5, t < tau, 1, t < 2 * tau, 0.8)', unit: '?', description: 'Production, stepped in time.' },
    Rscale: { expr: 'R0 / (kin / kout) ', unit: '?', description: 'Scale so that R starts near its steady state.' },
    infusion: { expr: 'if(t >= t_on && t < t_off, inf_rate, 0 * inf_rate)', unit: 'mg/h', description: 'Scheduled infusion (on between t_on and t_off).' },
    misc: {
      expr: 'sqrt(abs(R - R0) / R0) + log(R / R0 + 2) + log10(Cc / EC50 + 1) + exp(-t / tau) + pow(Cc / EC50 + 1, 0.5) ' +
        '+ (Cc / EC50 + 1)^-1.5 + min(Cc / EC50, 1, 2) + max(Cc / EC50, 0.1) - -third + tiny / tiny * huge / huge + fround(Cc / EC50) - fround(third)',
      unit: '1', description: 'Every other function of the language.',
    },
    flags: {
      expr: '(Cc > EC50) + !feedback + (R >= R0 || Cc <= 0.2 * EC50) - (Cc == 0) + (Cc != 0) + if(feedback, 1, 0) + if(feedback && Cc < huge * EC50, 1, 0)' +
        ' + if(!(Cc < 0), 1, 0) + piecewise(1, off_path, 2, feedback, 3)',
      unit: '1', description: 'Truth values used as numbers, and numbers used as conditions.',
    },
  },
  observables: {
    Cc_obs: { expr: 'Cc * ug_per_mg', unit: 'ug/L', description: 'Central concentration in µg/L.' },
    R_rel: { expr: 'R / R0', unit: '1', description: 'Response relative to baseline.' },
    charge_obs: { expr: 'charge * M', unit: '?', description: 'Uses a quantity in mEq/L.' },
  },
  doses: {
    PO: {
      state: 'depot', description: 'Oral dose.', amountUnit: 'mg', bioavailability: 'F_oral',
      molarMass: { value: 300.25, source: 'ref:smith2000 Methods' },
    },
    IV: { state: 'central', description: 'Intravenous dose.', amountUnit: 'mg' },
  },
  switches: {
    feedback: { description: 'The feedback pathway.', evidence: 'animal', default: true, sources: ['ref:smith2000', 'pmid:4242'] },
    off_path: { description: 'A pathway off by default.', evidence: 'hypothesis', default: false, sources: ['assumed: speculative'] },
  },
  constraints: {
    absorption_fast: {
      expr: 'V2 > V1 && (CL / V1 < ka || !feedback)',
      description: 'Absorption must outpace elimination <so that> the depot & "central" compartments keep their order.',
      source: 'assumed: a test constraint',
    },
  },
  assumptions: ['Linear PK.', 'The marker has no unit in the source <sic>.'],
};

