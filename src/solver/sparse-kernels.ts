/**
 * Straight-line code for one sparse LU structure (fixed pattern, row and column order): the numeric
 * factorization and the triangular solves of SparseLu written out entry by entry, as generated
 * JavaScript, so that a factorization or a solve is a run of loads and multiply-subtracts with no
 * index arrays, no inner loops and no branches (the threshold-pivoting test aside).
 *
 * For OpenBoneMin (n = 43, nnz(L+U) ≈ 180) a solve takes ~0.6 µs as index loops (short, variable
 * inner loops mispredict) and about a third of that as straight-line code. The operations and
 * their order are exactly those of the loop version, so the results are bit for bit the same.
 *
 * SparseLu keeps the kernels with its shared symbolic analyses, so every run of the same model and
 * ordering reuses the compiled, JIT-optimised functions. Structures beyond MAX_OPS operations stay
 * with the loops (code size grows with the fill).
 */

export type FactorKernel = (J: Float64Array, alpha: number, beta: number, v: Float64Array, d: Float64Array, maxMult: number) => boolean;
export type SolveKernel = (b: Float64Array, v: Float64Array, d: Float64Array) => void;

/** A structure's kernels: the solve's, and the factorization's once it has earned it (SparseLu). */
export interface Kernels { factor?: FactorKernel; solve: SolveKernel }

export interface LuStructure {
  n: number;
  rowOrder: Int32Array; colOrder: Int32Array;
  rowPtr: Int32Array; colIdx: Int32Array; diagPos: Int32Array;
  asmSrc: Int32Array; asmDst: Int32Array; mDiag: Int32Array;
  opStart: Int32Array; opDst: Int32Array; opSrc: Int32Array;
}

/** Largest structure written out: multiply-subtracts of the factorization plus nonzeros. */
const MAX_OPS = 20000;
/** Largest order written out (the solve keeps one local per unknown). */
const MAX_N = 2000;
/** Whether a structure is small enough to be written out (MAX_OPS, MAX_N); callers check it before factorKernel/solveKernel. */
export function kernelsFit(s: LuStructure): boolean {
  return s.opDst.length + s.colIdx.length <= MAX_OPS && s.n <= MAX_N;
}

/**
 * Statements per generated function of a factorization. V8 optimises no function whose bytecode
 * exceeds 60 KB (--max-optimized-bytecode-size): a larger kernel runs unoptimised for good, at
 * tens of times the loops' cost (human-mg-bone, 67 states, 874 multiply-subtracts: 50 µs per
 * factorization against 5-10 µs for the loops and 1.4 µs optimised). So the factorization is cut,
 * at the boundaries between pivots' multipliers, into parts of about this many statements, each
 * small enough to be optimised, called in turn.
 */
const PART_STATEMENTS = 400;

/**
 * factor(J, alpha, beta, v, d, maxMult): v = B's values (L multipliers and U), d = 1/diagonal.
 * Returns false where the loop version does (a multiplier beyond maxMult, NaN, or a zero pivot).
 * The same statements in the same order as one function would run, cut into parts (PART_STATEMENTS).
 */
/** The factorization written out for a structure (callers check kernelsFit). */
export function factorKernel(s: LuStructure): FactorKernel {
  const { n, rowPtr, colIdx, diagPos, asmSrc, asmDst, mDiag, opStart, opDst, opSrc } = s;
  const nnz = colIdx.length;
  const parts: string[][] = [[]];
  let lines = parts[0];
  /** Starts a new part when the current one is full; called only where no local is live. */
  const cut = (): void => { if (lines.length >= PART_STATEMENTS) { lines = []; parts.push(lines); } };
  const assigned = new Map<number, number>();
  for (let e = 0; e < asmSrc.length; e++) assigned.set(asmDst[e], asmSrc[e]);
  for (let p = 0; p < nnz; p++) {
    const src = assigned.get(p);
    lines.push(src === undefined ? `v[${p}] = 0;` : `v[${p}] = beta * J[${src}];`);
    cut();
  }
  for (let i = 0; i < n; i++) lines.push(`v[${mDiag[i]}] += alpha;`);
  for (let i = 0; i < n; i++) {
    for (let p = rowPtr[i]; p < diagPos[i]; p++) {
      cut();
      lines.push(`l = v[${p}] * d[${colIdx[p]}];`);
      lines.push('if (!(abs(l) <= maxMult)) return false;');
      lines.push(`v[${p}] = l;`);
      for (let o = opStart[p]; o < opStart[p + 1]; o++) lines.push(`v[${opDst[o]}] -= l * v[${opSrc[o]}];`);
    }
    lines.push(`x = v[${diagPos[i]}];`);
    lines.push('if (x === 0 || !(x - x === 0)) return false;');
    lines.push(`d[${i}] = 1 / x;`);
  }
  const fns = parts.map((body, k) => `function luFactor${k}(J, alpha, beta, v, d, maxMult) {\n  let l = 0, x = 0;\n  ${body.join('\n  ')}\n  return true;\n}`);
  const call = parts.map((_b, k) => `luFactor${k}(J, alpha, beta, v, d, maxMult)`).join(' &&\n    ');
  const src = `"use strict";\nconst abs = Math.abs;\n${fns.join('\n')}\nreturn function luFactor(J, alpha, beta, v, d, maxMult) {\n  return ${call};\n};`;
  return new Function(src)() as FactorKernel;
}

/** solve(b, v, d): b := M⁻¹ b, row gather and column scatter folded in, as the loop version. */
/** The triangular solves written out for a structure (callers check kernelsFit). */
export function solveKernel(s: LuStructure): SolveKernel {
  const { n, rowOrder, colOrder, rowPtr, colIdx, diagPos } = s;
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    let e = `b[${rowOrder[i]}]`;
    for (let p = rowPtr[i]; p < diagPos[i]; p++) e += ` - v[${p}] * w${colIdx[p]}`;
    lines.push(`let w${i} = ${e};`);
  }
  for (let i = n - 1; i >= 0; i--) {
    let e = `w${i}`;
    for (let p = diagPos[i] + 1; p < rowPtr[i + 1]; p++) e += ` - v[${p}] * w${colIdx[p]}`;
    lines.push(`w${i} = (${e}) * d[${i}];`);
    lines.push(`b[${colOrder[i]}] = w${i};`);
  }
  const src = `"use strict";\nreturn function luSolve(b, v, d) {\n  ${lines.join('\n  ')}\n};`;
  return new Function(src)() as SolveKernel;
}
