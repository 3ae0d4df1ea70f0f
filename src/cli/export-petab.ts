/**
 * `magbone export petab <model> --out <dir> [--studies SEL …] [--params a,b] [--model-error EPS]`:
 * a model and a selection of the study library as a PEtab v1 problem (docs/petab.md, "Export").
 *
 * SEL is `split:training` (default), `split:test`, `split:all`, a comma-separated list of study
 * ids, or a study file or folder. The estimated parameters are the model's shipped calibration's
 * (calibration/fit.json: names and bounds) unless `--params` names them.
 *
 * Exit codes: 0 written; 1 the written problem does not read back (an internal error, nothing
 * kept); 2 bad input — every problem at once (unknown model, unknown study ids, bad flags, study
 * files that do not check, a selection with nothing to export), nothing written. The folder is
 * built next to `--out` and renamed into place at the end, so a failure leaves no half-written folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { helpText, type FlagSpec, HELP_FLAG } from './args.js';
import { openCommand, badInput, type CommandIo } from './command.js';
import {
  didYouMean, modelIds, findModel, getModel, exportPetab, InputError, formatIssues, StudyError, formatStudyIssue,
  PetabError, formatPetabIssue, petabModel, type Study, type PetabExport,
} from '../index.js';
import { loadStudies, packageRoot, readPetabProblem, calibrationDir } from '../node.js';

const FLAGS: Record<string, FlagSpec> = {
  model: { type: 'string', value: 'ID', help: 'the model (instead of the positional <model>)' },
  studies: { type: 'string', multiple: true, value: 'SEL', help: 'split:training (default), split:test, split:all, study ids a,b,c, or a study file or folder (repeatable)' },
  params: { type: 'string', value: 'A,B', help: 'estimated parameters (default: those of the model\'s shipped calibration, with its bounds and its Gaussian priors)' },
  'model-error': { type: 'number', value: 'EPS', help: 'model discrepancy, a relative SD (default 0; a study\'s own modelError wins)' },
  out: { type: 'string', value: 'DIR', help: 'the folder to write (required; replaced if it holds an earlier export)' },
  help: HELP_FLAG,
};

export const PETAB_EXPORT_USAGE = 'magbone export petab <model> --out DIR [--studies split:training|ids|path …] [--params A,B] [--model-error EPS]';

const HELP = helpText(PETAB_EXPORT_USAGE,
  'Writes a model and a selection of the study library as a PEtab v1 problem for AMICI/pyPESTO, PEtab.jl or\n'
  + '`magbone petab`: problem.yaml, model.xml (SBML L3V2), conditions.tsv, observables.tsv, measurements.tsv,\n'
  + 'parameters.tsv and report.md (what was exported, and every measurement declined with its reason: qualitative\n'
  + 'facts, boluses after t = 0). Arms that start after another run as one condition; a comparison with another\n'
  + 'arm runs both in one condition (a second copy of the model).\n'
  + 'The problem\'s chi2 is the evidence engine\'s Σ r² for the exported measurements. See docs/petab.md.',
  FLAGS, [
    'magbone export petab human-mg-bone --out petab-human',
    'magbone export petab human-mg-bone --studies fatemi1991,guthrie1998 --params V_lz,K_block --out petab-small',
  ]);

const FILES = ['problem.yaml', 'model.xml', 'conditions.tsv', 'observables.tsv', 'measurements.tsv', 'parameters.tsv', 'report.md'];

export async function runExportPetab(argv: readonly string[], io: CommandIo): Promise<number> {
  const opened = openCommand(argv, FLAGS, HELP, io);
  if (opened === 0) return 0;
  const { args, problems } = opened;
  const given = args.flags.model as string | undefined;
  if (given !== undefined && args.positional.length) problems.push(`give the model once (positional "${args.positional[0]}" and --model "${given}")`);
  if (args.positional.length > 1) problems.push(`one model, got ${args.positional.length}: ${args.positional.join(' ')}`);
  const modelId = given ?? args.positional[0];
  if (modelId === undefined) problems.push('a model is required: magbone export petab <model> --out DIR');
  else if (!findModel(modelId)) problems.push(`unknown model "${modelId}"${didYouMean(modelId, modelIds())}; models: ${modelIds().join(', ')}`);
  const out = args.flags.out as string | undefined;
  if (!out) problems.push('--out DIR is required');
  else if (fs.existsSync(out)) {
    const st = fs.statSync(out);
    if (!st.isDirectory()) problems.push(`--out ${out}: exists and is not a folder`);
    else {
      const other = fs.readdirSync(out).filter((f) => !FILES.includes(f));
      if (other.length) problems.push(`--out ${out}: a folder with files that are not an earlier export (${other.slice(0, 5).join(', ')}${other.length > 5 ? ', …' : ''}); choose another`);
    }
  }
  const modelError = args.flags['model-error'] as number | undefined;
  if (modelError !== undefined && !(modelError >= 0 && Number.isFinite(modelError))) problems.push(`--model-error: ${modelError} must be a relative SD ≥ 0`);

  // the study selection
  const sels = (args.flags.studies as string[] | undefined) ?? ['split:training'];
  const refs: string[] = [];
  const ids: string[] = [];
  let split: string | undefined;
  for (const s of sels) {
    if (s.startsWith('split:')) {
      const v = s.slice(6);
      if (!['training', 'test', 'all'].includes(v)) problems.push(`--studies ${s}: the split must be training, test or all`);
      else if (split !== undefined && split !== v) problems.push(`--studies: two splits (${split}, ${v})`);
      else split = v;
    } else if (fs.existsSync(s)) refs.push(s);
    else ids.push(...s.split(',').map((x) => x.trim()).filter((x) => x));
  }
  let studies: Study[] = [];
  // the selection is checked even when the model is unknown (against the whole library), so that every problem is listed at once
  const known = modelId !== undefined && findModel(modelId) !== undefined;
  try {
    const filter = known ? { model: modelId } : {};
    const library = refs.length && !ids.length && split === undefined ? [] : loadStudies([path.join(packageRoot(), 'studies')], filter);
    const fromFiles = refs.length ? loadStudies(refs, filter) : [];
    const byId = new Map(library.map((s) => [s.id, s]));
    for (const id of ids) {
      if (!byId.has(id)) problems.push(`--studies: unknown study "${id}"${didYouMean(id, [...byId.keys()])} (studies${known ? ` of ${modelId}` : ''}: ${[...byId.keys()].join(', ')})`);
    }
    const picked = new Map<string, Study>();
    for (const s of fromFiles) picked.set(s.id, s);
    for (const id of ids) { const s = byId.get(id); if (s) picked.set(id, s); }
    if (split !== undefined || (!refs.length && !ids.length)) for (const s of library) if ((split ?? 'training') === 'all' || s.split === (split ?? 'training')) picked.set(s.id, s);
    studies = [...picked.values()];
    if (known && !problems.length && studies.length === 0) problems.push(`--studies: no study of ${modelId} selected`);
  } catch (e) {
    if (e instanceof StudyError) problems.push(...e.studyIssues.map(formatStudyIssue)); else throw e;
  }

  // the estimated parameters: --params, or the shipped calibration's (with its bounds)
  let params: string[] = [];
  let bounds: Record<string, [number, number]> | undefined;
  let priors: Record<string, { median: number; sdLog: number }> | undefined;
  const paramFlag = args.flags.params as string | undefined;
  if (paramFlag !== undefined) {
    params = paramFlag.split(',').map((x) => x.trim()).filter((x) => x);
    if (!params.length) problems.push('--params: give parameter names, e.g. --params V_lz,K_block');
  } else if (modelId !== undefined && findModel(modelId)) {
    const fitFile = path.join(calibrationDir(modelId), 'fit.json');
    let fit: { params?: unknown; bounds?: { lower?: unknown; upper?: unknown }; priors?: Record<string, { median: number; sdLog: number }> } | undefined;
    try { fit = JSON.parse(fs.readFileSync(fitFile, 'utf8')); } catch { fit = undefined; }
    const lower = fit?.bounds?.lower, upper = fit?.bounds?.upper;
    if (!fit || !Array.isArray(fit.params) || !Array.isArray(lower) || !Array.isArray(upper)) problems.push(`--params is required: ${modelId} has no shipped calibration (calibration/fit.json) to take the estimated parameters from`);
    else {
      params = fit.params as string[];
      bounds = Object.fromEntries(params.map((p, k) => [p, [lower[k] as number, upper[k] as number]]));
      // the calibration's Gaussian priors on ln p go with it (objectivePriorType parameterScaleNormal)
      if (fit.priors && typeof fit.priors === 'object') priors = Object.fromEntries(Object.entries(fit.priors).filter(([p]) => params.includes(p)));
    }
  }
  if (problems.length) return badInput(io, problems);

  let ex: PetabExport;
  try {
    ex = exportPetab(getModel(modelId!), studies, { params, ...(bounds ? { bounds } : {}), ...(priors ? { priors } : {}), ...(modelError !== undefined ? { modelError } : {}) });
  } catch (e) {
    if (e instanceof InputError) return badInput(io, formatIssues(e.issues).split('\n'));
    throw e;
  }

  // write into a fresh folder next to --out, check that it reads back, then move it into place
  const target = path.resolve(out!);
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  const cleanup = (dir: string): void => { try { fs.rmSync(dir, { recursive: true, force: true }); } catch { /* gone */ } };
  try {
    fs.mkdirSync(tmp, { recursive: true });
    for (const [f, text] of Object.entries(ex.files)) fs.writeFileSync(path.join(tmp, f), text);
  } catch (e) {
    cleanup(tmp);
    return badInput(io, [`--out ${out}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`]);
  }
  try {
    petabModel(readPetabProblem(path.join(tmp, 'problem.yaml')));
  } catch (e) {
    cleanup(tmp);
    const lines = e instanceof PetabError ? e.petabIssues.map(formatPetabIssue) : [(e as Error).message];
    io.err.write(`error: internal: the exported problem does not read back:\n${lines.join('\n')}\n`);
    return 1;
  }
  try {
    if (fs.existsSync(target)) {
      // an earlier export (only our files, checked above): swap the folders, then remove the old one
      const old = `${tmp}.old`;
      fs.renameSync(target, old);
      fs.renameSync(tmp, target);
      for (const f of FILES) { try { fs.unlinkSync(path.join(old, f)); } catch { /* absent */ } }
      fs.rmdirSync(old);
    } else fs.renameSync(tmp, target);
  } catch (e) {
    cleanup(tmp);
    io.err.write(`error: --out ${out}: cannot move the export into place (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})\n`);
    return 1;
  }
  const conditions = new Set(ex.exported.map((r) => r.conditionId)).size;
  io.out.write(`${out}: PEtab v1 problem of ${modelId}: ${ex.exported.length} measurements from ${studies.length} studies in ${conditions} conditions, `
    + `${params.length} estimated parameters; ${ex.declined.length} measurements declined (report.md says why)\n`);
  const facts = ex.declined.filter((d) => d.reason.startsWith('qualitative'));
  if (facts.length) io.out.write(`declined: ${facts.length} qualitative facts (checks, not likelihood terms)\n`);
  for (const d of ex.declined) if (!facts.includes(d)) io.out.write(`declined: ${d.label}: ${d.reason}\n`);
  return 0;
}
