/**
 * magbone's public API, curated name by name. Layers: solver (the stiff ODE engine), model (the
 * modelling language), models (the shipped models, as data), simulate (scenarios), analysis.
 */
// solver
export { solve, rodas5, rodas5p, dopri5, SolverError } from './solver/index.js';
export { bdf } from './solver/methods/bdf.js';
export type { OdeProblem, RhsFn, JacFn, SolveOptions, Solution, SolverStats, ResultCode, FailureInfo, Method } from './solver/index.js';
// modelling language
export { compileModel, checkModel, listUncheckedQuantities, ModelInputError, parse, compileVectorField } from './model/index.js';
export type { Model, ParametricDerivatives, ModelSpec, ParameterSpec, StateSpec, RuleSpec, ObservableSpec, DoseTargetSpec, SwitchSpec, Reference, Evidence, Issue } from './model/index.js';
// shipped models
export { modelIds, modelEntries, findModel } from './models/index.js';
export type { ModelEntry, ScenarioAdapter } from './models/index.js';
// scenarios and simulation
export { runScenario, prepareScenario, getModel } from './simulate/api.js';
export { simulate, validateScenario, steadyState, expandDoses, InputError, formatIssues } from './simulate/index.js';
export type { Scenario, ScenarioInput, DoseInput, SimulationResult, Column, SteadyStateResult, InputIssue } from './simulate/index.js';
export { builtinScenarios, findBuiltin } from './simulate/builtin.js';
export { simulateSensitivities } from './simulate/sensitivity.js';
export type { SimulateSensitivitiesOptions, SensitivitySimulationResult } from './simulate/sensitivity.js';
export { fdParametric } from './simulate/fd-parametric.js';
// analysis
export { svgChart } from './analysis/svgplot.js';
export type { PlotPanel, PlotSeries } from './analysis/svgplot.js';
// documentation and interchange
export { modelDocs } from './model/docs.js';
export { toSBML, fromSBML } from './model/sbml/index.js';
export { attributePathways, formatAttribution } from './analysis/attribution.js';
export type { AttributionResult, AttributionOptions } from './analysis/attribution.js';
export { localSensitivity, formatSensitivity, defaultSensitivityMethod } from './analysis/sensitivity.js';
export type { SensitivityResult, SensitivityOptions, SensitivityMethod } from './analysis/sensitivity.js';
export { massBalance } from './analysis/validation.js';
export type { MassBalance } from './analysis/validation.js';
export { Rng, lognormalSigma } from './analysis/random.js';
export { runPopulation, samplePopulation, parsePopulationSpec, PERCENTILES } from './analysis/population.js';
export type { PopulationSpec, VarySpec, PopulationResult, PopulationOptions, Subject, VariedParameter, Bands } from './analysis/population.js';
export { populationToCSV, populationToJSON, formatPopulation } from './analysis/population-format.js';
export { morris, morrisScreen, morrisPlan, formatMorris } from './analysis/morris.js';
export type { MorrisOptions, MorrisResult, MorrisParameter, MorrisFactor, FactorStats } from './analysis/morris.js';
export { populationParallel, morrisParallel, runBatch, Interrupted, autoWorkers } from './analysis/parallel.js';
export type { BatchOptions } from './analysis/parallel.js';
// Sobol analysis and scale (docs/scale.md)
export { sobolPoints } from './analysis/sobol-sequence.js';
export { saltelliDesign, saltelliPoint, sobolEstimate, sobolWithCI, sobolOfFunction } from './analysis/sobol.js';
export type { SaltelliDesign, IndexEstimate, IndicesWithCI } from './analysis/sobol.js';
export { sobolPlan, sobolResult } from './analysis/sobol-model.js';
export type { SobolSpec, SobolSummarySpec, SobolResult, SobolIndices } from './analysis/sobol-model.js';
export { toPortable, fromPortable } from './model/portable.js';
export type { PortableModel } from './model/portable.js';
export { svgBandChart } from './analysis/svgplot.js';
// evidence: studies as data, the likelihood, validation and coverage (docs/evidence.md)
export { loadStudies, checkStudy, StudyError, formatStudyIssue } from './analysis/evidence/study.js';
export type { Study, Arm, Measurement, StudyIssue } from './analysis/evidence/study.js';
export { predictStudy, fdSensitivities, forwardSensitivities, forwardSupported } from './analysis/evidence/predict.js';
export { specHash, calibrationDir, resolveEnsemblePath } from './analysis/evidence/calibration.js';
export type { StudyPrediction, MeasurementPrediction, SensitivityFn, ArmSensitivities } from './analysis/evidence/predict.js';
export { studyObjective, residual, totalSE } from './analysis/evidence/likelihood.js';
export type { StudyObjective, StudyObjectiveOptions, Prior } from './analysis/evidence/likelihood.js';
export type { LeastSquaresObjective, ResidualEvaluation } from './analysis/evidence/objective.js';
export { checkStudies, ensembleCoverage, readEnsemble } from './analysis/evidence/coverage.js';
export type { CheckReport, CheckRow, Ensemble } from './analysis/evidence/coverage.js';
export { formatCheckReport } from './analysis/evidence/report.js';
// predictions with uncertainty: a scenario over a posterior ensemble
export { ensembleSimulate, bandsToCSV, bandsToJSON, formatBands, parseNoise, bandPercentiles } from './analysis/ensemble.js';
export type { EnsembleSimulateOptions, EnsembleBands, NoiseModel, NoiseSD } from './analysis/ensemble.js';
// evidence: the estimators (fit, profile, sample) on the LeastSquaresObjective contract
export { leastSquares } from './analysis/evidence/lsq.js';
export type { LsqOptions, LsqResult, LsqStatus } from './analysis/evidence/lsq.js';
export { fitMultiStart, covarianceAt, startPoints } from './analysis/evidence/fit.js';
export type { FitOptions, FitResult, StartOutcome, Covariance } from './analysis/evidence/fit.js';
export { profileLikelihood } from './analysis/evidence/profile.js';
export type { ProfileOptions, ProfileResult, ParameterProfile, ProfilePoint, Identifiability } from './analysis/evidence/profile.js';
export { samplePosterior } from './analysis/evidence/sampler.js';
export type { SampleOptions, SampleResult, ParameterSummary } from './analysis/evidence/sampler.js';
export { rhat, essBulk } from './analysis/evidence/diagnostics.js';
export { serialRunner } from './analysis/evidence/tasks.js';
export type { TaskRunner, TaskKind } from './analysis/evidence/tasks.js';
export { workerRunner } from './analysis/evidence/workers.js';
export type { ObjectiveSource, WorkerRunner } from './analysis/evidence/workers.js';
export type { BandPanel } from './analysis/svgplot.js';
