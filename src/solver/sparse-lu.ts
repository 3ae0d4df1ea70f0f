/**
 * LU factorization of the iteration matrix M = alpha·I + beta·J of an implicit method (BDF:
 * I − γJ) for a sparse Jacobian, refactored many times with the same sparsity.
 *
 * Structure, found once and reused: the nonzero pattern of J is the caller's structural pattern when
 * given (a compiled model's), or else collected from the Jacobians seen (an entry that becomes
 * nonzero later, e.g. a term proportional to a state that was zero, extends it and triggers a new
 * analysis); the diagonal is always in it. The matrix is factored as
 * B = M[rowOrder, colOrder] with B's diagonal as pivots. colOrder is a fill-reducing order
 * (minimum degree on the pattern of J + Jᵀ), rowOrder starts equal to it. A symbolic factorization
 * gives the pattern of L + U of B and a flat list of the elimination's multiply-subtract
 * operations, so a numeric factorization is a loop over precomputed indices with no n² scan
 * (OpenBoneMin: 43 states, 144 Jacobian nonzeros, ~170 nonzeros in L + U against ~450 for the
 * natural order with partial pivoting); that loop and the triangular solves are then written out as
 * straight-line code for the structure (sparse-kernels.ts) once the structure has been factored
 * KERNEL_AFTER times in the process (the solve; the factorization after FACTOR_KERNEL_LATER times
 * as many), counted over every instance (every run) that shares it; later instances use those
 * kernels at once. Structures are shared by all instances in the process, so the runs of one model
 * analyse once.
 *
 * Why kernels wait: a batch of runs with varied parameters meets many row orders (the dense
 * fallback's pivots depend on the values: human-mg-bone, 67 states, meets ~50 structures in its
 * first 600 runs and one more every ~50 runs after). Each kernel is a new, large function that runs
 * interpreted until V8 has optimised it on a helper thread; generated for every structure they cost
 * more CPU than they save (measured: 2,000 runs, 15 s of compiler and GC threads beside 14 s of
 * simulation). But the factorizations concentrate on few structures: in 2,000 runs of that batch
 * (136,000 factorizations, 75 structures) the two commonest take 72 %, the 8 structures factored
 * 1,000 times or more take 94 %. A count per structure over the whole process gives kernels to
 * those and leaves the rare ones on the index loops, whose code is shared by all structures and
 * optimised once (the same operations, the same results bit for bit). Why 10,000: a structure's
 * kernels cost ~0.2-0.5 s of CPU before they pay (V8 runs the large new functions in its
 * interpreter until the optimised code is ready; measured on that model's commonest structure),
 * and save ~15 µs per factorization with its ~8 solves (factor ~5 → ~2 µs, solve ~1.7 → ~0.3 µs):
 * break-even after 10,000-30,000 factorizations, so a structure earns kernels once it has shown
 * that many (the ski-rental rule). Measured, one thread, 3,000 runs of that batch, CPU per run
 * including the warm-up (load 11-13, two alternations): loops only 4.55 / 4.69 ms, kernels after
 * 1,000 4.35 / 4.90 ms, after 10,000 4.01 / 4.60 ms; after the first 300 runs 3.93 / 4.17, 3.39 /
 * 4.00 and 3.57 / 4.09 ms. (An earlier count per instance, i.e. per run, kept batches on the
 * loops and cost short single runs such as OpenBoneMin's denosumab, ~220 factorizations, their
 * kernels however often they were repeated.)
 * The shared cache drops the least recently used structure first.
 *
 * Pivoting: a pivot is accepted under the threshold test of partial pivoting with threshold 0.001
 * by default (every multiplier |l_ik| <= 1000: the pivot is at least a thousandth of the largest
 * entry below it), the default of KLU and UMFPACK's symmetric strategy. The loose threshold costs
 * at most some element growth, i.e. a less exact M, which a modified Newton iteration tolerates (it
 * converges with any M that makes it contract, and checks that); Rosenbrock methods, which use the
 * solves as they are, ask for 0.1. When a pivot fails the test (or is zero),
 * the factorization is redone densely with row partial pivoting (`CompressedLu`) on B, and the row
 * interchanges it made become the new rowOrder (a new symbolic analysis, or a cached one): the static path then
 * follows the pivots partial pivoting chose, as KLU's refactorization does. Measured on OpenBoneMin
 * with denosumab (large γ): 131 of 230 factorizations fell back while rowOrder stayed fixed, 2 with
 * it learnt. Singularity is only ever reported by the dense path.
 *
 * No allocation in factor/solve except when the structure changes (a new analysis).
 */
import { CompressedLu } from './methods/bdf-lu.js';
import { FLOAT64_POOL, SizedPool, UINT8_POOL, leaseCleared } from './pool.js';
import { kernelsFit, solveKernel, factorKernel, type Kernels } from './sparse-kernels.js';


/** The ordering-dependent structure of one symbolic analysis. */
interface Analysis {
  rowPtr: Int32Array<ArrayBuffer>; colIdx: Int32Array<ArrayBuffer>; diagPos: Int32Array<ArrayBuffer>;
  asmSrc: Int32Array<ArrayBuffer>; asmDst: Int32Array<ArrayBuffer>; mDiag: Int32Array<ArrayBuffer>;
  opStart: Int32Array<ArrayBuffer>; opDst: Int32Array<ArrayBuffer>; opSrc: Int32Array<ArrayBuffer>;
  kern: Kernels | undefined;
  /** Static factorizations with this structure so far, by all instances (kernels after KERNEL_AFTER). */
  uses: number;
  /** Too large to be written out (sparse-kernels.ts): the loops for good. */
  tooLarge: boolean;
  /** The orders it was made for (the kernels need them). */
  rowOrder: Int32Array<ArrayBuffer>; colOrder: Int32Array<ArrayBuffer>;
  /** orderHash(rowOrder, colOrder), compared before the orders themselves. */
  hash: number;
}

/** How many structures of one pattern an instance keeps values for (row orders that partial pivoting alternates between). */
const ANALYSIS_CACHE = 4;
/** Structures (and fill-reducing orders) shared across instances, by pattern and orders; least recently used dropped first. */
const SHARED_LIMIT = 256;
/**
 * The shared structures of each pattern (by its key), most recently used first; a structure is
 * found by comparing its row and column orders (n numbers each) rather than by a string of them,
 * which cost a join and a hash of ~2 KB per lookup, several times per run (a tenth of a batch run's
 * time outside the integration, measured on human-mg-bone).
 */
const SHARED_ANALYSES = new Map<string, Analysis[]>();
const SHARED_ORDERS = new Map<string, Int32Array<ArrayBuffer>>();
/** Recently seen patterns (CSR) with their key string: a run of the same model finds its pattern's key without building it. */
const PATTERN_KEYS: { ptr: Int32Array<ArrayBuffer>; col: Int32Array<ArrayBuffer>; key: string }[] = [];
const PATTERN_KEYS_LIMIT = 16;
function remember<V>(map: Map<string, V>, key: string, v: V): void {
  if (map.size >= SHARED_LIMIT) map.delete(map.keys().next().value!);
  map.set(key, v);
}
/** The entry for `key`, moved to the most recently used end. */
function recall<V>(map: Map<string, V>, key: string): V | undefined {
  const v = map.get(key);
  if (v !== undefined) { map.delete(key); map.set(key, v); }
  return v;
}
function sameInts(a: Int32Array, b: Int32Array, length = b.length): boolean {
  if (a.length !== length) return false;
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return false;
  return true;
}
/** Whether the pattern (ptr, col) has exactly the nonzeros of the n × n mask `seen` (ptr's row counts already equal). */
function sameMask(col: Int32Array, ptr: Int32Array, seen: Uint8Array, n: number): boolean {
  for (let i = 0; i < n; i++) for (let q = ptr[i], e = ptr[i + 1]; q < e; q++) if (!seen[i * n + col[q]]) return false;
  return true;
}
/** indexPattern's row counts before it knows whether the pattern is new (grown as needed). */
let PATTERN_SCRATCH = new Int32Array(0);
/** A 32-bit hash (FNV-1a over the entries) of a structure's row and column orders. */
function orderHash(rowOrder: Int32Array, colOrder: Int32Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < rowOrder.length; i++) h = Math.imul(h ^ rowOrder[i], 0x01000193);
  for (let i = 0; i < colOrder.length; i++) h = Math.imul(h ^ colOrder[i], 0x01000193);
  return h;
}
/** The shared structure of pattern `patKey` with these orders (moved to the front), or undefined. */
function findAnalysis(patKey: string, rowOrder: Int32Array, colOrder: Int32Array, hash: number): Analysis | undefined {
  const list = SHARED_ANALYSES.get(patKey);
  if (!list) return undefined;
  for (let k = 0; k < list.length; k++) {
    const a = list[k];
    if (a.hash === hash && sameInts(a.rowOrder, rowOrder) && sameInts(a.colOrder, colOrder)) {
      if (k > 0) { list.copyWithin(1, 0, k); list[0] = a; }
      return a;
    }
  }
  return undefined;
}
function rememberAnalysis(patKey: string, a: Analysis): void {
  let list = recall(SHARED_ANALYSES, patKey);
  if (!list) { list = []; remember(SHARED_ANALYSES, patKey, list); }
  list.unshift(a);
  if (list.length > SHARED_LIMIT) list.length = SHARED_LIMIT;
}
/**
 * Dense fallbacks' storage not in use, by order n. An instance leases one at its dense fallback and
 * holds it (its factors serve the solves) until its next static factorization succeeds, so a lease
 * is never shared; a batch of runs then reuses a few instead of allocating one per run.
 */
const DENSE_POOL = new SizedPool((n) => new CompressedLu(n));
/** Static factorizations of a structure, by all instances of the process together, before its straight-line kernels are generated. */
export const KERNEL_AFTER = 10_000;
/**
 * The factorization kernel comes after this many times KERNEL_AFTER factorizations. Its code is
 * several functions of ~400 statements (PART_STATEMENTS) that V8 takes ~10 times as long to optimise
 * as the solve kernel (measured on human-mg-bone's commonest structure: ~1 s against ~0.1 s of
 * compiler time, under load), for a quarter of the gain (factor ~5 → ~2 µs once per factorization;
 * solve ~1.7 → ~0.3 µs about 8 times per factorization). In a long batch each thread compiled a new
 * pair every few hundred runs, a third of its CPU beside the simulation (bench:batch-profile).
 */
const FACTOR_KERNEL_LATER = 10;

export class SparseLu {
  readonly n: number;
  /** Factorizations by the static sparse path, by the dense fallback, and symbolic analyses. */
  staticFactors = 0;
  denseFactors = 0;
  analyses = 0;

  /** seen[i*n+j] = 1 when J(i, j) was ever nonzero or i = j. */
  private readonly seen: Uint8Array<ArrayBuffer>;
  /** The pattern `seen` by rows (CSR, columns ascending), rebuilt when it grows: the analysis walks it instead of n². */
  private patPtr = new Int32Array(0);
  private patCol = new Int32Array(0);
  private analysed = false;
  private dense: CompressedLu | undefined;
  private useDense = false;
  /** The row order learnt from the last dense factorization, applied at the next factor(). */
  private pendingRowOrder: Int32Array<ArrayBuffer> | undefined;

  /** B = M[rowOrder, colOrder]: row r of B is row rowOrder[r] of M, column c is column colOrder[c]. */
  private rowOrder = new Int32Array(0);
  private colOrder = new Int32Array(0);
  // L + U pattern of B in CSR by rows, and the values
  private rowPtr = new Int32Array(0);
  private colIdx = new Int32Array(0);
  private diagPos = new Int32Array(0);
  private vals = new Float64Array(0);
  /** The pooled buffer behind dinv and w (given back, with seen and the values, by release()). */
  private readonly work: Float64Array<ArrayBuffer>;
  private released = false;
  private readonly dinv: Float64Array;
  private readonly w: Float64Array;
  /** Assembly: vals[asmDst[e]] = beta · J[asmSrc[e]] over J's pattern; M's diagonal i is at vals[mDiag[i]]. */
  private asmSrc = new Int32Array(0);
  private asmDst = new Int32Array(0);
  private mDiag = new Int32Array(0);
  /** Elimination: for the L entry at position p, vals[opDst[o]] -= l · vals[opSrc[o]], o in [opStart[p], opStart[p+1]). */
  private opStart = new Int32Array(0);
  private opDst = new Int32Array(0);
  private opSrc = new Int32Array(0);

  /** Straight-line factor/solve code for the current structure (undefined: the index loops). */
  private kern: Kernels | undefined;
  /** The current shared structure. */
  private cur: Analysis | undefined;
  /** This instance's values per structure of the current pattern (at most ANALYSIS_CACHE). */
  private readonly valsByKey = new Map<Analysis, Float64Array<ArrayBuffer>>();
  /** The current pattern as a string (key of the shared structures). */
  private patKey = '';
  /** The pattern was given by the caller as a structural superset: J is not scanned for new entries. */
  private readonly trusted: boolean;

  /** Largest multiplier accepted for a static pivot: 1 / pivot threshold. */
  private readonly maxMultiplier: number;

  /**
   * `pivotThreshold`: 0.001 (default) for a modified Newton iteration, which corrects what a less
   * exact factorization leaves; a method that uses the solves directly (Rosenbrock) should ask
   * for partial pivoting's usual 0.1.
   *
   * `pattern` (optional): a structural superset of every J's nonzeros, row by row (a model's
   * compiled pattern). It is trusted: J is then scanned only at the first factorization, and an
   * entry outside it that appears later is ignored. Without it the pattern is learnt from the
   * Jacobians seen. `generated` (default true): factor and solve with straight-line code generated
   * for the structure (sparse-kernels.ts) once it has been factored `kernelAfter` times, counted
   * over all instances that share it (default KERNEL_AFTER; 0: at once; kernels already generated
   * are used at once); false: the index loops (the same operations in the
   * same order, the same results bit for bit).
   */
  constructor(n: number, pivotThreshold = 1e-3, pattern?: readonly (readonly number[])[], private readonly generated = true, private readonly kernelAfter = KERNEL_AFTER) {
    this.n = n;
    this.maxMultiplier = 1 / pivotThreshold;
    this.seen = leaseCleared(UINT8_POOL, n * n);
    for (let i = 0; i < n; i++) this.seen[i * n + i] = 1;
    // a structural pattern known in advance (the model compiler's) is the pattern from the start:
    // one analysis instead of one per entry that turns nonzero during the run
    if (pattern) for (let i = 0; i < Math.min(n, pattern.length); i++) for (const j of pattern[i]) if (j >= 0 && j < n) this.seen[i * n + j] = 1;
    this.trusted = pattern !== undefined;
    this.work = leaseCleared(FLOAT64_POOL, 2 * n);
    this.dinv = this.work.subarray(0, n);
    this.w = this.work.subarray(n, 2 * n);
  }

  /** Whether the static path now runs generated straight-line kernels (else the index loops). */
  get kernels(): boolean { return this.kern !== undefined; }

  /** Nonzeros of L + U of the static factorization (n² before the first one). */
  get nnz(): number { return this.analysed ? this.colIdx.length : this.n * this.n; }

  /**
   * Forms M = alpha·I + beta·J from the dense row-major J and factors it. `newJ` says that J was
   * (re)evaluated since the last call (its pattern is then checked for new nonzeros). Returns -1,
   * or, when M is singular, the component (column of M) at which the dense fallback met a zero pivot.
   */
  factor(J: Float64Array, alpha: number, beta: number, newJ: boolean): number {
    if (this.pendingRowOrder) {
      this.rowOrder = this.pendingRowOrder;
      this.pendingRowOrder = undefined;
      this.analyse();
    }
    if (!this.analysed || (newJ && !this.trusted)) this.observe(J);
    if (this.generated && !this.kern?.factor && !this.cur!.tooLarge) {
      const a = this.cur!;
      // counted per shared structure over every instance (every run of the process), so that the
      // structures a batch keeps meeting get kernels and the rare ones stay on the loops; the solve
      // kernel first (cheap to compile, most of the gain), the factorization's later
      const uses = ++a.uses;
      if (uses > this.kernelAfter) {
        if (!a.kern) {
          const s = { n: this.n, ...a };
          if (kernelsFit(s)) a.kern = { solve: solveKernel(s) };
          else a.tooLarge = true;
        }
        if (a.kern && !a.kern.factor && uses > this.kernelAfter * FACTOR_KERNEL_LATER) a.kern.factor = factorKernel({ n: this.n, ...a });
        this.kern = a.kern;
      }
    }
    if (this.factorStatic(J, alpha, beta)) {
      this.useDense = false;
      this.staticFactors++;
      // the dense factors are no longer needed: their storage (~90 KB for n = 67) goes back to the
      // pool for the next fallback of any instance instead of being allocated and zeroed per run
      if (this.dense) { DENSE_POOL.release(this.dense.n, this.dense); this.dense = undefined; }
      return -1;
    }
    return this.factorDense(J, alpha, beta);
  }

  /** Gives the dense fallback's storage back to the pool (the instance is not used afterwards). */
  release(): void {
    if (this.dense) { DENSE_POOL.release(this.dense.n, this.dense); this.dense = undefined; }
    if (this.released) return;
    this.released = true;
    UINT8_POOL.release(this.seen.length, this.seen);
    FLOAT64_POOL.release(this.work.length, this.work);
    this.releaseValues();
  }

  /** Gives every structure's values back to the pool and forgets them. */
  private releaseValues(): void {
    for (const v of this.valsByKey.values()) FLOAT64_POOL.release(v.length, v);
    this.valsByKey.clear();
  }

  /**
   * The first entry k = i·n + j (row-major) of J that is not finite among those the next
   * factorization reads, or -1. Once the pattern is known and trusted (a structural pattern given
   * to the constructor, extended by the first Jacobian's nonzeros) that is J's pattern: a pass over
   * its nnz entries (branch-free: v·0 is NaN exactly when v is ±Infinity or NaN) instead of n²
   * (human-mg-bone: ~400 against 4,489). Before the first factorization, or with a pattern learnt
   * from the Jacobians (a non-finite entry outside it would extend it), every entry.
   */
  nonFiniteEntry(J: Float64Array): number {
    const n = this.n;
    if (this.analysed && this.trusted) {
      const ptr = this.patPtr, col = this.patCol;
      let bad = 0;
      for (let i = 0; i < n; i++) {
        const ri = i * n;
        for (let q = ptr[i], e = ptr[i + 1]; q < e; q++) bad += J[ri + col[q]] * 0;
      }
      if (bad === 0) return -1;
      for (let i = 0; i < n; i++) {
        const ri = i * n;
        for (let q = ptr[i], e = ptr[i + 1]; q < e; q++) if (!Number.isFinite(J[ri + col[q]])) return ri + col[q];
      }
      return -1;
    }
    const nn = n * n;
    for (let k = 0; k < nn; k++) if (!Number.isFinite(J[k])) return k;
    return -1;
  }

  /** Solves M x = b in place with the last factors. */
  solve(b: Float64Array): void {
    const n = this.n, rowOrder = this.rowOrder, colOrder = this.colOrder, w = this.w;
    if (this.useDense) {
      for (let i = 0; i < n; i++) w[i] = b[rowOrder[i]];
      this.dense!.solve(w);
      for (let i = 0; i < n; i++) b[colOrder[i]] = w[i];
      return;
    }
    if (this.kern) { this.kern.solve(b, this.vals, this.dinv); return; }
    // the row gather is folded into the forward and the column scatter into the backward
    // substitution (separate passes over n cost a third of a solve for n = 43, nnz(L+U) = 170)
    const rowPtr = this.rowPtr, colIdx = this.colIdx, diagPos = this.diagPos, vals = this.vals, dinv = this.dinv;
    for (let i = 0; i < n; i++) {
      let s = b[rowOrder[i]];
      for (let p = rowPtr[i], e = diagPos[i]; p < e; p++) s -= vals[p] * w[colIdx[p]];
      w[i] = s;
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = w[i];
      for (let p = diagPos[i] + 1, e = rowPtr[i + 1]; p < e; p++) s -= vals[p] * w[colIdx[p]];
      s *= dinv[i];
      w[i] = s;
      b[colOrder[i]] = s;
    }
  }

  /** Adds the nonzeros of J outside the known pattern; a new analysis when there are any. */
  private observe(J: Float64Array): void {
    const seen = this.seen, nn = this.n * this.n;
    let grew = false;
    for (let k = 0; k < nn; k++) if (J[k] !== 0 && seen[k] === 0) { seen[k] = 1; grew = true; }
    if (!this.analysed || grew) this.indexPattern();
    if (!this.analysed || grew) {
      // a (new) pattern: its fill-reducing order, rows on the diagonal choice
      let order = recall(SHARED_ORDERS, this.patKey);
      if (!order) { order = minimumDegreeOrder(this.n, seen); remember(SHARED_ORDERS, this.patKey, order); }
      this.colOrder = order;
      this.rowOrder = Int32Array.from(order);
      this.analyse();
    }
  }

  private factorStatic(J: Float64Array, alpha: number, beta: number): boolean {
    if (this.kern?.factor) return this.kern.factor(J, alpha, beta, this.vals, this.dinv, this.maxMultiplier);
    const n = this.n, vals = this.vals, dinv = this.dinv;
    const rowPtr = this.rowPtr, colIdx = this.colIdx, diagPos = this.diagPos, mDiag = this.mDiag;
    const asmSrc = this.asmSrc, asmDst = this.asmDst;
    const opStart = this.opStart, opDst = this.opDst, opSrc = this.opSrc;
    const maxMult = this.maxMultiplier;
    vals.fill(0);
    for (let e = 0; e < asmSrc.length; e++) vals[asmDst[e]] = beta * J[asmSrc[e]];
    for (let i = 0; i < n; i++) vals[mDiag[i]] += alpha;
    for (let i = 0; i < n; i++) {
      for (let p = rowPtr[i], e = diagPos[i]; p < e; p++) {
        const l = vals[p] * dinv[colIdx[p]];
        // the threshold test of partial pivoting, on the multiplier (also rejects NaN)
        if (!(Math.abs(l) <= maxMult)) return false;
        vals[p] = l;
        for (let o = opStart[p], oe = opStart[p + 1]; o < oe; o++) vals[opDst[o]] -= l * vals[opSrc[o]];
      }
      const d = vals[diagPos[i]];
      if (d === 0 || !Number.isFinite(d)) return false;
      dinv[i] = 1 / d;
    }
    return true;
  }

  /**
   * Dense LU with partial pivoting of B; its row interchanges become the static path's row order
   * (a new analysis) for the next factorizations.
   */
  private factorDense(J: Float64Array, alpha: number, beta: number): number {
    const n = this.n, rowOrder = this.rowOrder, colOrder = this.colOrder;
    this.dense ??= DENSE_POOL.lease(n);
    const B = this.dense.a;
    for (let r = 0; r < n; r++) {
      const src = rowOrder[r] * n, dst = r * n;
      for (let c = 0; c < n; c++) B[dst + c] = beta * J[src + colOrder[c]];
    }
    for (let i = 0; i < n; i++) {
      // M's diagonal entry (i, i) sits at B's row of i and column of i
      let r = 0, c = 0;
      while (rowOrder[r] !== i) r++;
      while (colOrder[c] !== i) c++;
      B[r * n + c] += alpha;
    }
    this.useDense = true;
    this.denseFactors++;
    const singular = this.dense.factor();
    if (singular >= 0) return colOrder[singular];
    // the pivots partial pivoting chose: apply its interchanges to the row order
    const piv = this.dense.piv;
    const ro = Int32Array.from(rowOrder);
    for (let k = 0; k < n; k++) { const p = piv[k]; if (p !== k) { const t = ro[k]; ro[k] = ro[p]; ro[p] = t; } }
    // solve() permutes b by the row order of this factorization: keep it until the next factor()
    this.pendingRowOrder = ro;
    return -1;
  }

  private indexPattern(): void {
    this.releaseValues(); // a new pattern: earlier structures do not cover it
    const n = this.n, seen = this.seen;
    // counted into scratch first: a pattern met before (every run of a batch) reuses its arrays,
    // which are never written after they are made
    if (PATTERN_SCRATCH.length < n + 1) PATTERN_SCRATCH = new Int32Array(2 * (n + 1));
    const sp = PATTERN_SCRATCH;
    sp[0] = 0;
    for (let i = 0; i < n; i++) {
      let c = 0;
      for (let j = 0; j < n; j++) c += seen[i * n + j];
      sp[i + 1] = sp[i] + c;
    }
    const known = PATTERN_KEYS.find((e) => sameInts(e.ptr, sp, n + 1) && sameMask(e.col, e.ptr, seen, n));
    if (known) { this.patPtr = known.ptr; this.patCol = known.col; this.patKey = known.key; return; }
    const ptr = sp.slice(0, n + 1);
    const col = new Int32Array(ptr[n]);
    for (let i = 0, k = 0; i < n; i++) for (let j = 0; j < n; j++) if (seen[i * n + j]) col[k++] = j;
    this.patPtr = ptr;
    this.patCol = col;
    this.patKey = `${n}:${ptr.join(',')}:${col.join(',')}`;
    if (PATTERN_KEYS.length >= PATTERN_KEYS_LIMIT) PATTERN_KEYS.pop();
    PATTERN_KEYS.unshift({ ptr, col, key: this.patKey });
  }

  /**
   * Ordering-dependent structure for the current pattern, rowOrder and colOrder. Structures are
   * shared by every SparseLu of the process (a model's runs reuse the symbolic analysis and the
   * generated kernels); each instance keeps its own values per structure. A run whose step size
   * swings (tiny after every dose, large between doses) makes partial pivoting alternate between two
   * row orders: switching back is then a lookup. `analyses` counts the structures this instance set
   * up (computed or shared).
   */
  private analyse(): void {
    const hash = orderHash(this.rowOrder, this.colOrder);
    let a = findAnalysis(this.patKey, this.rowOrder, this.colOrder, hash);
    if (!a) {
      a = this.analyseNew(hash);
      rememberAnalysis(this.patKey, a);
    }
    this.cur = a;
    ({ rowPtr: this.rowPtr, colIdx: this.colIdx, diagPos: this.diagPos, asmSrc: this.asmSrc, asmDst: this.asmDst,
      mDiag: this.mDiag, opStart: this.opStart, opDst: this.opDst, opSrc: this.opSrc } = a);
    this.kern = this.generated ? a.kern : undefined;
    let vals = this.valsByKey.get(a);
    if (!vals) {
      vals = leaseCleared(FLOAT64_POOL, a.colIdx.length);
      this.analyses++;
      if (this.valsByKey.size >= ANALYSIS_CACHE) {
        const [oldest, v] = this.valsByKey.entries().next().value!;
        this.valsByKey.delete(oldest);
        FLOAT64_POOL.release(v.length, v);
      }
      this.valsByKey.set(a, vals);
    }
    this.vals = vals;
    this.analysed = true;
  }

  private analyseNew(hash: number): Analysis {
    const n = this.n, rowOrder = this.rowOrder, colOrder = this.colOrder;
    const patPtr = this.patPtr, patCol = this.patCol;
    const colPos = new Int32Array(n);
    for (let c = 0; c < n; c++) colPos[colOrder[c]] = c;

    // symbolic LU with diagonal pivots of B, row by row: row i's pattern is its own (and the
    // diagonal) plus, for each k < i in it (ascending), the U part of row k
    const rows: number[][] = [];
    const mark = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      mark.fill(0);
      const oi = rowOrder[i];
      for (let p = patPtr[oi]; p < patPtr[oi + 1]; p++) mark[colPos[patCol[p]]] = 1;
      mark[i] = 1;
      for (let k = 0; k < i; k++) {
        if (!mark[k]) continue;
        for (const j of rows[k]) if (j > k) mark[j] = 1;
      }
      const r: number[] = [];
      for (let j = 0; j < n; j++) if (mark[j]) r.push(j);
      rows.push(r);
    }
    const rowPtr = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) rowPtr[i + 1] = rowPtr[i] + rows[i].length;
    const nnz = rowPtr[n];
    const colIdx = new Int32Array(nnz), diagPos = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      rows[i].forEach((j, q) => { colIdx[rowPtr[i] + q] = j; if (j === i) diagPos[i] = rowPtr[i] + q; });
    }
    // assembly map of M's pattern into B's values
    const src: number[] = [], dst: number[] = [];
    const mDiag = new Int32Array(n);
    const pos = new Int32Array(n).fill(-1);
    for (let i = 0; i < n; i++) {
      for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) pos[colIdx[p]] = p;
      const oi = rowOrder[i];
      for (let p = patPtr[oi]; p < patPtr[oi + 1]; p++) {
        const j = patCol[p];
        src.push(oi * n + j);
        dst.push(pos[colPos[j]]);
      }
      mDiag[oi] = pos[colPos[oi]];
      for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) pos[colIdx[p]] = -1;
    }
    // elimination operations: row i, L entry (i, k): (i, j) -= l · (k, j) over the U part of row k
    const opStart = new Int32Array(nnz + 1);
    const od: number[] = [], os: number[] = [];
    for (let i = 0; i < n; i++) {
      for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) pos[colIdx[p]] = p;
      for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
        opStart[p] = od.length;
        const k = colIdx[p];
        if (k >= i) continue;
        for (let s = diagPos[k] + 1; s < rowPtr[k + 1]; s++) { od.push(pos[colIdx[s]]); os.push(s); }
      }
      for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) pos[colIdx[p]] = -1;
    }
    opStart[nnz] = od.length;

    return {
      rowPtr, colIdx, diagPos, asmSrc: Int32Array.from(src), asmDst: Int32Array.from(dst), mDiag,
      opStart, opDst: Int32Array.from(od), opSrc: Int32Array.from(os), kern: undefined, uses: 0, tooLarge: false,
      rowOrder: Int32Array.from(rowOrder), colOrder: Int32Array.from(colOrder), hash,
    };
  }
}

/**
 * Minimum-degree ordering of the graph of pattern ∪ patternᵀ (row-major n×n 0/1): repeatedly
 * eliminates a node of smallest degree (lowest index on ties) and joins its neighbours. The degrees
 * (neighbours not yet eliminated) are kept up to date as nodes go and edges are added, so a step
 * costs O(n) plus the new edges. Run once per pattern. Returns the order (position → index).
 */
function minimumDegreeOrder(n: number, pattern: Uint8Array): Int32Array<ArrayBuffer> {
  const adj = new Uint8Array(n * n);
  const deg = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i !== j && (pattern[i * n + j] || pattern[j * n + i])) { adj[i * n + j] = 1; deg[i]++; }
    }
  }
  const done = new Uint8Array(n);
  const order = new Int32Array(n);
  const nb: number[] = [];
  for (let step = 0; step < n; step++) {
    let best = -1, bestDeg = Infinity;
    for (let v = 0; v < n; v++) if (!done[v] && deg[v] < bestDeg) { bestDeg = deg[v]; best = v; }
    order[step] = best;
    done[best] = 1;
    nb.length = 0;
    for (let u = 0; u < n; u++) if (adj[best * n + u] && !done[u]) { nb.push(u); deg[u]--; }
    for (const a of nb) {
      for (const b of nb) if (a !== b && !adj[a * n + b]) { adj[a * n + b] = 1; deg[a]++; }
    }
  }
  return order;
}
