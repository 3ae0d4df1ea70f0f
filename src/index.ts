/**
 * magbone's public API, curated name by name: the isomorphic entry `magbone` (browsers and Node;
 * no Node built-in is reachable from here). File, worker-thread and PNG helpers are in
 * `magbone/node` (src/node.ts). Layers: solver (the stiff ODE engine), model (the modelling
 * language), models (the shipped models, as data), simulate (scenarios), analysis.
 */
// solver
export { solve, rodas5, rodas5p, dopri5, SolverError } from './solver/index.js';
export { bdf } from './solver/methods/bdf.js';
export { METHOD_TABLE, findMethod, methodNames, scenarioMethodNames, methodProblem } from './solver/methods/table.js';
export type { MethodInfo, MethodName } from './solver/methods/table.js';
export type { OdeProblem, RhsFn, JacFn, SolveOptions, Solution, SolverStats, ResultCode, FailureInfo, Method, EventFunctions } from './solver/index.js';
// modelling language
export { compileModel, checkModel, listUncheckedQuantities, ModelInputError, parse, compileVectorField } from './model/index.js';
export type { Model, ParametricDerivatives, ModelSpec, ParameterSpec, StateSpec, RuleSpec, ObservableSpec, DoseTargetSpec, SwitchSpec, Reference, Evidence, Issue } from './model/index.js';
// shipped models
export { modelIds, modelEntries, findModel } from './models/index.js';
export type { ModelEntry, ScenarioAdapter } from './models/index.js';
// scenarios and simulation
export { runScenario, prepareScenario, getModel } from './builtin/index.js';
export { simulate, validateScenario, steadyState, expandDoses, InputError, formatIssues } from './simulate/index.js';
export type { Scenario, ScenarioInput, DoseInput, SimulationResult, Column, SteadyStateResult, InputIssue } from './simulate/index.js';
export { builtinScenarios, findBuiltin } from './builtin/scenarios.js';
export { simulateSensitivities } from './simulate/sensitivity.js';
export type { SimulateSensitivitiesOptions, SensitivitySimulationResult } from './simulate/sensitivity.js';
export { fdParametric } from './simulate/fd-parametric.js';
// analysis
export { svgChart } from './analysis/svgplot.js';
export type { PlotPanel, PlotSeries } from './analysis/svgplot.js';
// documentation and interchange
export { modelDocs } from './model/docs.js';
export { toSBML, fromSBML, importSBML, SbmlReadError } from './model/sbml/index.js';
export type { SbmlImport, SbmlEvent } from './model/sbml/index.js';
export { runSbml, type SbmlRunOptions, type SbmlRunResult } from './simulate/sbml.js';
export { attributePathways, formatAttribution } from './analysis/attribution.js';
export type { AttributionResult, AttributionOptions, PathwayContribution } from './analysis/attribution.js';
export { localSensitivity, formatSensitivity, defaultSensitivityMethod } from './analysis/sensitivity.js';
export type { SensitivityResult, SensitivityOptions, SensitivityMethod, ParameterSensitivity } from './analysis/sensitivity.js';
export { massBalance } from './analysis/validation.js';
export type { MassBalance } from './analysis/validation.js';
export { Rng, lognormalSigma } from './analysis/random.js';
export { runPopulation, samplePopulation, parsePopulationSpec, PERCENTILES, summarisePopulation } from './analysis/population.js';
export type { PopulationSpec, VarySpec, PopulationResult, PopulationOptions, Subject, VariedParameter, Bands, Distribution, PercentileKey } from './analysis/population.js';
export { populationToCSV, populationToJSON, formatPopulation } from './analysis/population-format.js';
export { morris, morrisScreen, morrisPlan, formatMorris } from './analysis/morris.js';
export type { MorrisOptions, MorrisResult, MorrisParameter, MorrisFactor, FactorStats, MorrisDesign, MorrisPlan, RangeAdjustment, ScreenOptions } from './analysis/morris.js';
// Sobol analysis and scale (docs/scale.md)
export { sobolPoints } from './analysis/sobol-sequence.js';
export { saltelliDesign, saltelliPoint, sobolEstimate, sobolWithCI, sobolOfFunction, saltelliRuns } from './analysis/sobol.js';
export type { SaltelliDesign, IndexEstimate, IndicesWithCI } from './analysis/sobol.js';
export { sobolPlan, sobolResult, summaryIssues, runOutputs, SUMMARY_KINDS } from './analysis/sobol-model.js';
export type { SobolSpec, SobolSummarySpec, SobolResult, SobolIndices, SummaryKind, SobolPlan } from './analysis/sobol-model.js';
export { toPortable, fromPortable } from './model/portable.js';
export type { PortableModel } from './model/portable.js';
export { svgBandChart } from './analysis/svgplot.js';
// evidence: studies as data, the likelihood, validation and coverage (docs/evidence.md)
export { checkStudy, StudyError, formatStudyIssue, parseStudyText } from './analysis/evidence/study.js';
export type { Study, Arm, Measurement, StudyIssue, Window } from './analysis/evidence/study.js';
export { predictStudy, combine, combine4, armScenario, fdSensitivities, forwardSensitivities, forwardSupported, forwardScenario } from './analysis/evidence/predict.js';
export type { StudyPrediction, MeasurementPrediction, SensitivityFn, ArmSensitivities, PredictOptions, Combined, DifferenceOfChanges } from './analysis/evidence/predict.js';
export { studyObjective, residual, totalSE, factViolation } from './analysis/evidence/likelihood.js';
export type { StudyObjective, StudyObjectiveOptions, Prior, ResidualRow, FactPenalty, FactViolation } from './analysis/evidence/likelihood.js';
export type { LeastSquaresObjective, ResidualEvaluation } from './analysis/evidence/objective.js';
export { checkStudies, ensembleCoverage } from './analysis/evidence/coverage.js';
export type { CheckReport, CheckRow, Ensemble, Fraction } from './analysis/evidence/coverage.js';
export { formatCheckReport, wilsonInterval } from './analysis/evidence/report.js';
// predictions with uncertainty: a scenario over a posterior ensemble
export { ensembleSimulate, bandsToCSV, bandsToJSON, formatBands, parseNoise, bandPercentiles } from './analysis/ensemble.js';
export type { EnsembleSimulateOptions, EnsembleBands, NoiseModel, NoiseSD } from './analysis/ensemble.js';
export { noiseFromStudies } from './analysis/evidence/noise.js';
export type { StudyNoise } from './analysis/evidence/noise.js';
// evidence: the estimators (fit, profile, sample) on the LeastSquaresObjective contract
export { leastSquares } from './analysis/evidence/lsq.js';
export type { LsqOptions, LsqResult, LsqStatus } from './analysis/evidence/lsq.js';
export { fitMultiStart, covarianceAt, startPoints } from './analysis/evidence/fit.js';
export type { FitOptions, FitResult, StartOutcome, Covariance } from './analysis/evidence/fit.js';
export { profileLikelihood } from './analysis/evidence/profile.js';
export type { ProfileOptions, ProfileResult, ParameterProfile, ProfilePoint, Identifiability, ProfileSide, ProfileSideTask, SideEnd } from './analysis/evidence/profile.js';
export { samplePosterior } from './analysis/evidence/sampler.js';
export type { SampleOptions, SampleResult, ParameterSummary, ChainResult, ChainTask } from './analysis/evidence/sampler.js';
export { rhat, essBulk } from './analysis/evidence/diagnostics.js';
export { serialRunner } from './analysis/evidence/tasks.js';
export type { TaskRunner, TaskKind, StartTask, TaskInput } from './analysis/evidence/tasks.js';
export type { BandPanel } from './analysis/svgplot.js';
// used by the CLI and the web app
export { svgBars } from './analysis/svgplot.js';
export { baseRun, checkRanges, planDesign, designRuns, morrisResult } from './analysis/morris.js';
export { didYouMean, formatPath, showValue, truncate } from './core/issues.js';
export { ExprErrors, symbolsOf, tryParse } from './model/expr/index.js';
export { SCENARIO_KEYS, OUTPUT_KEYS, DOSE_KEYS, SOLVER_KEYS, CHANGE_KEYS } from './simulate/scenario.js';
export { ScenarioSchema, scenarioSchema } from './simulate/scenario-schema.js';
export type { ScenarioVocabulary } from './simulate/scenario-schema.js';
export { StudySchema } from './analysis/evidence/study-schema.js';
export { checkShape } from './core/shape.js';
export { formatValue, summaryRows, toCSV, toJSON } from './simulate/format.js';
export { convert, hasDimension, parseQuantity, parseUnit } from './model/quantity.js';
export { checkEnsembleOptions, noiseFromEnsembleFile, percentileLabel } from './analysis/ensemble.js';
export { outputIssues, runWithParameters } from './analysis/batch.js';
export type { BatchRun, BatchRunner } from './analysis/batch.js';
export type { TableColumn, FormatOptions, ResultTable, SummaryRow } from './simulate/format.js';
export { analyzeModel } from './model/check.js';
export { latexName, toLatex } from './model/latex.js';
export { scenarioFromInput } from './analysis/attribution.js';
export { DOMAIN as HUMAN_MG_BONE_DOMAIN } from './models/human-mg-bone/domain.js';
export { CONDITIONS as HUMAN_MG_BONE_CONDITIONS, RANGES as HUMAN_MG_BONE_RANGES, SALTS as HUMAN_MG_BONE_SALTS } from './models/human-mg-bone/scenario.js';
export { doiUrl, pubmedUrl } from './model/docs.js';
// human-scale output (#16): time units, number formatting, bounds, axis rules, guard rails, reference ranges
export { DISPLAY_TIME_UNITS, hoursIn, timeUnitForSpan, timeScale, DEFAULT_DIGITS, formatNumber, headerWithUnit, splitHeader, formatBounds, humanTime } from './simulate/display.js';
export type { DisplayTimeUnit } from './simulate/display.js';
export { describeChanges, describeDifference } from './simulate/describe.js';
export { parseValidatedDomain, parseValidatedFailures, parseValidatedStudies, humanScenarioClasses, domainWarnings, HUMAN_SCENARIO_CLASSES, scenarioClassOf, FAILING_HEADING, STUDIES_HEADING } from './simulate/guards.js';
export type { ValidatedDomain, ValidatedFailures, FailingChecks, GuardedRun } from './simulate/guards.js';
export { parameterValue } from './simulate/param-value.js';
export { referenceRange } from './models/reference-ranges.js';
export type { ReferenceRange } from './models/reference-ranges.js';
export { MIN_RELATIVE_SPAN, axisExtent, tickLabels, minimumSpan, valueRange } from './analysis/axis.js';
export type { PlotPoint } from './analysis/svgplot.js';
// SBML semantic test-suite cases (#17)
export { XmlSyntaxError } from './model/sbml/xml.js';
export { parseSettings, caseTimes, caseCsv, runCase } from './simulate/sbml-case.js';
// PEtab v1 problems (docs/petab.md)
export { petabFileList, buildPetabProblem, PetabError, formatPetabIssue, petabModel, evaluatePetab, petabObjective, nominalTheta, parameterValues, petabLogPrior, petabStartPoints, logPriorDensity } from './analysis/petab/index.js';
export type { PetabPrior, PetabPriorType } from './analysis/petab/index.js';
export { exportPetab } from './analysis/petab/index.js';
export type { PetabExport, PetabExportOptions, PetabExportedRow } from './analysis/petab/index.js';
export type { PetabProblem, PetabFileList, PetabParameter, PetabObservable, PetabCondition, PetabMeasurement, PetabValue, PetabScale, PetabIssue, PetabModel, PetabRunOptions, PetabEvaluation, PetabEvaluateOptions, PetabObjective } from './analysis/petab/index.js';
// types referenced by the exports above (so the API docs can link them; docs:api checks there are none missing)
export { TASKS } from './analysis/evidence/tasks.js';
export type { Experiment } from './analysis/petab/simulate.js';
export type { PopulationFormatOptions } from './analysis/population-format.js';
export type { Bar, PlotOptions } from './analysis/svgplot.js';
export type { BuiltinScenario } from './builtin/scenarios.js';
export type { IssuePath } from './core/issues.js';
export type { AnySchema } from './core/shape.js';
export type { Analysis, ParsedModel, SymbolKind, UncheckedQuantity } from './model/check.js';
export type { CompileOptions, CompiledCode, InitialFn, ModelRhsFn, PrepareFn } from './model/compile.js';
export type { DoseEvent, DoseRecord } from './model/dosing.js';
export type { ArithOp, Binary, BinaryOp, Call, CompareOp, Expr, Index, LogicOp, Num, Span, Sym, Unary, UnaryOp } from './model/expr/ast.js';
export type { SyntaxIssue } from './model/expr/errors.js';
export type { CompiledVectorField, VectorFieldSpec } from './model/expr/vectorField.js';
export type { BoundParametric, ParametricKernels } from './model/parametric.js';
export type { Dim, DimensionName, Quantity } from './model/quantity.js';
export type { FlattenOptions } from './model/sbml/comp.js';
export type { SbmlDelay, SbmlSymbol } from './model/sbml/import.js';
export type { SbmlOptions } from './model/sbml/write.js';
export type { ConstraintSpec } from './model/spec.js';
export type { Unit } from './model/units.js';
export type { MassBalanceRun } from './models/human-mg-bone/mass-balance.js';
export type { ConditionInfo } from './models/human-mg-bone/scenario.js';
export type { Range as HumanMgBoneDomainRange } from './models/human-mg-bone/domain.js';
export type { InvariantName, InvariantViolation } from './simulate/invariants.js';
export type { RunCode, SimulateOptions } from './simulate/run.js';
export type { CaseOutcome, CaseResult, CaseSettings } from './simulate/sbml-case.js';
export type { ScenarioChange } from './simulate/scenario.js';
export type { SteadyStateOptions } from './simulate/steady.js';
export type { ControllerOptions } from './solver/controller.js';
export type { Stepper, StepperContext } from './solver/method.js';
export type { BdfOptions } from './solver/methods/bdf.js';
export type { Dopri5Options } from './solver/methods/dopri5.js';
export type { RodasOptions } from './solver/methods/rodas.js';
export type { DenseSource, StepRecorder, StopCallback } from './solver/types.js';
