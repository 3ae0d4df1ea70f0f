/**
 * The contract between the study library (what is measured), the engine (model values and their
 * exact parameter derivatives) and the estimators (fit, profile, sample): a least-squares objective
 * over parameters on log scale.
 *
 * θ_k = ln p_k (every estimated parameter is positive), bounded by the parameter's bounds (or the
 * fit's own). The objective is ½‖r(θ)‖² + prior terms, r the standardized residuals of every
 * quantitative measurement ((model − observed)/SE on the measurement's scale).
 */

/**
 * What a `LeastSquaresObjective` returns for one θ: the standardized residuals, their Jacobian when
 * asked for, or the reason a run failed (estimators then reject the point).
 */
export interface ResidualEvaluation {
  /** Standardized residuals, length `nResiduals` (priors included as extra rows when present). */
  r: Float64Array;
  /** ∂r/∂θ, row-major nResiduals × nParams (only when asked for). */
  J?: Float64Array;
  /** Runs that failed (the residuals are then not usable: the evaluation is rejected by estimators). */
  failure?: string;
}

/**
 * The contract between what is measured, the engine and the estimators (`leastSquares`,
 * `fitMultiStart`, `profileLikelihood`, `samplePosterior`): the objective ½‖r(θ)‖² over parameters
 * on log scale, θ_k = ln p_k within `lower`/`upper`, r the standardized residuals
 * ((model − observed)/SE on each measurement's scale) plus prior rows. `studyObjective` builds one
 * from studies, `petabObjective` from a PEtab problem; any code can implement it (see the example).
 *
 * @example
 * ```ts
 * import { fitMultiStart } from 'magbone';
 * // y = a·exp(−b·t) observed with SE 0.05; estimate p = (a, b) on θ = ln p
 * const t = [0, 1, 2, 3, 4], y = [2.0, 1.21, 0.74, 0.45, 0.27];
 * const objective = {
 *   params: ['a', 'b'], lower: Float64Array.of(-5, -5), upper: Float64Array.of(5, 5),
 *   nResiduals: t.length, labels: t.map((ti) => `y@${ti}`),
 *   evaluate(theta, jacobian) {
 *     const a = Math.exp(theta[0]), b = Math.exp(theta[1]);
 *     const r = Float64Array.from(t, (ti, i) => (a * Math.exp(-b * ti) - y[i]) / 0.05);
 *     if (!jacobian) return { r };
 *     // ∂r/∂θ = ∂r/∂p · p, row-major nResiduals × nParams
 *     const J = new Float64Array(t.length * 2);
 *     t.forEach((ti, i) => { const m = a * Math.exp(-b * ti); J[2 * i] = m / 0.05; J[2 * i + 1] = -m * b * ti / 0.05; });
 *     return { r, J };
 *   },
 * };
 * const fit = await fitMultiStart(objective, [0, 0], { starts: 4 });
 * console.log(fit.values); // ≈ [2, 0.5]
 * ```
 */
export interface LeastSquaresObjective {
  /** Names of the estimated parameters (model parameter names), in θ order. */
  readonly params: readonly string[];
  /** Lower bounds on θ = ln p. */
  readonly lower: Float64Array;
  /** Upper bounds on θ = ln p. */
  readonly upper: Float64Array;
  /** Number of residual rows. */
  readonly nResiduals: number;
  /** Labels of the residual rows ("study/arm/measurement", "prior:<param>"). */
  readonly labels: readonly string[];
  /** Residuals at θ, with their Jacobian when `jacobian` is true. */
  evaluate(theta: Float64Array, jacobian: boolean): ResidualEvaluation;
}
