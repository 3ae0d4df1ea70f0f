/**
 * `magbone export sbml <model> [--out file.xml]`: the model as SBML Level 3 Version 2 Core
 * (see docs/modelling-language.md for how it maps). `magbone export petab <model> --out DIR …`: the
 * model and a selection of the study library as a PEtab v1 problem (export-petab.ts). `<model>` is a registered model id or a path to
 * a JSON model spec.
 *
 * Exit codes: 0 written; 2 bad input (unknown format or model with did-you-mean, a model that does
 * not check — every problem on its own line, nothing written).
 */
import { helpText, type FlagSpec, HELP_FLAG } from './args.js';
import { didYouMean } from '../index.js';
import { modelIds } from '../index.js';
import { toSBML } from '../index.js';
import { runGenerator, type Io, type SbmlExtras } from './docs.js';
import type { ModelSpec } from '../index.js';
import { runExportPetab, PETAB_EXPORT_USAGE } from './export-petab.js';

const STD: Io = { out: process.stdout, err: process.stderr };

const FLAGS: Record<string, FlagSpec> = {
  out: { type: 'string', value: 'FILE', help: 'write to FILE (.xml or .sbml) instead of standard output' },
  help: HELP_FLAG,
};

const FORMATS: Record<string, { usage: string; help: string; extensions: string[]; generate: (spec: ModelSpec, sbml?: SbmlExtras) => string; declineEvents?: string }> = {
  sbml: {
    usage: 'magbone export sbml <model> [--out file.xml]',
    help: helpText(
      'magbone export sbml <model> [--out file.xml]',
      'Writes the model as SBML Level 3 Version 2 Core, for COPASI, tellurium, AMICI and the BioModels tools:\n'
      + 'amount states as species with rate rules (other states as parameters with rate rules), parameters\n'
      + 'with unit definitions, rules and observables as assignment rules, switches as 1/0 parameters,\n'
      + 'references as notes and identifiers.org annotations. Units, sources and dose targets are kept in\n'
      + `magbone annotations. <model> is one of ${modelIds().join(', ')}, or a path to a JSON model spec.`,
      FLAGS,
      ['magbone export sbml peterson-riggs-2010 --out peterson-riggs-2010.xml'],
    ),
    extensions: ['.xml', '.sbml'],
    // an imported model's delay() rules are written as delay() again; its events cannot be (declined)
    generate: (spec, sbml) => toSBML(spec, sbml?.delays.length ? { delays: sbml.delays } : {}),
    declineEvents: 'that the export does not write (the modelling language has no events): they would be lost; use the SBML file itself',
  },
};

const FORMAT_NAMES = [...Object.keys(FORMATS), 'petab'];
const USAGE = `Usage: magbone export <format> <model> [--out FILE]\n       ${PETAB_EXPORT_USAGE}\nFormats: ${FORMAT_NAMES.join(', ')}\n`;

export async function runExport(args: readonly string[], io: Io = STD): Promise<number> {
  const [format, ...rest] = args;
  if (format === undefined || format === '--help' || format === '-h') {
    io.out.write(USAGE);
    return format === undefined ? 2 : 0;
  }
  if (format === 'petab') return runExportPetab(rest, io);
  const f = FORMATS[format];
  if (!f) {
    io.err.write(`error: unknown export format '${format}'${didYouMean(format, FORMAT_NAMES)}; formats: ${FORMAT_NAMES.join(', ')}\n`);
    return 2;
  }
  return runGenerator(rest, io, { help: f.help, flags: FLAGS, extensions: f.extensions, generate: f.generate, usage: f.usage, ...(f.declineEvents ? { declineEvents: f.declineEvents } : {}) });
}
