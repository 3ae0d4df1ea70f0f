/**
 * BDF — variable-order (1–5), variable-step backward differentiation formulas in Nordsieck form,
 * the workhorse for stiff problems (chemical kinetics, physiology over years with doses).
 *
 * When to use: stiff problems, long spans, many restarts at dose times, tolerances 1e-3…1e-10.
 * Orders 1–2 are A-stable, 3–5 A(α)-stable (α = 86°, 73°, 52°): for problems with eigenvalues close
 * to the imaginary axis (lightly damped oscillations) cap the order (`maxOrder: 2`) or use rodas5.
 *
 * Method (the design of CVODE and LSODE; Hindmarsh et al., ACM TOMS 31 (2005) 363-396; Byrne &
 * Hindmarsh, ACM TOMS 1 (1975) 71-96; Jackson & Sacks-Davis, ACM TOMS 6 (1980) 295-318):
 *  - fixed-leading-coefficient BDF in Nordsieck form (coefficients in `bdf-coefficients.ts`);
 *  - modified Newton on y_n − γ f(t_n, y_n) = predicted terms, with M = I − γJ: J and its LU are
 *    kept across steps; a new LU when γ changed by more than 30 % (`gammaChangeLU`), every 20 steps
 *    (`maxStepsBetweenLU`) or after a failure, a new J every 20 steps with the problem's analytic
 *    Jacobian, every 51 (CVODE's msbj) with finite differences (`maxStepsBetweenJac`), or when
 *    Newton fails with an old J; while γ differs from the γ of the LU the update is scaled by
 *    2/(1 + γ/γ_LU), which makes the stale matrix consistent to first order;
 *  - the LU (`sparse-lu.ts`) works on the sparsity pattern of J (found from the Jacobians seen)
 *    with a fill-reducing order analysed once, so forming M, factoring it and the substitutions of
 *    the Newton iterations cost O(nnz(L+U)) — physiology Jacobians are sparse;
 *  - at most 3 Newton iterations, convergence test ||Δ||·min(1, rate) ≤ 0.1·(error-test constant)
 *    with the contraction rate estimated from successive updates (it carries over between steps);
 *  - step and order from the error estimates at orders q−1, q, q+1 (`bdf-control.ts`); the order may
 *    rise only after q+1 steps at the same order;
 *  - lands exactly on `tLimit` (shortening the step and rescaling the history) — time stops;
 *  - `reset` restarts at order 1 but keeps the Jacobian (`keepJacobianOnReset`): a modified Newton
 *    iteration converges to the same corrector solution with any matrix that makes it contract, the
 *    convergence test checks that (its rate estimate starts again at 1 with the new LU a restart
 *    forces), and a failure with the kept matrix triggers a fresh J. Right after a restart the step,
 *    hence γ, is small and M = I − γJ hardly depends on J; by the time γ is large J has been renewed
 *    by age (20 or 51 steps) or by a failure. So dose restarts do not pay n RHS calls for a new
 *    finite-difference Jacobian. The restart itself costs one RHS call for y' and one to four for
 *    the initial-step estimate (CVODE's CVHin).
 *
 * Tolerances: the error test is per step (error per step, CVODE's), so the global error is
 * typically 10–100× rtol on long runs (more with many restarts, each starting at order 1). The
 * step-size estimate of the stiff components assumes the Newton iteration converged; with a
 * Jacobian that has gone stale that can be optimistic, and a later step then sees the inconsistency
 * as a persistent error-test failure: the step is then cut (up to 20 failures, order 1, factor 10
 * each time) until the stiff components relax, rather than giving up after 7 failures as CVODE does.
 *
 * Forward sensitivities (`OdeProblem.blocks`, `SolveOptions.errorComponents`): with b blocks the
 * Jacobian J is the m×m one of the first block (n = b·m) and the Newton matrix is b copies of
 * I − γJ on the diagonal (CVODES's simultaneous corrector): one LU, b substitutions per iteration. The
 * Newton convergence test uses all n components; the error test, the step size and order selection
 * and the initial step use the first `errorComponents` (all by default). Without either option the
 * code path and the results are those of the plain method, bit for bit. With `OdeProblem.staggered`
 * (the staggered direct method) the Newton iteration covers the first block only, and the other
 * blocks, linear, are solved exactly after it (`sensCorrect`: one Jacobian at the converged state,
 * one LU of I − γJ of their own, one pair of substitutions per block).
 *
 * Non-negative components (`nonNegative`): BDF may drive a component that should stay ≥ 0 below
 * zero when it is far below atol (ROBER with atol = 1e-2·rtol ends at y1 = −4e7 in CVODE). With the
 * option, a step whose constrained components come out below −3 % of their error tolerance is
 * rejected like an error-test failure (estimate scaled so) and retried with a smaller step, and the
 * negligible negative values above that are set to zero in the accepted solution. This prevents
 * the blow-up, not the error: a component of the size of atol is still only known to a few atol.
 * So choose atol well below the smallest component of interest (ROBER: atol = 1e-6·rtol).
 */
import type { Method, Stepper, StepperContext } from '../method.js';
import type { FailureInfo, OdeProblem, ResultCode, SolverStats } from '../types.js';
import { SparseLu } from '../sparse-lu.js';
import { FLOAT64_POOL, leaseCleared } from '../pool.js';
import { errorWeights, wrmsNorm, worstComponent } from '../norm.js';
import { fdJacobian } from '../fdjac.js';
import {
  BDF_MAX_ORDER, setBdfCoefficients, increaseOrderCoefficients, decreaseOrderCoefficients,
} from './bdf-coefficients.js';
import {
  nordsieckPredict, nordsieckRestore, nordsieckRescale, nordsieckCorrect, nordsieckEvaluate,
} from './bdf-nordsieck.js';
import {
  BDF_CONTROL, type BdfControlParams, etaFromError, etaAfterErrorFailure, limitEta, keepThresholds,
} from './bdf-control.js';

/** Options of the variable-order BDF method: order limit, LU and Jacobian reuse, Newton tolerance, non-negativity. */
export interface BdfOptions {
  /** Highest order, 1..5 (default 5). */
  readonly maxOrder?: number;
  /** Steps between LU factorizations when nothing else forces one (CVODE's msbp; default 20). */
  readonly maxStepsBetweenLU?: number;
  /**
   * Steps between Jacobian evaluations when Newton keeps converging (CVODE's msbj). Default: 20 with
   * the problem's analytic Jacobian (MSBJ_ANALYTIC), 51 (CVODE's) with finite differences.
   */
  readonly maxStepsBetweenJac?: number;
  /** Relative change |γ/γ_LU − 1| that forces a new LU (CVODE's dgmax; default 0.3). */
  readonly gammaChangeLU?: number;
  /** Newton tolerance as a fraction of the error-test tolerance (CVODE's nlscoef; default 0.1). */
  readonly newtonTolerance?: number;
  /** Keep the Jacobian across `reset` (default true). */
  readonly keepJacobianOnReset?: boolean;
  /** Use the problem's analytic Jacobian when it has one (default true; false forces finite differences). */
  readonly analyticJacobian?: boolean;
  /** Components that must stay ≥ 0: `true` for all, or a list of indices. Default: none. */
  readonly nonNegative?: boolean | readonly number[];
}

const UROUND = 2.220446049250313e-16;
/**
 * nonNegative: a constrained component below zero by at most this fraction of its error tolerance
 * is set to zero; a larger excursion rejects the step. Setting a value to zero adds mass that the
 * error estimate does not see and breaks linear invariants (conservation) by that amount, so only a
 * negligible amount is cut. Measured on ROBER (rtol 1e-6, atol 1e-8, 42 starts): with 1 (cut
 * anything within the tolerance) the sum y0+y1+y2 drifts by up to 4e-8 and 4 runs end with y0 = 0
 * (a ROBER state at zero stays there); with 0.03 the sum holds to 1e-11 and none ends at zero.
 */
const NON_NEGATIVE_CUT = 0.03;
/** Newton iterations per attempt, divergence ratio and rate memory (CVODE's NLS_MAXCOR, RDIV, CRDOWN). */
const NEWTON_MAX_ITERS = 3;
const NEWTON_DIVERGENCE = 2;
const NEWTON_RATE_DECAY = 0.3;
/**
 * Steps between Jacobian evaluations by default (maxStepsBetweenJac). CVODE's 51 prices a Jacobian
 * at n RHS calls (finite differences), kept for those. An analytic Jacobian costs a few RHS calls,
 * and a fresher one pays for itself in steps: the corrector is accepted after one Newton iteration
 * (the convergence test uses the contraction rate carried over from earlier steps), so with an old J
 * what is left of the Newton error enters the error estimate, and the steps come out smaller and
 * the step size changes (each a new LU) more often. Measured on the human-mg-bone 5-year population
 * of bench:scale (4 parameters varied, rtol 1e-8; interleaved blocks, one thread): 51 → 450 steps,
 * 8.6 Jacobians, 67 LUs, 2.26 ms of CPU per run; 20 → 416, 17.4, 63, 2.06 ms; 12 → 407, 23.9,
 * 62, 2.08 ms; 8 → 400, 31.1, 61, 2.15 ms. Over the built-in scenarios of the four models the
 * steps fall or stay (but mgb-baseline-10y: 198 → 214), docs/scale.md.
 */
const MSBJ_ANALYTIC = 20;
const MSBJ_FD = 51;
/** A Jacobian-triggered failure with γ changed by more than this refactors only (CVODE's dgmax_jbad). */
const GAMMA_CHANGE_BAD_JAC = 0.2;

// Newton outcomes
const NLS_OK = 0;
const NLS_CONV_FAIL = 1;
const NLS_SINGULAR = 2;
const NLS_NON_FINITE = 3;

// why the iteration matrix is being set up (CVODE's convfail)
const SETUP_NO_FAILURE = 0;
const SETUP_BAD_JAC = 1;
const SETUP_AFTER_FAILURE = 2;

// how the current step attempt started (CVODE's nflag)
const FIRST_ATTEMPT = 0;
const AFTER_CONV_FAIL = 1;
const AFTER_ERROR_FAIL = 2;

/** Creates the BDF method. Throws a RangeError listing every invalid option. */
export function bdf(opts: BdfOptions = {}): Method {
  const issues: string[] = [];
  const maxOrder = opts.maxOrder ?? BDF_MAX_ORDER;
  if (!Number.isInteger(maxOrder) || maxOrder < 1 || maxOrder > BDF_MAX_ORDER) {
    issues.push(`maxOrder: ${String(opts.maxOrder)} is not allowed (an integer 1..${BDF_MAX_ORDER})`);
  }
  const intOpt = (name: 'maxStepsBetweenLU' | 'maxStepsBetweenJac', dflt: number): number => {
    const v = opts[name] ?? dflt;
    if (!Number.isInteger(v) || v < 1) issues.push(`${name}: ${String(v)} is not allowed (an integer >= 1)`);
    return v;
  };
  const posOpt = (name: 'gammaChangeLU' | 'newtonTolerance', dflt: number): number => {
    const v = opts[name] ?? dflt;
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) issues.push(`${name}: ${String(v)} is not allowed (a finite number > 0)`);
    return v;
  };
  const msbp = intOpt('maxStepsBetweenLU', 20);
  const msbj = opts.maxStepsBetweenJac === undefined ? undefined : intOpt('maxStepsBetweenJac', 0);
  const dgmax = posOpt('gammaChangeLU', 0.3);
  const nlscoef = posOpt('newtonTolerance', 0.1);
  const nn = opts.nonNegative ?? false;
  if (typeof nn !== 'boolean') {
    if (!Array.isArray(nn)) issues.push(`nonNegative: ${String(nn)} is not allowed (true, false or an array of component indices)`);
    else nn.forEach((v, k) => {
      if (!Number.isInteger(v) || v < 0) issues.push(`nonNegative[${k}]: ${String(v)} is not allowed (a component index >= 0)`);
    });
  }
  if (issues.length) throw new RangeError(`bdf(): invalid options:\n  ${issues.join('\n  ')}`);
  const settings: BdfSettings = {
    maxOrder, msbp, msbj, dgmax, nlscoef,
    keepJacobian: opts.keepJacobianOnReset ?? true,
    analyticJacobian: opts.analyticJacobian ?? true,
    nonNegative: nn,
    control: BDF_CONTROL,
  };
  return Object.freeze({
    name: maxOrder === BDF_MAX_ORDER ? 'bdf' : `bdf(maxOrder=${maxOrder})`,
    order: maxOrder,
    stiff: true,
    blocks: true,
    create: (ctx: StepperContext): Stepper => new BdfStepper(ctx, settings),
  });
}

interface BdfSettings {
  readonly maxOrder: number;
  readonly msbp: number;
  /** Steps between Jacobians; undefined: by the Jacobian's kind (MSBJ_ANALYTIC or MSBJ_FD). */
  readonly msbj: number | undefined;
  readonly dgmax: number;
  readonly nlscoef: number;
  readonly keepJacobian: boolean;
  readonly analyticJacobian: boolean;
  readonly nonNegative: boolean | readonly number[];
  readonly control: BdfControlParams;
}

class BdfStepper implements Stepper {
  t = 0;
  tPrev = 0;
  /** The current solution: a view of the history's column 0. */
  readonly y: Float64Array;

  private readonly ctx: StepperContext;
  private readonly st: SolverStats;
  private readonly s: BdfSettings;
  private readonly c: BdfControlParams;
  private readonly n: number;
  /** Components in the error test and step-size selection (the first nErr; default n). */
  private readonly nErr: number;
  /** Blocks of the Newton matrix (OdeProblem.blocks) and their size: n = nBlocks·mBlock. */
  private readonly nBlocks: number;
  private readonly mBlock: number;
  /** Views of `delta`, one per block, for the block-diagonal solves (empty when nBlocks = 1). */
  private readonly deltaBlocks: Float64Array[];
  private readonly qmax: number;
  private readonly hmaxInv: number;
  /** keepAbove[L]: biasSame·dsm above it means the step size stays (see keepThresholds). */
  private readonly keepAbove: Float64Array;

  // history and step state
  private readonly z: Float64Array;
  /** The pooled buffer behind z and the n-vectors (given back by release()). */
  private readonly work: Float64Array<ArrayBuffer>;
  private released = false;
  private readonly tau = new Float64Array(BDF_MAX_ORDER + 2);
  private readonly l = new Float64Array(BDF_MAX_ORDER + 2);
  private readonly tq = new Float64Array(6);
  private readonly cvals = new Float64Array(BDF_MAX_ORDER + 3);
  private q = 1;
  private qprime = 1;
  private qwait = 2;
  private h = 0;
  private hprime = 0;
  private hscale = 0;
  private eta = 1;
  private etamax = 1;
  private tn = 0;
  private savedTq5 = 0;
  private nst = 0;
  private needInit = true;
  private landing = false;
  private tLanding = 0;

  // Newton / linear algebra state
  private readonly acor: Float64Array;
  private readonly ytmp: Float64Array;
  private readonly ftemp: Float64Array;
  /** f at the predicted state (first Newton residual; reused by the Jacobian and on a retry). */
  private readonly fpred: Float64Array;
  private readonly delta: Float64Array;
  private readonly ewt: Float64Array;
  private readonly J: Float64Array<ArrayBuffer>;
  /** M = I − γJ and its factors. */
  private readonly lu: SparseLu;
  private readonly wk1: Float64Array;
  private readonly wk2: Float64Array;
  private haveJ = false;
  private jcur = false;
  private gamma = 0;
  private gammap = 0;
  private gamrat = 1;
  private rl1 = 1;
  private crate = 1;
  private delp = 0;
  private acnrm = 0;
  /** Global step counter (never reset) and the steps of the last LU and J. */
  private nstAll = 0;
  private nstlp = 0;
  private nstlj = 0;
  private readonly useAnalytic: boolean;
  /** Steps between Jacobians (settings.msbj, else by the Jacobian's kind). */
  private readonly msbj: number;
  private readonly nonNeg: Int32Array;
  /** Some atol is 0: a component at exactly 0 then has no tolerance (checked every step). */
  private readonly anyZeroAtol: boolean;

  /**
   * The staggered direct corrector (OdeProblem.staggered): the Newton iteration runs on the first
   * nNewton = m components (all n without it), with views of its vectors of that length; the other
   * blocks are solved after it by sensCorrect with their own exact matrix.
   */
  private readonly staggered: OdeProblem['staggered'];
  private readonly nNewton: number;
  private readonly yNewton: Float64Array;
  private readonly fpredNewton: Float64Array;
  private readonly ftempNewton: Float64Array;
  /** The components whose error weights are used (Newton test and error test): a view of z. */
  private readonly yWeighted: Float64Array;
  /** Staggered: J(t_n, y_n), its pattern by rows (for the finiteness check), the forcing terms and I − γJ's LU. */
  private readonly sensJ: Float64Array;
  private readonly sensRow: Int32Array;
  private readonly sensCol: Int32Array;
  private readonly sensB: Float64Array;
  private readonly sensLu: SparseLu | undefined;
  private readonly acorBlocks: Float64Array[];

  /** Entry i*n+j of the last Jacobian that was not finite, or -1. */
  private badJacEntry = -1;
  private configError = '';
  private fail: FailureInfo | undefined = undefined;
  private msg = '';

  constructor(ctx: StepperContext, settings: BdfSettings) {
    this.ctx = ctx;
    this.st = ctx.stats;
    this.s = settings;
    this.c = settings.control;
    const n = ctx.n;
    this.n = n;
    this.qmax = settings.maxOrder;
    this.hmaxInv = ctx.hMax > 0 && Number.isFinite(ctx.hMax) ? 1 / ctx.hMax : 0;
    this.keepAbove = keepThresholds(this.c, BDF_MAX_ORDER + 1);
    // the Nordsieck array and the eight n-vectors share one pooled, zeroed buffer (see pool.ts)
    const nz = (this.qmax + 1) * n;
    this.work = leaseCleared(FLOAT64_POOL, nz + 8 * n);
    const vec = (k: number): Float64Array => this.work.subarray(nz + k * n, nz + (k + 1) * n);
    this.z = this.work.subarray(0, nz);
    this.y = this.z.subarray(0, n);
    this.acor = vec(0);
    this.ytmp = vec(1);
    this.ftemp = vec(2);
    this.fpred = vec(3);
    this.delta = vec(4);
    this.ewt = vec(5);
    this.nErr = ctx.errorComponents ?? n;
    const nb = ctx.problem.blocks ?? 1;
    this.nBlocks = nb;
    const mb = n / nb;
    this.mBlock = mb;
    this.deltaBlocks = nb > 1 ? Array.from({ length: nb }, (_, b) => this.delta.subarray(b * mb, (b + 1) * mb)) : [];
    this.J = FLOAT64_POOL.lease(mb * mb); // every entry written by the Jacobian before it is read (haveJ)
    this.lu = new SparseLu(mb, undefined, ctx.problem.jacPattern);
    this.wk1 = vec(6);
    this.wk2 = vec(7);
    this.useAnalytic = settings.analyticJacobian && ctx.problem.jac !== undefined;
    this.msbj = settings.msbj ?? (this.useAnalytic ? MSBJ_ANALYTIC : MSBJ_FD);
    if (nb > 1 && !this.useAnalytic) this.configError = `bdf(): problem.blocks = ${nb} needs the problem's analytic Jacobian of the first block (a finite-difference one is not formed per block)`;
    this.anyZeroAtol = ctx.atol.some((a) => !(a > 0));
    const nn = settings.nonNegative;
    if (nn === true) this.nonNeg = Int32Array.from({ length: n }, (_, i) => i);
    else if (nn === false) this.nonNeg = new Int32Array(0);
    else {
      const bad = nn.filter((i) => i >= n);
      // reported by the first step() as 'invalid_input' (the driver turns it into a Solution)
      if (bad.length) this.configError = `bdf(): nonNegative: indices ${bad.join(', ')} are not allowed (the problem has ${n} components, 0..${n - 1})`;
      this.nonNeg = Int32Array.from(nn.filter((i) => i < n));
    }
    const sg = nb > 1 ? ctx.problem.staggered : undefined;
    this.staggered = sg;
    this.nNewton = sg ? mb : n;
    this.yNewton = sg ? this.ytmp.subarray(0, mb) : this.ytmp;
    this.fpredNewton = sg ? this.fpred.subarray(0, mb) : this.fpred;
    this.ftempNewton = sg ? this.ftemp.subarray(0, mb) : this.ftemp;
    // without the staggered path (or with constrained components anywhere) every weight, as before
    const nW = sg && this.nonNeg.length === 0 ? Math.max(mb, this.nErr) : n;
    this.yWeighted = this.z.subarray(0, nW);
    const pat = ctx.problem.jacPattern;
    this.sensRow = new Int32Array(sg ? mb + 1 : 1);
    const cols: number[] = [];
    if (sg) {
      for (let i = 0; i < mb; i++) {
        if (pat) { for (const j of pat[i] ?? []) if (j >= 0 && j < mb) cols.push(j); } else for (let j = 0; j < mb; j++) cols.push(j);
        this.sensRow[i + 1] = cols.length;
      }
    }
    this.sensCol = Int32Array.from(cols);
    this.sensJ = new Float64Array(sg ? mb * mb : 0);
    this.sensB = new Float64Array(sg ? n - mb : 0);
    // the sensitivity solves are used as they are (no iteration corrects them), with KLU's and
    // UMFPACK's default pivot threshold for direct solves, 0.001, that of the Newton matrix: on the
    // human model's 5-year run the sensitivities differ from those with 0.1 by 1e-12 of their size,
    // and 0.1 fell back to the dense factorization 4 times per run (0.001: once)
    this.sensLu = sg ? new SparseLu(mb, 1e-3, pat) : undefined;
    this.acorBlocks = sg ? Array.from({ length: nb }, (_, b) => this.acor.subarray(b * mb, (b + 1) * mb)) : [];
  }

  reset(t: number, y: ArrayLike<number>): void {
    const n = this.n;
    for (let i = 0; i < n; i++) this.z[i] = y[i];
    this.t = t;
    this.tPrev = t;
    this.tn = t;
    this.needInit = true;
    this.fail = undefined;
    this.msg = '';
    if (!this.s.keepJacobian) this.haveJ = false;
  }

  failure(): FailureInfo | undefined { return this.fail; }

  release(): void {
    if (this.released) return;
    this.released = true;
    FLOAT64_POOL.release(this.J.length, this.J);
    FLOAT64_POOL.release(this.work.length, this.work);
    this.lu.release();
    this.sensLu?.release();
  }
  message(): string { return this.msg; }

  interpolate(s: number, out: Float64Array): void {
    nordsieckEvaluate(this.z, this.n, this.q, this.tn, this.hscale, s, out);
  }

  step(tLimit: number): ResultCode | 'ok' {
    const c = this.c;
    if (this.configError) return this.stop('invalid_input', this.configError);
    if (!(Math.abs(tLimit - this.tn) > 0)) {
      return this.stop('invalid_input', `bdf: step(tLimit=${tLimit}) called at t=${this.tn}: tLimit must differ from the current time`);
    }
    if (this.needInit) {
      const r = this.initialize(tLimit);
      if (r !== 'ok') return r;
    } else {
      errorWeights(this.yWeighted, this.ctx.rtol, this.ctx.atol, this.ewt);
      if (this.anyZeroAtol) {
        const k = this.zeroTolerance();
        if (k >= 0) return this.stop('invalid_input', `bdf: component ${this.componentLabel(k)} reached exactly 0 at t=${this.tn} with atol[${k}] = 0: its error tolerance is zero; give it an atol > 0`, k);
      }
      // land exactly on tLimit (a time stop or the end): shorten the next step when it would pass it
      const rem = tLimit - this.tn;
      const troundoff = 100 * UROUND * (Math.abs(this.tn) + Math.abs(this.h));
      if ((this.tn + this.hprime - tLimit) * Math.sign(this.h) > -troundoff) {
        this.hprime = rem;
        this.eta = rem / this.h;
        this.landing = true;
        this.tLanding = tLimit;
      } else this.landing = false;
      if (this.hprime !== this.h || this.qprime !== this.q) this.adjustParams();
    }

    const savedT = this.tn;
    let nflag = FIRST_ATTEMPT;
    let ncf = 0;
    let nef = 0;
    let dsm = 0;
    const n = this.n;
    const z = this.z;
    for (;;) {
      this.tn += this.h;
      if (this.landing) this.tn = this.tLanding;
      nordsieckPredict(z, n, this.q);
      this.setCoefficients();

      const nls = this.newton(nflag);
      if (nls !== NLS_OK) {
        // Newton failed: undo the prediction, shrink the step and try again
        this.st.rejected++;
        this.tn = savedT;
        nordsieckRestore(z, n, this.q);
        ncf++;
        this.etamax = 1;
        if (ncf >= c.maxConvFails) {
          return nls === NLS_SINGULAR
            ? this.stop('singular_matrix', `bdf: the iteration matrix I - gamma*J stayed singular after ${ncf} step reductions at t=${savedT}, h=${this.h}`)
            : nls === NLS_NON_FINITE
              ? this.stopNonFinite(savedT)
              : this.stop('newton_failure', `bdf: Newton iteration failed to converge ${ncf} times at t=${savedT} (last h=${this.h}); the Jacobian may be wrong, or the problem has a discontinuity here: put a time stop at it`);
        }
        this.eta = c.etaConvFail;
        if (!this.stepSizeOk(savedT)) return this.stopTooSmall(savedT, 'Newton convergence failures');
        nordsieckRescale(z, n, this.q, this.eta);
        this.h *= this.eta;
        this.hscale = this.h;
        this.landing = false;
        nflag = AFTER_CONV_FAIL;
        continue;
      }

      dsm = this.acnrm * this.tq[2];
      if (this.nonNeg.length > 0 && dsm <= 1) {
        // an excursion beyond the cut fails like an error estimate of neg / cut
        const neg = this.negativeExcess();
        if (neg > NON_NEGATIVE_CUT) dsm = Math.max(dsm, neg / NON_NEGATIVE_CUT);
      }
      if (dsm <= 1) break;

      // error test failed
      nef++;
      this.st.errorTestFailures++;
      this.st.rejected++;
      this.tn = savedT;
      nordsieckRestore(z, n, this.q);
      nflag = AFTER_ERROR_FAIL;
      if (nef >= c.maxErrorFails) return this.stopErrorTest(savedT, dsm, nef);
      this.etamax = 1;
      this.landing = false;
      if (nef <= c.errorFailsBeforeOrderDrop) {
        this.eta = etaAfterErrorFailure(c, dsm, this.q + 1, nef);
        if (!this.stepSizeOk(savedT)) return this.stopTooSmall(savedT, 'error-test failures', dsm);
        nordsieckRescale(z, n, this.q, this.eta);
        this.h *= this.eta;
        this.hscale = this.h;
        continue;
      }
      // repeated failures: the history is not trustworthy, drop the order (or restart at order 1)
      this.eta = c.etaMinErrorFail;
      if (!this.stepSizeOk(savedT)) return this.stopTooSmall(savedT, 'error-test failures', dsm);
      if (this.q > 1) {
        this.adjustOrder(-1);
        this.q--;
        this.qwait = this.q + 1;
        nordsieckRescale(z, n, this.q, this.eta);
        this.h *= this.eta;
        this.hscale = this.h;
      } else {
        this.h *= this.eta;
        this.hscale = this.h;
        this.qwait = 10;
        this.ctx.problem.f(this.tn, this.y, this.ftemp);
        this.st.rhs++;
        const h = this.h;
        for (let i = 0; i < n; i++) z[n + i] = h * this.ftemp[i];
      }
    }

    this.completeStep(savedT);
    this.prepareNextStep(dsm);
    return 'ok';
  }

  // ---------------------------------------------------------------------------------------------

  /** First step after reset: y' at t, error weights, initial step size, order 1. */
  private initialize(tLimit: number): ResultCode | 'ok' {
    const n = this.n;
    const z = this.z;
    const f = this.ctx.problem.f;
    const yp = this.wk1;
    f(this.tn, this.y, yp);
    this.st.rhs++;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(yp[i]) || !Number.isFinite(this.y[i])) {
        this.ftemp.set(yp);
        return this.stopNonFinite(this.tn);
      }
    }
    errorWeights(this.yWeighted, this.ctx.rtol, this.ctx.atol, this.ewt);
    const k = this.zeroTolerance();
    if (k >= 0) {
      return this.stop('invalid_input', `bdf: atol[${k}] = ${this.ctx.atol[k]} and y[${k}] = ${this.y[k]} at t=${this.tn} give component ${this.componentLabel(k)} a zero error tolerance; give it an atol > 0`, k);
    }
    let h = this.ctx.h0 > 0 ? this.ctx.h0 * Math.sign(tLimit - this.tn) : this.initialStep(tLimit, yp);
    if (this.hmaxInv > 0 && Math.abs(h) * this.hmaxInv > 1) h = Math.sign(h) / this.hmaxInv;
    this.landing = false;
    if ((this.tn + h - tLimit) * h >= 0) {
      h = tLimit - this.tn;
      this.landing = true;
      this.tLanding = tLimit;
    }
    for (let i = 0; i < n; i++) z[n + i] = h * yp[i];
    this.h = h;
    this.hscale = h;
    this.hprime = h;
    this.eta = 1;
    this.q = 1;
    this.qprime = 1;
    this.qwait = 2;
    this.etamax = this.c.etaMaxFirst;
    this.tau.fill(0);
    this.savedTq5 = 0;
    this.nst = 0;
    this.crate = 1;
    this.needInit = false;
    return 'ok';
  }

  /**
   * Initial step (the estimate of CVODE's CVHin): h ≈ sqrt(2 / ||y''||) with y'' from a difference
   * of y' along an Euler step, bounded by 0.1·|tLimit − t| and by the step that changes no
   * component by more than 10 % of itself plus its tolerance; a few passes refine the estimate.
   */
  private initialStep(tout: number, yp: Float64Array): number {
    const n = this.n;
    const tdist = Math.abs(tout - this.tn);
    const sign = tout > this.tn ? 1 : -1;
    const tround = UROUND * Math.max(Math.abs(this.tn), Math.abs(tout));
    const hlb = 100 * tround;
    const nErr = this.nErr;
    let hubInv = 0;
    for (let i = 0; i < nErr; i++) {
      const r = Math.abs(yp[i]) / (0.1 * Math.abs(this.y[i]) + 1 / this.ewt[i]);
      if (r > hubInv) hubInv = r;
    }
    let hub = 0.1 * tdist;
    if (hub * hubInv > 1) hub = 1 / hubInv;
    let hg = Math.sqrt(hlb * hub);
    if (hub < hlb) return sign * hg;
    const f = this.ctx.problem.f;
    const yt = this.ytmp;
    const ft = this.wk2;
    let hnew = hg;
    for (let pass = 1; pass <= 4; pass++) {
      const hgs = hg * sign;
      for (let i = 0; i < n; i++) yt[i] = this.y[i] + hgs * yp[i];
      f(this.tn + hgs, yt, ft);
      this.st.rhs++;
      let s = 0;
      for (let i = 0; i < nErr; i++) { const d = ((ft[i] - yp[i]) / hgs) * this.ewt[i]; s += d * d; }
      const ydd = Math.sqrt(s / nErr);
      if (!Number.isFinite(ydd)) { hnew = hg * 0.2; break; }
      hnew = ydd * hub * hub > 2 ? Math.sqrt(2 / ydd) : Math.sqrt(hg * hub);
      if (pass === 4) break;
      const hrat = hnew / hg;
      if (hrat > 0.5 && hrat < 2) break;
      if (pass > 1 && hrat > 2) { hnew = hg; break; }
      hg = hnew;
    }
    let h0 = 0.5 * hnew;
    if (h0 < hlb) h0 = hlb;
    if (h0 > hub) h0 = hub;
    return sign * h0;
  }

  /** Applies a decided change of order and step size to the history before the next step. */
  private adjustParams(): void {
    if (this.qprime !== this.q) {
      this.adjustOrder(this.qprime - this.q);
      this.q = this.qprime;
      this.qwait = this.q + 1;
    }
    nordsieckRescale(this.z, this.n, this.q, this.eta);
    this.h = this.hscale * this.eta;
    this.hscale = this.h;
  }

  private adjustOrder(dq: number): void {
    const n = this.n;
    const z = this.z;
    const q = this.q;
    const cv = this.cvals;
    if (dq === 1) {
      // new column z[q+1] from the correction saved at the last step (in the spare column qmax)
      const a = increaseOrderCoefficients(q, this.hscale, this.tau, cv);
      const src = this.qmax * n;
      const dst = (q + 1) * n;
      for (let i = 0; i < n; i++) z[dst + i] = a * z[src + i];
      for (let j = 2; j <= q; j++) {
        const cj = cv[j];
        const o = j * n;
        for (let i = 0; i < n; i++) z[o + i] += cj * z[dst + i];
      }
    } else if (q > 2) {
      decreaseOrderCoefficients(q, this.hscale, this.tau, cv);
      const src = q * n;
      for (let j = 2; j < q; j++) {
        const cj = cv[j];
        const o = j * n;
        for (let i = 0; i < n; i++) z[o + i] -= cj * z[src + i];
      }
    }
  }

  private setCoefficients(): void {
    setBdfCoefficients(this.q, this.h, this.tau, this.qwait === 1, this.s.nlscoef, this.l, this.tq);
    this.rl1 = 1 / this.l[1];
    this.gamma = this.h * this.rl1;
    this.gamrat = this.nst > 0 ? this.gamma / this.gammap : 1;
  }

  /**
   * Solves the corrector equation by modified Newton. Returns NLS_OK with the correction in acor and
   * its norm in acnrm, or a failure code (the caller shrinks the step).
   */
  private newton(nflag: number): number {
    // staggered: the iteration is over the first block only (n = m here), the others follow in sensCorrect
    const n = this.nNewton;
    const nAll = this.n;
    const z = this.z;
    const acor = this.acor;
    const ytmp = this.yNewton;
    const ftemp = this.ftempNewton;
    const delta = this.delta;
    const ewt = this.ewt;
    const f = this.staggered ? this.staggered.f : this.ctx.problem.f;
    const st = this.st;
    const setupWhy = nflag === AFTER_CONV_FAIL ? SETUP_AFTER_FAILURE : SETUP_NO_FAILURE;
    let callSetup = nflag !== FIRST_ATTEMPT || this.nst === 0 || this.nstAll >= this.nstlp + this.s.msbp ||
      Math.abs(this.gamrat - 1) > this.s.dgmax;
    let jacSuspect = false;
    this.jcur = false;
    const fpred = this.fpredNewton;
    for (let i = 0; i < n; i++) ytmp[i] = z[i];
    f(this.tn, ytmp, fpred);
    st.rhs++;
    for (;;) {
      if (callSetup) {
        const r = this.setup(jacSuspect ? SETUP_BAD_JAC : setupWhy);
        if (r !== NLS_OK) { st.newtonFailures++; return r; }
      }
      let result = NLS_CONV_FAIL;
      const gamma = this.gamma;
      const rl1 = this.rl1;
      const tol = this.tq[4];
      const scale = this.gamrat !== 1 ? 2 / (1 + this.gamrat) : 1;
      for (let m = 0; ; m++) {
        st.newton++;
        // delta = −residual = γ f(y) − rl1·z[1] − acor (acor = 0 and f = fpred in the first iteration)
        if (m === 0) for (let i = 0; i < n; i++) delta[i] = gamma * fpred[i] - rl1 * z[nAll + i];
        else for (let i = 0; i < n; i++) delta[i] = gamma * ftemp[i] - rl1 * z[nAll + i] - acor[i];
        if (this.nBlocks === 1 || this.staggered) this.lu.solve(this.nBlocks === 1 ? delta : this.deltaBlocks[0]);
        else { const views = this.deltaBlocks; for (let b = 0; b < views.length; b++) this.lu.solve(views[b]); }
        // scale, accumulate and take the weighted norm in one pass
        let ss = 0;
        for (let i = 0; i < n; i++) {
          const d = delta[i] * scale;
          delta[i] = d;
          acor[i] = m === 0 ? d : acor[i] + d;
          const e = d * ewt[i];
          ss += e * e;
        }
        const del = Math.sqrt(ss / n);
        if (!Number.isFinite(del)) {
          if (m === 0) ftemp.set(fpred); // for the failure report
          result = NLS_NON_FINITE;
          break;
        }
        if (m > 0) {
          const r = del / this.delp;
          this.crate = NEWTON_RATE_DECAY * this.crate > r ? NEWTON_RATE_DECAY * this.crate : r;
        }
        const dcon = (del * (this.crate < 1 ? this.crate : 1)) / tol;
        if (dcon <= 1) {
          if (this.staggered) {
            const r = this.sensCorrect();
            if (r !== NLS_OK) { st.newtonFailures++; return r; }
          }
          const nErr = this.nErr;
          this.acnrm = nErr === n ? (m === 0 ? del : wrmsNorm(acor, ewt, n)) : wrmsNorm(acor, ewt, nErr);
          this.jcur = false;
          return NLS_OK;
        }
        if (m >= 1 && del > NEWTON_DIVERGENCE * this.delp) break;
        this.delp = del;
        if (m + 1 >= NEWTON_MAX_ITERS) break;
        for (let i = 0; i < n; i++) ytmp[i] = z[i] + acor[i];
        f(this.tn, ytmp, ftemp);
        st.rhs++;
      }
      st.newtonFailures++;
      // an old Jacobian is the usual culprit: retry once with a fresh one at the same step size
      if (result === NLS_CONV_FAIL && !this.jcur) {
        callSetup = true;
        jacSuspect = true;
        continue;
      }
      return result;
    }
  }

  /**
   * The staggered direct corrector of the blocks 2..b (OdeProblem.staggered), after the first block
   * converged to y_n = z0 + acor: their equations s' = J·s + b are linear, so the BDF corrector
   * s_n = z0_s + acor_s with acor_s = γ·(J·s_n + b) − rl1·z1_s is the linear system
   * (I − γJ(t_n, y_n))·s_n = z0_s − rl1·z1_s + γ·b, solved exactly: one Jacobian, one LU and one
   * pair of substitutions per block (no product with J), then acor_s = s_n − z0_s. The difference
   * loses the digits of s_n that acor_s does not have: relative to s_n the correction's error is a
   * few rounding units times the condition of I − γJ, far below the error tolerance. Returns
   * NLS_OK or a failure code (the step is then retried smaller, as for a Newton failure).
   */
  private sensCorrect(): number {
    const m = this.mBlock, n = this.n, nb = this.nBlocks;
    const z = this.z, acor = this.acor, y = this.yNewton, J = this.sensJ;
    const st = this.st;
    for (let i = 0; i < m; i++) y[i] = z[i] + acor[i];
    this.ctx.problem.jac!(this.tn, y, J);
    st.jac++;
    // J's structural nonzeros are finite (branch-free: v·0 is NaN exactly for ±Infinity and NaN)
    const row = this.sensRow, col = this.sensCol;
    let bad = 0;
    for (let i = 0; i < m; i++) {
      const ri = i * m;
      for (let q = row[i], e = row[i + 1]; q < e; q++) bad += J[ri + col[q]] * 0;
    }
    if (bad !== 0) {
      this.badJacEntry = -1;
      for (let k = 0; k < J.length; k++) if (!Number.isFinite(J[k])) { this.badJacEntry = k; break; }
      return NLS_NON_FINITE;
    }
    st.lu++;
    const gamma = this.gamma, rl1 = this.rl1;
    if (this.sensLu!.factor(J, 1, -gamma, true) >= 0) return NLS_SINGULAR;
    const B = this.sensB;
    this.staggered!.forcing(this.tn, y, B);
    for (let b = 1; b < nb; b++) {
      const o = b * m, ob = o - m, o1 = n + o;
      let size = 0;
      for (let i = 0; i < m; i++) {
        const v = z[o + i] - rl1 * z[o1 + i] + gamma * B[ob + i];
        acor[o + i] = v;
        size += Math.abs(v);
      }
      // a block still identically zero (a parameter that has not acted yet) stays zero without a solve
      if (size !== 0) this.sensLu!.solve(this.acorBlocks[b]);
      for (let i = 0; i < m; i++) acor[o + i] -= z[o + i];
    }
    // a non-finite sensitivity is reported by the driver after the step, with its component's name
    return NLS_OK;
  }

  /** Forms and factors M = I − γJ, evaluating J first when it is missing, old or suspect. */
  private setup(why: number): number {
    const n = this.n;
    const st = this.st;
    const dgamma = Math.abs(this.gamma / this.gammap - 1);
    const newJ = !this.haveJ || this.nstAll >= this.nstlj + this.msbj ||
      (why === SETUP_BAD_JAC && !(dgamma >= GAMMA_CHANGE_BAD_JAC)) || why === SETUP_AFTER_FAILURE;
    const J = this.J;
    if (newJ) {
      const p = this.ctx.problem;
      if (this.useAnalytic) {
        for (let i = 0; i < n; i++) this.ytmp[i] = this.z[i];
        p.jac!(this.tn, this.ytmp, J);
      } else {
        for (let i = 0; i < n; i++) this.ytmp[i] = this.z[i];
        st.rhsJac += fdJacobian(p.f, this.tn, this.ytmp, this.fpred, this.ewt, this.h, J, this.wk1, this.wk2);
      }
      st.jac++;
      this.nstlj = this.nstAll;
      this.jcur = true;
      this.haveJ = true;
      // a NaN in J would only show up as a Newton failure blamed on f: check it here (the
      // entries the factorization reads: J's pattern once the LU knows it)
      this.badJacEntry = this.lu.nonFiniteEntry(J);
      if (this.badJacEntry >= 0 && this.useAnalytic) {
        // an analytic formula can overflow where f itself stays finite (exp of a large term
        // times a vanishing one): difference f instead, which is what the step sees
        st.rhsJac += fdJacobian(p.f, this.tn, this.ytmp, this.fpred, this.ewt, this.h, J, this.wk1, this.wk2);
        st.jacFallback++;
        this.badJacEntry = this.lu.nonFiniteEntry(J);
      }
      if (this.badJacEntry >= 0) { this.haveJ = false; return NLS_NON_FINITE; }
    } else {
      this.jcur = false;
    }
    st.lu++;
    this.gamrat = 1;
    this.gammap = this.gamma;
    this.crate = 1;
    this.nstlp = this.nstAll;
    if (this.lu.factor(J, 1, -this.gamma, newJ) >= 0) return NLS_SINGULAR;
    return NLS_OK;
  }

  /** Index of the first component whose error weight is infinite (zero tolerance), or -1. */
  private zeroTolerance(): number {
    const w = this.ewt;
    for (let i = 0; i < this.n; i++) if (!(w[i] < Infinity)) return i;
    return -1;
  }

  /** Largest weighted amount by which a constrained component is below zero (0 if none). */
  private negativeExcess(): number {
    const nn = this.nonNeg;
    const z = this.z;
    const acor = this.acor;
    const ewt = this.ewt;
    let worst = 0;
    for (let k = 0; k < nn.length; k++) {
      const i = nn[k];
      const v = z[i] + acor[i];
      if (v < 0) {
        const e = -v * ewt[i];
        if (e > worst) worst = e;
      }
    }
    return worst;
  }

  private completeStep(savedT: number): void {
    const n = this.n;
    const z = this.z;
    const q = this.q;
    this.nst++;
    this.nstAll++;
    this.st.steps++;
    for (let i = q; i >= 2; i--) this.tau[i] = this.tau[i - 1];
    if (q === 1 && this.nst > 1) this.tau[2] = this.tau[1];
    this.tau[1] = this.h;
    nordsieckCorrect(z, n, q, this.l, this.acor);
    if (this.nonNeg.length > 0) {
      // tolerated small negatives (within the error test) are cut to zero
      const nn = this.nonNeg;
      for (let k = 0; k < nn.length; k++) if (z[nn[k]] < 0) z[nn[k]] = 0;
    }
    this.qwait--;
    if (this.qwait === 1 && q !== this.qmax) {
      // keep this step's correction for the order-(q+1) error estimate of the next step
      const o = this.qmax * n;
      for (let i = 0; i < n; i++) z[o + i] = this.acor[i];
      this.savedTq5 = this.tq[5];
    }
    this.tPrev = savedT;
    this.t = this.tn;
  }

  /** Chooses the next step size and order (applied lazily at the start of the next step). */
  private prepareNextStep(dsm: number): void {
    const c = this.c;
    const q = this.q;
    const L = q + 1;
    if (this.etamax === 1) {
      // a failure in this step: keep h and q for one step
      if (this.qwait < 2) this.qwait = 2;
      this.qprime = q;
      this.hprime = this.h;
      this.eta = 1;
    } else {
      // keepAbove: an error certain to keep the step size needs no root (same result, see keepThresholds)
      const keep = this.keepAbove;
      const keepAtQ = c.biasSame * dsm > keep[L];
      if (this.qwait !== 0) {
        if (keepAtQ) {
          // the usual case: the step size stays
          this.qprime = q;
          this.eta = 1;
          this.hprime = this.h;
          this.etamax = c.etaMax;
          return;
        }
        this.qprime = q;
        this.eta = etaFromError(dsm, c.biasSame, L, c.addon);
      } else {
        this.qwait = 2;
        const n = this.n;
        const nErr = this.nErr;
        let ddn = 0;
        if (q > 1) {
          // ||z[q]|| without a subarray view (no allocation in step)
          const z = this.z, w = this.ewt, o = q * n;
          let ss = 0;
          for (let i = 0; i < nErr; i++) { const e = z[o + i] * w[i]; ss += e * e; }
          ddn = Math.sqrt(ss / nErr) * this.tq[1];
        }
        const up = q !== this.qmax && this.savedTq5 !== 0;
        let dup = 0;
        if (up) {
          const ratio = this.h / this.tau[2];
          let pw = 1;
          for (let k = 0; k < L; k++) pw *= ratio;
          const cquot = (this.tq[5] / this.savedTq5) * pw;
          const o = this.qmax * n;
          const tmp = this.wk1;
          for (let i = 0; i < nErr; i++) tmp[i] = this.acor[i] - cquot * this.z[o + i];
          dup = wrmsNorm(tmp, this.ewt, nErr) * this.tq[3];
        }
        if (keepAtQ && (q === 1 || c.biasDown * ddn > keep[q]) && (!up || c.biasUp * dup > keep[L + 1])) {
          // no order gives a growth worth taking
          this.eta = 1;
          this.qprime = q;
        } else {
          const etaq = etaFromError(dsm, c.biasSame, L, c.addon);
          const etaqm1 = q > 1 ? etaFromError(ddn, c.biasDown, q, c.addon) : 0;
          const etaqp1 = up ? etaFromError(dup, c.biasUp, L + 1, c.addon) : 0;
          // prefer the same order, then a lower one, then a higher one
          const etam = Math.max(etaqm1, etaq, etaqp1);
          if (etam < c.etaKeep) {
            this.eta = 1;
            this.qprime = q;
          } else if (etam === etaq) {
            this.eta = etaq;
            this.qprime = q;
          } else if (etam === etaqm1) {
            this.eta = etaqm1;
            this.qprime = q - 1;
          } else {
            this.eta = etaqp1;
            this.qprime = q + 1;
            // the order-(q+1) history needs this step's correction
            const o = this.qmax * n;
            for (let i = 0; i < n; i++) this.z[o + i] = this.acor[i];
          }
        }
      }
      this.eta = limitEta(c, this.eta, this.etamax, Math.abs(this.h), this.hmaxInv);
      this.hprime = this.h * this.eta;
    }
    this.etamax = c.etaMax;
  }

  /** False when h·eta would no longer move t (the step size underflowed relative to t). */
  private stepSizeOk(t: number): boolean {
    const hn = Math.abs(this.h * this.eta);
    return hn > 4 * UROUND * Math.abs(t) && hn > 0;
  }

  private componentLabel(i: number): string {
    const nm = this.ctx.problem.names?.[i];
    return nm !== undefined ? `'${nm}' (index ${i})` : `${i}`;
  }

  private stop(code: ResultCode, message: string, component?: number, errorEstimate?: number): ResultCode {
    const info: FailureInfo = { t: this.tn, h: this.h, state: Float64Array.from(this.y) };
    if (component !== undefined) {
      (info as { component?: number }).component = component;
      const nm = this.ctx.problem.names?.[component];
      if (nm !== undefined) (info as { componentName?: string }).componentName = nm;
    }
    if (errorEstimate !== undefined) (info as { errorEstimate?: number }).errorEstimate = errorEstimate;
    this.fail = info;
    this.msg = message;
    return code;
  }

  private stopNonFinite(t: number): ResultCode {
    if (this.badJacEntry >= 0) {
      const i = Math.floor(this.badJacEntry / this.mBlock), j = this.badJacEntry % this.mBlock;
      const src = this.useAnalytic ? 'the analytic Jacobian' : 'the finite-difference Jacobian (the right-hand side near y)';
      return this.stop('non_finite', `bdf: ${src} has a non-finite entry d f[${i}]/d y[${j}] at t=${t} (component ${this.componentLabel(i)} with respect to ${this.componentLabel(j)})${this.useAnalytic ? ', and so has its finite-difference replacement' : ''}`, i);
    }
    // find the first non-finite component of the last RHS value, if any
    let k = -1;
    for (let i = 0; i < this.n; i++) if (!Number.isFinite(this.ftemp[i])) { k = i; break; }
    const where = k >= 0 ? `; first non-finite derivative: component ${this.componentLabel(k)}` : '';
    return this.stop('non_finite', `bdf: the right-hand side returned a non-finite value at t=${t}${where}`, k >= 0 ? k : undefined);
  }

  private stopTooSmall(t: number, why: string, dsm?: number): ResultCode {
    const k = worstComponent(this.acor, this.ewt, this.nErr);
    const est = dsm !== undefined ? `error estimate ${dsm.toPrecision(3)}, ` : '';
    return this.stop('step_too_small', `bdf: step size ${Math.abs(this.h * this.eta)} too small at t=${t} after repeated ${why} (${est}worst component ${this.componentLabel(k)}). The problem may have a singularity or a discontinuity here (use a time stop), or atol is too small for that component`, k, dsm);
  }

  private stopErrorTest(t: number, dsm: number, nef: number): ResultCode {
    const k = worstComponent(this.acor, this.ewt, this.nErr);
    return this.stop('step_too_small', `bdf: error test failed ${nef} times in one step at t=${t}, h=${this.h} (weighted error ${dsm.toPrecision(3)}, worst component ${this.componentLabel(k)}); a discontinuity here needs a time stop, or loosen atol for that component`, k, dsm);
  }
}
