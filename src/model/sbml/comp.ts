/**
 * SBML Level 3 hierarchical model composition (the `comp` package, version 1): a composed document
 * is flattened into one core model before import, as the comp specification defines it (§4.2
 * and Appendix on flattening), so that everything after it reads plain SBML core.
 *
 *  - each submodel is an instance of its model definition, itself flattened first (submodels of
 *    submodels); its ids get the prefix `<submodel>__` (the convention libSBML and the suite's
 *    "flattened" descriptions use), so that `sub1__S` is species S of submodel sub1;
 *  - deletions remove the element they point to (and the rules, initial assignments and event
 *    assignments that set it);
 *  - a replacedElement makes the parent's element stand for the submodel's: the submodel's element is
 *    removed and every reference to it names the parent's element (divided by the replacement's
 *    conversionFactor where there is one; what sets the replaced element is multiplied by it);
 *    replacedBy is the reverse (the submodel's element takes the parent's id and the parent's is removed);
 *  - a submodel's timeConversionFactor and extentConversionFactor convert its maths: time → time/tcf,
 *    rate rules ÷ tcf, kinetic laws × ecf/tcf, references to its reactions ÷ (ecf/tcf), event and
 *    delay() times × tcf, rateOf × tcf;
 *  - references (idRef, metaIdRef, portRef, unitRef, sBaseRef chains into nested submodels) are
 *    resolved on the instance tree, so a path like submodel A → submodel B → element X works.
 * Declined, each with its element: external model definitions whose file is not given, references
 * that do not resolve, and cycles of model definitions.
 */
import { parseXml, type XmlElement, type XmlNode } from './xml.js';

export const COMP_NS_PREFIX = 'http://www.sbml.org/sbml/level3/version1/comp/version';

/** A mutable element (structurally an XmlElement). */
interface El { name: string; local: string; ns: string; attrs: Record<string, string>; children: (El | string)[]; line: number }

const clone = (e: XmlElement): El => ({
  name: e.name, local: e.local, ns: e.ns, attrs: { ...e.attrs }, line: e.line,
  children: e.children.map((c: XmlNode) => (typeof c === 'string' ? c : clone(c))),
});
const kids = (e: El, local?: string): El[] => e.children.filter((c): c is El => typeof c !== 'string' && (local === undefined || c.local === local));
const kid = (e: El, local: string): El | undefined => kids(e, local)[0];
const mk = (ns: string, local: string, children: (El | string)[] = [], attrs: Record<string, string> = {}): El => ({ name: local, local, ns, attrs, children, line: 0 });

/** One instance of a model: its own elements by original id and metaid, its ports and its submodels' instances. */
interface Ctx { byId: Map<string, El>; byMeta: Map<string, El>; units: Map<string, El>; ports: Map<string, El>; subs: Map<string, Ctx>; model: El }

/** The lists of a model that a flattened model merges (units are not used by the import). */
const LISTS = ['listOfFunctionDefinitions', 'listOfUnitDefinitions', 'listOfCompartments', 'listOfSpecies', 'listOfParameters',
  'listOfInitialAssignments', 'listOfRules', 'listOfConstraints', 'listOfReactions', 'listOfEvents'];
/** Attributes holding an SId reference. */
const REF_ATTRS = ['compartment', 'species', 'variable', 'symbol', 'conversionFactor', 'outside'];

/** Options of flattening SBML hierarchical composition (comp): how external model files are read. */
export interface FlattenOptions {
  /** The text of an external model definition's file (comp:source, a relative path or URI as written); without it those are declined. */
  readExternal?: (source: string) => string | undefined;
}

/** Flattens a comp document (its root <sbml>) into a core document; problems are added to `problems`. */
export function flattenComp(root: XmlElement, problems: string[], opt: FlattenOptions = {}): XmlElement {
  const compNs = Object.entries(root.attrs).find(([k, v]) => k.startsWith('xmlns:') && v.startsWith(COMP_NS_PREFIX));
  const p = compNs ? compNs[0].slice(6) : 'comp';
  const ca = (e: El, a: string): string | undefined => e.attrs[`${p}:${a}`] ?? (e.ns.startsWith(COMP_NS_PREFIX) ? e.attrs[a] : undefined);
  const where = (e: El): string => `${e.local}${ca(e, 'id') ?? e.attrs.id ? ` '${ca(e, 'id') ?? e.attrs.id}'` : ''} (line ${e.line})`;
  const isComp = (e: El): boolean => e.ns.startsWith(COMP_NS_PREFIX);

  const top = root.children.find((c): c is XmlElement => typeof c !== 'string' && c.local === 'model');
  if (!top) return root;
  // each document (the main one, and external files) with its model definitions and external ones
  interface Doc { defs: Map<string, XmlElement>; externals: Map<string, XmlElement>; main?: XmlElement }
  const docOf = (d: XmlElement): Doc => {
    const doc: Doc = { defs: new Map(), externals: new Map(), main: d.children.find((c): c is XmlElement => typeof c !== 'string' && c.local === 'model') };
    for (const l of d.children) {
      if (typeof l === 'string') continue;
      if (l.local === 'listOfModelDefinitions') for (const x of l.children) if (typeof x !== 'string' && x.local === 'modelDefinition') doc.defs.set(x.attrs.id ?? x.attrs[`${p}:id`], x);
      if (l.local === 'listOfExternalModelDefinitions') for (const x of l.children) if (typeof x !== 'string' && x.local === 'externalModelDefinition') doc.externals.set(x.attrs[`${p}:id`] ?? x.attrs.id, x);
    }
    return doc;
  };
  const rootDoc = docOf(root);
  const docs = new Map<string, Doc>();
  /** The model a modelRef names in a document (a model definition, its main model, or an external one, followed). */
  const definition = (ref: string | undefined, doc: Doc, at: El | XmlElement, depth = 0): { el: XmlElement; doc: Doc } | undefined => {
    if (depth > 20) { problems.push(`${at.local} (line ${at.line}): external model definitions nested more than 20 deep (a cycle?)`); return undefined; }
    if (ref === undefined || (doc.main && doc.main.attrs.id === ref && !doc.defs.has(ref))) return doc.main ? { el: doc.main, doc } : undefined;
    const d = doc.defs.get(ref);
    if (d) return { el: d, doc };
    const x = doc.externals.get(ref);
    if (!x) { problems.push(`${at.local}${at.attrs[`${p}:id`] ? ` '${at.attrs[`${p}:id`]}'` : ''} (line ${at.line}): model definition '${ref}' does not exist`); return undefined; }
    const src = x.attrs[`${p}:source`] ?? '';
    let ext = docs.get(src);
    if (!ext) {
      const text = opt.readExternal?.(src);
      if (text === undefined) { problems.push(`externalModelDefinition '${ref}' (line ${x.line}): its file '${src}' is not available (external model definitions are declined unless the file is given)`); return undefined; }
      try { ext = docOf(parseXml(text)); } catch (e) { problems.push(`externalModelDefinition '${ref}': '${src}': ${(e as Error).message}`); return undefined; }
      docs.set(src, ext);
    }
    const found = definition(x.attrs[`${p}:modelRef`], ext, x, depth + 1);
    if (!found) problems.push(`externalModelDefinition '${ref}': model '${x.attrs[`${p}:modelRef`] ?? ''}' is not in '${src}'`);
    return found;
  };

  const removed = new Set<El>();
  const replacedWith = new Map<El, El>();
  const follow = (e: El | undefined): El | undefined => { let x = e; for (let k = 0; x && replacedWith.has(x) && k < 100; k++) x = replacedWith.get(x); return x; };

  /** Every element of a model's tree (not descending into math). */
  const walk = (e: El, f: (x: El, scope: El[]) => void, scope: El[] = []): void => {
    f(e, scope);
    if (e.local === 'math') return;
    for (const c of kids(e)) walk(c, f, [...scope, e]);
  };
  /** Renames ids and references in a model's tree (ci in maths; local parameters and bvars shadow). */
  const rename = (m: El, map: (id: string) => string | undefined): void => {
    walk(m, (x, scope) => {
      if (x.local === 'math') { renameMath(x, map, localNames(scope)); return; }
      const inLocal = scope.some((s) => s.local === 'kineticLaw');
      if (x.attrs.id !== undefined && !inLocal && x.local !== 'unitDefinition' && x.local !== 'unit' && !isComp(x)) { const n = map(x.attrs.id); if (n) x.attrs.id = n; }
      for (const a of REF_ATTRS) if (x.attrs[a] !== undefined && !isComp(x)) { const n = map(x.attrs[a]); if (n) x.attrs[a] = n; }
    });
  };
  const localNames = (scope: El[]): Set<string> => {
    const s = new Set<string>();
    const kl = scope.find((x) => x.local === 'kineticLaw');
    if (kl) for (const l of kids(kl)) if (l.local === 'listOfLocalParameters' || l.local === 'listOfParameters') for (const q of kids(l)) if (q.attrs.id && !removed.has(q)) s.add(q.attrs.id);
    return s;
  };
  const renameMath = (e: El, map: (id: string) => string | undefined, shadow: Set<string>): void => {
    if (e.local === 'lambda') {
      const bv = new Set(shadow);
      for (const b of kids(e, 'bvar')) { const ci = kid(b, 'ci'); if (ci) bv.add(textTrim(ci)); }
      for (const c of kids(e)) if (c.local !== 'bvar') renameMath(c, map, bv);
      return;
    }
    if (e.local === 'ci') {
      const id = textTrim(e);
      const n = shadow.has(id) ? undefined : map(id);
      if (n) e.children = [n];
      return;
    }
    for (const c of kids(e)) renameMath(c, map, shadow);
  };
  /** Replaces <ci>id</ci> (outside local scopes) by a copy of `by`. */
  const substMath = (m: El, id: string, by: () => El): void => {
    walk(m, (x, scope) => {
      if (x.local !== 'math') return;
      const shadow = localNames(scope);
      if (shadow.has(id)) return;
      const go = (e: El): void => {
        e.children = e.children.map((c) => {
          if (typeof c === 'string') return c;
          if (c.local === 'ci' && textTrim(c) === id) return by(); // not descended into
          if (c.local !== 'lambda') go(c);
          return c;
        });
      };
      go(x);
    });
  };
  const textTrim = (e: El): string => e.children.map((c) => (typeof c === 'string' ? c : textTrim(c))).join('').trim();
  const mns = (m: El): string => (kid(m, 'math')?.ns ?? 'http://www.w3.org/1998/Math/MathML');
  const MML = 'http://www.w3.org/1998/Math/MathML';
  const ci = (id: string): El => mk(MML, 'ci', [id]);
  const apply = (op: string, ...args: El[]): El => mk(MML, 'apply', [mk(MML, op), ...args]);
  /** math ↦ op(math, factor) for the math child of an element. */
  const scaleMath = (owner: El, op: 'times' | 'divide', factor: El): void => {
    const m = kid(owner, 'math');
    if (!m) return;
    const body = kids(m).find((c) => c.local !== 'annotation');
    if (!body) return;
    m.children = [apply(op, body, factor)];
    void mns;
  };
  const csymbols = (m: El, f: (e: El, parent: El, i: number) => void): void => {
    const go = (e: El): void => {
      e.children.forEach((c, i) => { if (typeof c !== 'string') { if (c.local === 'csymbol') f(c, e, i); go(c); } });
    };
    go(m);
  };

  /** Resolves an SBaseRef-like element (idRef / metaIdRef / portRef / unitRef, with a nested sBaseRef) in an instance. */
  const resolve = (ctx: Ctx, ref: El, depth = 0): El | undefined => {
    if (depth > 50) { problems.push(`${where(ref)}: reference chain too deep`); return undefined; }
    const nested = kid(ref, 'sBaseRef');
    const portRef = ca(ref, 'portRef'), idRef = ca(ref, 'idRef'), metaRef = ca(ref, 'metaIdRef'), unitRef = ca(ref, 'unitRef');
    let target: El | undefined;
    if (portRef !== undefined) {
      const port = ctx.ports.get(portRef);
      if (!port) { problems.push(`${where(ref)}: port '${portRef}' does not exist`); return undefined; }
      target = resolve(ctx, port, depth + 1);
      if (!target) return undefined;
    } else if (idRef !== undefined) {
      if (nested) {
        const sub = ctx.subs.get(idRef);
        if (!sub) { problems.push(`${where(ref)}: '${idRef}' is not a submodel (an sBaseRef goes into a submodel)`); return undefined; }
        return resolve(sub, nested, depth + 1);
      }
      target = ctx.byId.get(idRef);
      if (!target && ctx.subs.has(idRef)) { problems.push(`${where(ref)}: a reference to submodel '${idRef}' itself is not supported`); return undefined; }
    } else if (metaRef !== undefined) target = ctx.byMeta.get(metaRef);
    else if (unitRef !== undefined) target = ctx.units.get(unitRef);
    if (!target) { problems.push(`${where(ref)}: '${idRef ?? metaRef ?? unitRef ?? portRef ?? ''}' does not exist in the submodel`); return undefined; }
    if (nested && portRef !== undefined) {
      problems.push(`${where(ref)}: an sBaseRef below a portRef is not supported`);
      return undefined;
    }
    return follow(target);
  };

  /** Removes an element, and what sets it (rules, initial assignments, event assignments). */
  const removeSetters = (m: El, id: string): void => {
    walk(m, (x) => {
      if ((x.local === 'assignmentRule' || x.local === 'rateRule' || x.local === 'eventAssignment') && x.attrs.variable === id) removed.add(x);
      if (x.local === 'initialAssignment' && x.attrs.symbol === id) removed.add(x);
    });
  };

  const stack: XmlElement[] = [];
  /** Instantiates a model definition: a flat mutable model and its context. */
  const instantiate = (def: XmlElement, doc: Doc): { m: El; ctx: Ctx } | undefined => {
    if (stack.includes(def)) { problems.push(`model definition '${def.attrs.id}' contains itself (a cycle of submodels)`); return undefined; }
    if (stack.length > 30) { problems.push('submodels nested more than 30 deep'); return undefined; }
    stack.push(def);
    try {
      const m = clone(def);
      const ctx: Ctx = { byId: new Map(), byMeta: new Map(), units: new Map(), ports: new Map(), subs: new Map(), model: m };
      walk(m, (x, scope) => {
        if (isComp(x)) return;
        if (x.attrs.metaid !== undefined) ctx.byMeta.set(x.attrs.metaid, x);
        if (scope.some((s) => s.local === 'kineticLaw') && (x.local === 'localParameter' || x.local === 'parameter')) return;
        if (x.local === 'unitDefinition') { if (x.attrs.id) ctx.units.set(x.attrs.id, x); }
        else if (x.attrs.id !== undefined && x !== m) ctx.byId.set(x.attrs.id, x);
      });
      for (const pl of kids(m, 'listOfPorts')) for (const port of kids(pl, 'port')) ctx.ports.set(ca(port, 'id') ?? '', port);
      // the elements that carry replacements, before submodels are merged in
      const replacers: El[] = [];
      const reactionRefs: { el: El; factor: () => El }[] = [];
      walk(m, (x) => { if (kids(x).some((c) => isComp(c) && (c.local === 'listOfReplacedElements' || c.local === 'replacedBy'))) replacers.push(x); });

      for (const sl of kids(m, 'listOfSubmodels')) {
        for (const sm of kids(sl, 'submodel')) {
          const sid = ca(sm, 'id') ?? '';
          const ref = ca(sm, 'modelRef') ?? '';
          const d = definition(ref, doc, sm);
          if (!d) continue;
          const inst = instantiate(d.el, d.doc);
          if (!inst) continue;
          const f = inst.m;
          ctx.subs.set(sid, inst.ctx);
          // deletions
          for (const dl of kids(sm, 'listOfDeletions')) {
            for (const del of kids(dl, 'deletion')) {
              const t = resolve(inst.ctx, del);
              if (!t) continue;
              removed.add(t);
              if (t.attrs.id) removeSetters(f, t.attrs.id);
            }
          }
          // the submodel model's own conversion factor applies to its species
          const mcf = f.attrs.conversionFactor;
          // prefix every id of the instance
          const ids = new Set<string>();
          walk(f, (x, scope) => {
            if (x === f || isComp(x) || x.local === 'unitDefinition' || x.local === 'unit') return;
            if (scope.some((s) => s.local === 'kineticLaw')) return;
            if (x.attrs.id !== undefined) ids.add(x.attrs.id);
          });
          rename(f, (id) => (ids.has(id) ? `${sid}__${id}` : undefined));
          walk(f, (x) => { if (x.attrs.metaid !== undefined) x.attrs.metaid = `${sid}__${x.attrs.metaid}`; });
          if (mcf !== undefined) walk(f, (x) => { if (x.local === 'species' && x.attrs.conversionFactor === undefined) x.attrs.conversionFactor = `${sid}__${mcf}`; });
          // time and extent conversion
          const tcf = ca(sm, 'timeConversionFactor'), ecf = ca(sm, 'extentConversionFactor');
          if (tcf !== undefined || ecf !== undefined) {
            // references to the submodel's reactions: converted after the replacements (a replaced reaction is the parent's, unconverted)
            walk(f, (x) => { if (x.local === 'reaction' && x.attrs.id) reactionRefs.push({ el: x, factor: () => rateFactor() }); });
            const rateFactor = (): El => (tcf !== undefined && ecf !== undefined ? apply('divide', ci(ecf), ci(tcf)) : tcf !== undefined ? apply('divide', mk(MML, 'cn', ['1']), ci(tcf)) : ci(ecf as string));
            walk(f, (x) => {
              if (x.local === 'math' && tcf !== undefined) {
                csymbols(x, (c, parent, i) => {
                  const url = c.attrs.definitionURL ?? '';
                  if (url.endsWith('/time')) parent.children[i] = apply('divide', c, ci(tcf));
                  else if (url.endsWith('/rateOf')) {
                    // parent is <apply><csymbol rateOf/> arg</apply>: the whole apply × tcf
                    const app = parent;
                    const copy: El = { ...app, children: [...app.children] };
                    app.children = [mk(MML, 'times'), copy, ci(tcf)];
                  } else if (url.endsWith('/delay')) {
                    const args = kids(parent).slice(1);
                    if (args.length === 2) { const k = parent.children.indexOf(args[1]); parent.children[k] = apply('times', args[1], ci(tcf)); }
                  }
                });
              }
              if (x.local === 'kineticLaw' && (tcf !== undefined || ecf !== undefined)) scaleMath(x, 'times', rateFactor());
              if (x.local === 'rateRule' && tcf !== undefined) scaleMath(x, 'divide', ci(tcf));
              if (x.local === 'delay' && tcf !== undefined) scaleMath(x, 'times', ci(tcf));
            });
          }
          // merge the instance's lists into the model
          for (const ln of LISTS) {
            const src = kid(f, ln);
            if (!src) continue;
            let dst = kid(m, ln);
            if (!dst) { dst = mk(src.ns, ln, [], {}); dst.name = src.name; m.children.push(dst); }
            dst.children.push(...kids(src));
          }
        }
      }
      // replacements
      for (const x of replacers) {
        for (const rl of kids(x).filter((c) => isComp(c) && c.local === 'listOfReplacedElements')) {
          for (const re of kids(rl, 'replacedElement')) {
            if (ca(re, 'deletion') !== undefined) continue; // replaces something deleted: nothing left to do
            const sub = ctx.subs.get(ca(re, 'submodelRef') ?? '');
            if (!sub) { problems.push(`${where(re)}: submodel '${ca(re, 'submodelRef') ?? ''}' does not exist`); continue; }
            const t = resolve(sub, re);
            if (!t || t === x) continue;
            removed.add(t);
            replacedWith.set(t, x);
            const oldId = t.attrs.id, newId = x.attrs.id;
            if (oldId === undefined || newId === undefined) continue;
            const cf = ca(re, 'conversionFactor');
            if (cf !== undefined) {
              walk(m, (y) => {
                if (removed.has(y)) return;
                if (((y.local === 'assignmentRule' || y.local === 'rateRule' || y.local === 'eventAssignment') && y.attrs.variable === oldId) || (y.local === 'initialAssignment' && y.attrs.symbol === oldId)) scaleMath(y, 'times', ci(cf));
              });
              substMath(m, oldId, () => apply('divide', ci(newId), ci(cf)));
            }
            rename(m, (id) => (id === oldId ? newId : undefined));
          }
        }
        for (const rb of kids(x).filter((c) => isComp(c) && c.local === 'replacedBy')) {
          const sub = ctx.subs.get(ca(rb, 'submodelRef') ?? '');
          if (!sub) { problems.push(`${where(rb)}: submodel '${ca(rb, 'submodelRef') ?? ''}' does not exist`); continue; }
          const t = resolve(sub, rb);
          if (!t || t === x) continue;
          removed.add(x);
          replacedWith.set(x, t);
          const oldId = t.attrs.id, newId = x.attrs.id;
          if (oldId !== undefined && newId !== undefined) rename(m, (id) => (id === oldId ? newId : undefined));
          if (newId !== undefined) ctx.byId.set(newId, t);
        }
      }
      for (const r of reactionRefs) {
        const id = r.el.attrs.id;
        if (!removed.has(r.el) && id !== undefined) substMath(m, id, () => apply('divide', ci(id), r.factor()));
      }
      return { m, ctx };
    } finally {
      stack.pop();
    }
  };

  const inst = instantiate(top, rootDoc);
  if (!inst) return root;
  // strip comp elements and removed ones
  const strip = (e: El): El => ({ ...e, children: e.children.filter((c) => typeof c === 'string' || (!removed.has(c) && !isComp(c))).map((c) => (typeof c === 'string' ? c : strip(c))) });
  const model = strip(inst.m);
  const attrs = Object.fromEntries(Object.entries(root.attrs).filter(([k]) => k !== `${p}:required`));
  return { ...root, attrs, children: root.children.filter((c) => typeof c === 'string' || (c.local !== 'listOfModelDefinitions' && c.local !== 'listOfExternalModelDefinitions')).map((c) => (typeof c !== 'string' && c.local === 'model' ? model : c)) };
}
