/**
 * Order conditions of Runge–Kutta and Rosenbrock methods via rooted trees (Butcher; Hairer,
 * Nørsett & Wanner I, Sect. II.2, and Hairer & Wanner II, Sect. IV.7), used by the tableau tests.
 *
 * For a tree t with subtrees t_1..t_m the elementary weight at stage i is
 *   m = 0: 1;   m = 1: sum_j S_ij Phi_j(t_1);   m >= 2: prod_k sum_j M_ij Phi_j(t_k),
 * and a method has order p when sum_i b_i Phi_i(t) = 1/gamma(t) for every tree with |t| <= p.
 * Explicit RK: S = M = A. Rosenbrock (classical form): M = alpha, S = alpha + Gamma including the
 * diagonal, because the Jacobian term J * sum_j gamma_ij k_j only contributes where f' acts on one
 * argument.
 */

export interface Tree {
  readonly children: readonly Tree[];
  readonly order: number;
  /** Butcher's density gamma(t) = |t| * prod gamma(children). */
  readonly density: number;
  readonly key: string;
}

function makeTree(children: Tree[]): Tree {
  const sorted = [...children].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const order = 1 + sorted.reduce((s, c) => s + c.order, 0);
  const density = order * sorted.reduce((p, c) => p * c.density, 1);
  return { children: sorted, order, density, key: `[${sorted.map((c) => c.key).join(',')}]` };
}

/** All rooted trees with order 1..maxOrder (1, 1, 2, 4, 9, 20 of each order). */
export function rootedTrees(maxOrder: number): Tree[][] {
  const byOrder: Tree[][] = [[], [makeTree([])]];
  for (let n = 2; n <= maxOrder; n++) {
    const seen = new Map<string, Tree>();
    // attach one more subtree of any order to a tree of order n - k: generates all trees of order n
    for (let k = 1; k < n; k++) {
      for (const base of byOrder[n - k]) {
        for (const sub of byOrder[k]) {
          const t = makeTree([...base.children, sub]);
          seen.set(t.key, t);
        }
      }
    }
    byOrder.push([...seen.values()]);
  }
  return byOrder;
}

export type Matrix = readonly (readonly number[])[];

/** Phi_i(t) for every stage i. */
export function elementaryWeights(t: Tree, S: Matrix, M: Matrix): number[] {
  const s = S.length;
  if (t.children.length === 0) return new Array<number>(s).fill(1);
  if (t.children.length === 1) {
    const phi = elementaryWeights(t.children[0], S, M);
    return S.map((row) => row.reduce((acc, v, j) => acc + v * phi[j], 0));
  }
  const out = new Array<number>(s).fill(1);
  for (const c of t.children) {
    const phi = elementaryWeights(c, S, M);
    for (let i = 0; i < s; i++) out[i] *= M[i].reduce((acc, v, j) => acc + v * phi[j], 0);
  }
  return out;
}

/** Largest residual |sum b_i Phi_i(t) - theta^|t| / gamma(t)| over trees of exactly this order. */
export function orderResidual(trees: readonly Tree[], b: readonly number[], S: Matrix, M: Matrix, theta = 1): number {
  let worst = 0;
  for (const t of trees) {
    const phi = elementaryWeights(t, S, M);
    const lhs = b.reduce((acc, v, i) => acc + v * phi[i], 0);
    worst = Math.max(worst, Math.abs(lhs - Math.pow(theta, t.order) / t.density));
  }
  return worst;
}

export function matMul(a: Matrix, b: Matrix): number[][] {
  return a.map((row) => b[0].map((_, j) => row.reduce((acc, v, k) => acc + v * b[k][j], 0)));
}

export function vecMat(v: readonly number[], m: Matrix): number[] {
  return m[0].map((_, j) => v.reduce((acc, x, k) => acc + x * m[k][j], 0));
}

/** Inverse of a lower-triangular matrix by forward substitution. */
export function invLower(l: Matrix): number[][] {
  const n = l.length;
  const inv = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let col = 0; col < n; col++) {
    for (let i = 0; i < n; i++) {
      let s = i === col ? 1 : 0;
      for (let k = 0; k < i; k++) s -= l[i][k] * inv[k][col];
      inv[i][col] = s / l[i][i];
    }
  }
  return inv;
}
