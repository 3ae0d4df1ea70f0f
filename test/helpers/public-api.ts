/**
 * The public exports of an entry point, each with its doc comment as editors show it (TypeScript's
 * checker) and the code of its `@example` blocks.
 */
import ts from 'typescript';

export interface ExportInfo {
  name: string;
  /** The text of the doc comment attached to the declaration (empty when there is none). */
  doc: string;
  documented: boolean;
  /** The code of each fenced block inside the comment's `@example` tags. */
  examples: string[];
}

/**
 * The doc comments that belong to a declaration: the `/** … *\/` blocks directly above it. A block
 * separated from the declaration by a blank line is a detached comment (a file header above the
 * first declaration, say): TypeScript would attach it, but it does not describe the declaration.
 */
function attachedDocs(decl: ts.Node, sf: ts.SourceFile): ts.JSDoc[] {
  return ts.getJSDocCommentsAndTags(decl).filter((d): d is ts.JSDoc => ts.isJSDoc(d)).filter((d) => {
    const gap = sf.text.slice(d.end, d.parent.getStart(sf));
    return !/\n[ \t]*\r?\n/.test(gap);
  });
}

/** The entry points a newcomer starts from: each doc comment carries a runnable `@example` (test/doc-examples.test.ts runs them). */
export const ENTRY_POINTS = [
  'solve', 'compileModel', 'simulate', 'runScenario', 'fitMultiStart', 'profileLikelihood', 'samplePosterior',
  'LeastSquaresObjective', 'runPopulation', 'sobolPlan', 'importSBML', 'runSbml',
];

const FENCE = /```(?:ts|js|typescript|javascript)?[ \t]*\r?\n([\s\S]*?)```/g;

/** Exports of each entry file (absolute paths), sorted by name. */
export function publicExports(entries: readonly string[]): Map<string, ExportInfo[]> {
  const program = ts.createProgram([...entries], {
    module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022,
    strict: true, skipLibCheck: true, noEmit: true, types: ['node'], lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  });
  const checker = program.getTypeChecker();
  const out = new Map<string, ExportInfo[]>();
  for (const f of entries) {
    const sf = program.getSourceFile(f);
    if (!sf) throw new Error(`${f} not found`);
    const mod = checker.getSymbolAtLocation(sf);
    if (!mod) throw new Error(`${f} is not a module`);
    const list = checker.getExportsOfModule(mod).map((e): ExportInfo => {
      const target = e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e;
      const docs = (target.declarations ?? []).flatMap((d) => attachedDocs(d, d.getSourceFile()));
      const doc = docs.map((d) => ts.getTextOfJSDocComment(d.comment) ?? '').join('\n').trim();
      const examples = docs.flatMap((d) => (d.tags ?? []).filter((t) => t.tagName.text === 'example'))
        .flatMap((t) => [...(ts.getTextOfJSDocComment(t.comment) ?? '').matchAll(FENCE)].map((m) => m[1]));
      return { name: e.name, doc, documented: doc !== '', examples };
    });
    out.set(f, list.sort((a, b) => a.name.localeCompare(b.name)));
  }
  return out;
}
