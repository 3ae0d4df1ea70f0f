/**
 * Coefficients of the 8-stage, stiffly accurate, L-stable Rosenbrock methods of order 5(4):
 *
 *  - RODAS5: G. Di Marzo, "RODAS5(4) – Méthodes de Rosenbrock d'ordre 5(4) adaptées aux problèmes
 *    différentiels-algébriques", MSc thesis, Univ. Genève, 1993; the method of Hairer & Wanner's
 *    RODAS family (Solving ODEs II, Sect. VI.4).
 *  - RODAS5P: G. Steinebach, "Construction of Rosenbrock–Wanner method Rodas5P and numerical
 *    benchmarks within the Julia Differential Equations package", BIT Numer. Math. 63:27 (2023).
 *
 * The numbers (including the dense-output rows H, which for RODAS5 are Steinebach's improved ones)
 * are as tabulated in SciML OrdinaryDiffEq.jl, lib/OrdinaryDiffEqRosenbrockTableaus
 * (`RODAS5A`, `RODAS5C`, ..., `RODAS5PH`); `rodas5-tableau.test.ts` checks them against the
 * Rosenbrock order conditions.
 *
 * Form (Hairer & Wanner II, eq. IV.7.25, the "transformed" form that needs no matrix-vector
 * products with J): with W = I/(h*gamma) - J, for i = 1..s
 *
 *   W k_i = f(t + c_i h, y0 + sum_{j<i} A_ij k_j) + sum_{j<i} (C_ij / h) k_j + h d_i df/dt,
 *   y1 = y0 + sum_i b_i k_i,   error estimate = sum_i btilde_i k_i,
 *   y(t + theta h) = (1-theta) y0 + theta (y1 + (1-theta)(D1 + theta (D2 + theta D3))),
 *   D_r = sum_i H_ri k_i.
 *
 * Both methods are stiffly accurate: row s of A plus k_s gives y1 (b = [A_s,1..s-1, 1]), and the
 * embedded 4th-order solution is the last stage's input, so the error estimate is k_s alone.
 * Relation to the classical coefficients (alpha_ij, gamma_ij, b_i of HW (7.4)):
 * Gamma^-1 = diag(1/gamma) - C, alpha = A Gamma, b_classical = b Gamma, d = row sums of Gamma.
 */

export interface RosenbrockTableau {
  readonly name: string;
  /** Order of y1 and of the embedded solution. */
  readonly order: number;
  readonly embeddedOrder: number;
  readonly stages: number;
  /** The diagonal of Gamma (the same for every stage). */
  readonly gamma: number;
  /** Stage input coefficients, strictly lower triangular, s×s. */
  readonly A: readonly (readonly number[])[];
  /** Stage coupling coefficients (divided by h at use), strictly lower triangular, s×s. */
  readonly C: readonly (readonly number[])[];
  /** Stage times (fractions of h). */
  readonly c: readonly number[];
  /** Coefficients of h * df/dt (the row sums of Gamma). */
  readonly d: readonly number[];
  /** Solution weights on the stage vectors k_i. */
  readonly b: readonly number[];
  /** Error-estimate weights (y1 minus the embedded solution). */
  readonly btilde: readonly number[];
  /** Dense-output rows D_r = sum_i H[r][i] k_i (3 rows). */
  readonly H: readonly (readonly number[])[];
}

const RODAS5_A_LAST = [-14.09640773051259, 6.925207756232704, -41.47510893210728, 2.343771018586405, 24.13215229196062];

export const RODAS5: RosenbrockTableau = {
  name: 'rodas5',
  order: 5,
  embeddedOrder: 4,
  stages: 8,
  gamma: 0.19,
  A: [
    [0, 0, 0, 0, 0, 0, 0, 0],
    [2.0, 0, 0, 0, 0, 0, 0, 0],
    [3.040894194418781, 1.041747909077569, 0, 0, 0, 0, 0, 0],
    [2.576417536461461, 1.62208306077664, -0.9089668560264532, 0, 0, 0, 0, 0],
    [2.760842080225597, 1.446624659844071, -0.3036980084553738, 0.2877498600325443, 0, 0, 0, 0],
    [...RODAS5_A_LAST, 0, 0, 0],
    [...RODAS5_A_LAST, 1, 0, 0],
    [...RODAS5_A_LAST, 1, 1, 0],
  ],
  C: [
    [0, 0, 0, 0, 0, 0, 0, 0],
    [-10.31323885133993, 0, 0, 0, 0, 0, 0, 0],
    [-21.04823117650003, -7.234992135176716, 0, 0, 0, 0, 0, 0],
    [32.22751541853323, -4.943732386540191, 19.44922031041879, 0, 0, 0, 0, 0],
    [-20.69865579590063, -8.816374604402768, 1.260436877740897, -0.7495647613787146, 0, 0, 0, 0],
    [-46.22004352711257, -17.49534862857472, -289.6389582892057, 93.60855400400906, 318.3822534212147, 0, 0, 0],
    [34.20013733472935, -14.1553540271769, 57.823356409884, 25.83362985412365, 1.408950972071624, -6.551835421242162, 0, 0],
    [42.57076742291101, -13.80770672017997, 93.98938432427124, 18.77919633714503, -31.5835918722337, -6.685968952921985, -5.810979938412932, 0],
  ],
  c: [0, 0.38, 0.3878509998321533, 0.483971893787384, 0.457047700881958, 1, 1, 1],
  d: [0.19, -0.1823079225333714636, -0.319231832186874912, 0.3449828624725343, -0.377417564392089818, 0, 0, 0],
  b: [...RODAS5_A_LAST, 1, 1, 1],
  btilde: [0, 0, 0, 0, 0, 0, 0, 1],
  H: [
    [27.354592673333357, -6.925207756232857, 26.40037733258859, 0.5635230501052979, -4.699151156849391, -1.6008677469422725, -1.5306074446748028, -1.3929872940716344],
    [44.19024239501722, 1.3677947663381929e-13, 202.93261852171622, -35.5669339789154, -181.91095152160645, 3.4116351403665033, 2.5793540257308067, 2.2435122582734066],
    [-44.0988150021747, -5.755396159656812e-13, -181.26175034586677, 56.99302194811676, 183.21182741427398, -7.480257918273637, -5.792426076169686, -5.32503859794143],
  ],
};

const RODAS5P_A_LAST = [-7.502846399306121, 2.561846144803919, -11.627539656261098, -0.18268767659942256, 0.030198172008377946];

export const RODAS5P: RosenbrockTableau = {
  name: 'rodas5p',
  order: 5,
  embeddedOrder: 4,
  stages: 8,
  gamma: 0.21193756319429014,
  A: [
    [0, 0, 0, 0, 0, 0, 0, 0],
    [3.0, 0, 0, 0, 0, 0, 0, 0],
    [2.849394379747939, 0.45842242204463923, 0, 0, 0, 0, 0, 0],
    [-6.954028509809101, 2.489845061869568, -10.358996098473584, 0, 0, 0, 0, 0],
    [2.8029986275628964, 0.5072464736228206, -0.3988312541770524, -0.04721187230404641, 0, 0, 0, 0],
    [...RODAS5P_A_LAST, 0, 0, 0],
    [...RODAS5P_A_LAST, 1, 0, 0],
    [...RODAS5P_A_LAST, 1, 1, 0],
  ],
  C: [
    [0, 0, 0, 0, 0, 0, 0, 0],
    [-14.155112264123755, 0, 0, 0, 0, 0, 0, 0],
    [-17.97296035885952, -2.859693295451294, 0, 0, 0, 0, 0, 0],
    [147.12150275711716, -1.41221402718213, 71.68940251302358, 0, 0, 0, 0, 0],
    [165.43517024871676, -0.4592823456491126, 42.90938336958603, -5.961986721573306, 0, 0, 0, 0],
    [24.854864614690072, -3.0009227002832186, 47.4931110020768, 5.5814197821558125, -0.6610691825249471, 0, 0, 0],
    [30.91273214028599, -3.1208243349937974, 77.79954646070892, 34.28646028294783, -19.097331116725623, -28.087943162872662, 0, 0],
    [37.80277123390563, -3.2571969029072276, 112.26918849496327, 66.9347231244047, -40.06618937091002, -54.66780262877968, -9.48861652309627, 0],
  ],
  c: [0, 0.6358126895828704, 0.4095798393397535, 0.9769306725060716, 0.4288403609558664, 1, 1, 1],
  d: [0.21193756319429014, -0.42387512638858027, -0.3384627126235924, 1.8046452872882734, 2.325825639765069, 0, 0, 0],
  b: [...RODAS5P_A_LAST, 1, 1, 1],
  btilde: [0, 0, 0, 0, 0, 0, 0, 1],
  H: [
    [25.948786856663858, -2.5579724845846235, 10.433815404888879, -2.3679251022685204, 0.524948541321073, 1.1241088310450404, 0.4272876194431874, -0.17202221070155493],
    [-9.91568850695171, -0.9689944594115154, 3.0438037242978453, -24.495224566215796, 20.176138334709044, 15.98066361424651, -6.789040303419874, -6.710236069923372],
    [11.419903575922262, 2.8879645146136994, 72.92137995996029, 80.12511834622643, -52.072871366152654, -59.78993625266729, -0.15582684282751913, 4.883087185713722],
  ],
};
