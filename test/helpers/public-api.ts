/** The public exports of an entry point, with whether each carries a doc comment (TypeScript's checker). */
import ts from 'typescript';

export interface ExportInfo { name: string; documented: boolean }

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
    const list = checker.getExportsOfModule(mod).map((e) => {
      const target = e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e;
      return { name: e.name, documented: ts.displayPartsToString(target.getDocumentationComment(checker)).trim() !== '' };
    });
    out.set(f, list.sort((a, b) => a.name.localeCompare(b.name)));
  }
  return out;
}
