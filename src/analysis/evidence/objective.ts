/**
 * The contract between the study library (what is measured), the engine (model values and their
 * exact parameter derivatives) and the estimators (fit, profile, sample): a least-squares objective
 * over parameters on log scale.
 *
 * θ_k = ln p_k (every estimated parameter is positive), bounded by the parameter's bounds (or the
 * fit's own). The objective is ½‖r(θ)‖² + prior terms, r the standardized residuals of every
 * quantitative measurement ((model − observed)/SE on the measurement's scale).
 */

export interface ResidualEvaluation {
  /** Standardized residuals, length `nResiduals` (priors included as extra rows when present). */
  r: Float64Array;
  /** ∂r/∂θ, row-major nResiduals × nParams (only when asked for). */
  J?: Float64Array;
  /** Runs that failed (the residuals are then not usable: the evaluation is rejected by estimators). */
  failure?: string;
}

export interface LeastSquaresObjective {
  /** Names of the estimated parameters (model parameter names), in θ order. */
  readonly params: readonly string[];
  /** Lower and upper bounds on θ = ln p. */
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** Number of residual rows. */
  readonly nResiduals: number;
  /** Labels of the residual rows ("study/arm/measurement", "prior:<param>"). */
  readonly labels: readonly string[];
  /** Residuals at θ, with their Jacobian when `jacobian` is true. */
  evaluate(theta: Float64Array, jacobian: boolean): ResidualEvaluation;
}
