/**
 * Session 5's SBML additions on small hand-written models: comp flattening (model/sbml/comp.ts),
 * algebraic rules solved symbolically (model/sbml/algebraic.ts), fast reactions as a rapid
 * equilibrium, and the random order of equal-priority events; and their errors (named by element,
 * never a stack overflow).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importSBML } from '../../src/model/sbml/import.js';
import { SbmlReadError } from '../../src/model/sbml/read.js';
import { linearIn, solveAlgebraic } from '../../src/model/sbml/algebraic.js';
import { parse } from '../../src/model/expr/parse.js';
import { evaluate } from '../../src/model/expr/evaluate.js';
import { runSbml } from '../../src/simulate/sbml.js';

const MATH = 'http://www.w3.org/1998/Math/MathML';
const COMP = 'http://www.sbml.org/sbml/level3/version1/comp/version1';
const math = (inner: string): string => `<math xmlns="${MATH}">${inner}</math>`;
const core = (body: string): string =>
  `<?xml version="1.0"?><sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2"><model id="m">${body}</model></sbml>`;
const comp = (model: string, defs: string): string =>
  `<?xml version="1.0"?><sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" xmlns:comp="${COMP}" level="3" version="2" comp:required="true"><model id="top">${model}</model><comp:listOfModelDefinitions>${defs}</comp:listOfModelDefinitions></sbml>`;

/** A submodel that produces s at rate k (k = 2), in compartment C. */
const PRODUCER = `<comp:modelDefinition id="producer">
  <listOfCompartments><compartment id="C" size="1" constant="true"/></listOfCompartments>
  <listOfSpecies><species id="s" compartment="C" initialAmount="0" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false"/></listOfSpecies>
  <listOfParameters><parameter id="k" value="2" constant="true"/></listOfParameters>
  <listOfReactions><reaction id="J" reversible="false">
    <listOfProducts><speciesReference species="s" stoichiometry="1" constant="true"/></listOfProducts>
    <kineticLaw>${math('<ci>k</ci>')}</kineticLaw>
  </reaction></listOfReactions>
  <comp:listOfPorts><comp:port comp:id="k_port" comp:idRef="k"/></comp:listOfPorts>
</comp:modelDefinition>`;

test('comp: two instances get prefixed ids; a replacement through a port, a deletion and a time conversion factor act as defined', () => {
  const xml = comp(`
    <listOfParameters>
      <parameter id="kk" value="5" constant="true"><comp:listOfReplacedElements><comp:replacedElement comp:submodelRef="a" comp:portRef="k_port"/></comp:listOfReplacedElements></parameter>
      <parameter id="tc" value="10" constant="true"/>
    </listOfParameters>
    <comp:listOfSubmodels>
      <comp:submodel comp:id="a" comp:modelRef="producer"/>
      <comp:submodel comp:id="b" comp:modelRef="producer" comp:timeConversionFactor="tc"/>
      <comp:submodel comp:id="c" comp:modelRef="producer"><comp:listOfDeletions><comp:deletion comp:idRef="J"/></comp:listOfDeletions></comp:submodel>
    </comp:listOfSubmodels>`, PRODUCER);
  const imp = importSBML(xml);
  for (const id of ['a__s', 'b__s', 'c__s', 'b__k', 'kk']) assert.ok(imp.symbols.has(id), id);
  assert.ok(!imp.symbols.has('a__k'), 'a__k is replaced by kk');
  assert.ok(!imp.symbols.has('c__J'), 'c__J is deleted');
  const r = runSbml(imp, { times: [0, 1, 2], variables: ['a__s', 'b__s', 'c__s'] });
  assert.equal(r.code, 'success');
  // a: rate kk = 5; b: rate k / tc = 0.2 (its time runs 10× slower); c: no reaction
  assert.ok(Math.abs(r.columns[0][2] - 10) < 1e-9, `a__s ${r.columns[0][2]}`);
  assert.ok(Math.abs(r.columns[1][2] - 0.4) < 1e-9, `b__s ${r.columns[1][2]}`);
  assert.equal(r.columns[2][2], 0);
});

test('comp: errors name the element — a missing definition, a missing port, a cycle of definitions (no stack overflow)', () => {
  const bad = comp(`<comp:listOfSubmodels><comp:submodel comp:id="a" comp:modelRef="nothere"/><comp:submodel comp:id="b" comp:modelRef="producer"/></comp:listOfSubmodels>
    <listOfParameters><parameter id="q" value="1" constant="true"><comp:listOfReplacedElements><comp:replacedElement comp:submodelRef="b" comp:portRef="noport"/></comp:listOfReplacedElements></parameter></listOfParameters>`, PRODUCER);
  assert.throws(() => importSBML(bad), (e: unknown) => {
    assert.ok(e instanceof SbmlReadError);
    assert.ok(e.problems.some((p) => /submodel 'a'.*'nothere' does not exist/.test(p)), e.problems.join('\n'));
    assert.ok(e.problems.some((p) => /port 'noport' does not exist/.test(p)), e.problems.join('\n'));
    return true;
  });
  const cyc = comp(`<comp:listOfSubmodels><comp:submodel comp:id="a" comp:modelRef="loop"/></comp:listOfSubmodels>`,
    `<comp:modelDefinition id="loop"><comp:listOfSubmodels><comp:submodel comp:id="x" comp:modelRef="loop"/></comp:listOfSubmodels></comp:modelDefinition>`);
  assert.throws(() => importSBML(cyc), /'loop' contains itself/);
});

test('algebraic: linear decomposition, and a linear system solved by elimination', () => {
  const l = linearIn(parse('2 * (x - 3) / k + y'), 'x')!;
  const env = (n: string): number => ({ k: 4, y: 1 } as Record<string, number>)[n];
  assert.equal(evaluate(l.a, (s) => env(s.name)), 0.5);
  assert.equal(evaluate(l.b, (s) => env(s.name)), -0.5);
  assert.equal(linearIn(parse('x * x'), 'x'), undefined);
  assert.equal(linearIn(parse('exp(x)'), 'x'), undefined);
  // x + y = 3, x - y = 1 → x = 2, y = 1
  const { solved, left } = solveAlgebraic([{ label: 'r1', expr: parse('x + y - 3') }, { label: 'r2', expr: parse('x - y - 1') }], ['x', 'y']);
  assert.equal(left.length, 0);
  const val = (n: string): number => evaluate(solved.get(n)!, () => NaN);
  assert.equal(val('x'), 2);
  assert.equal(val('y'), 1);
});

test('algebraic rule in a model: the determined species follows it over time', () => {
  // S1 grows at rate 1; algebraic rule 0 = T - S1 - S2 with T = 10 determines S2 = 10 - S1
  const xml = core(`
    <listOfCompartments><compartment id="c" size="1" constant="true"/></listOfCompartments>
    <listOfSpecies>
      <species id="S1" compartment="c" initialAmount="1" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false"/>
      <species id="S2" compartment="c" initialAmount="0" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false"/>
    </listOfSpecies>
    <listOfParameters><parameter id="T" value="10" constant="true"/></listOfParameters>
    <listOfRules><algebraicRule id="cons">${math('<apply><minus/><ci>T</ci><ci>S1</ci><ci>S2</ci></apply>'.replace('<minus/><ci>T</ci><ci>S1</ci><ci>S2</ci>', '<minus/><apply><minus/><ci>T</ci><ci>S1</ci></apply><ci>S2</ci>'))}</algebraicRule></listOfRules>
    <listOfReactions><reaction id="J" reversible="false"><listOfProducts><speciesReference species="S1" stoichiometry="1" constant="true"/></listOfProducts>
      <kineticLaw>${math('<cn>1</cn>')}</kineticLaw></reaction></listOfReactions>`);
  const r = runSbml(importSBML(xml), { times: [0, 2], variables: ['S1', 'S2'] });
  assert.ok(Math.abs(r.columns[1][0] - 9) < 1e-12 && Math.abs(r.columns[1][1] - 7) < 1e-9, `S2 ${r.columns[1][0]} ${r.columns[1][1]}`);
});

test('fast reaction: at equilibrium from t0, and the slow reaction moves the equilibrium', () => {
  // A <-> B fast with kf = 1, kr = 1 (so A = B), and a slow source of A at rate 1: A + B = 2 + t
  const xml = core(`
    <listOfCompartments><compartment id="c" size="1" constant="true"/></listOfCompartments>
    <listOfSpecies>
      <species id="A" compartment="c" initialAmount="2" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false"/>
      <species id="B" compartment="c" initialAmount="0" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false"/>
    </listOfSpecies>
    <listOfReactions>
      <reaction id="eq" reversible="true" fast="true">
        <listOfReactants><speciesReference species="A" stoichiometry="1" constant="true"/></listOfReactants>
        <listOfProducts><speciesReference species="B" stoichiometry="1" constant="true"/></listOfProducts>
        <kineticLaw>${math('<apply><minus/><ci>A</ci><ci>B</ci></apply>')}</kineticLaw>
      </reaction>
      <reaction id="src" reversible="false"><listOfProducts><speciesReference species="A" stoichiometry="1" constant="true"/></listOfProducts>
        <kineticLaw>${math('<cn>1</cn>')}</kineticLaw></reaction>
    </listOfReactions>`);
  const imp = importSBML(xml);
  assert.ok(imp.fast && imp.notes.some((n) => /fast reactions \(eq\)/.test(n)));
  const r = runSbml(imp, { times: [0, 1, 4], variables: ['A', 'B'] });
  for (const [k, t] of [[0, 0], [1, 1], [2, 4]]) {
    assert.ok(Math.abs(r.columns[0][k] - (2 + t) / 2) < 1e-6, `A(${t}) = ${r.columns[0][k]}`);
    assert.ok(Math.abs(r.columns[1][k] - (2 + t) / 2) < 1e-6, `B(${t}) = ${r.columns[1][k]}`);
  }
});

test('events of equal explicit priority run in a random order (seeded: reproducible; both orders occur)', () => {
  // at t = 1 two events with priority 1 set x: the last one executed wins
  const ev = (id: string, v: number): string => `<event id="${id}" useValuesFromTriggerTime="true"><trigger initialValue="false" persistent="true">${math('<apply><geq/><csymbol definitionURL="http://www.sbml.org/sbml/symbols/time">t</csymbol><cn>1</cn></apply>')}</trigger>
    <priority>${math('<cn>1</cn>')}</priority><listOfEventAssignments><eventAssignment variable="x">${math(`<cn>${v}</cn>`)}</eventAssignment></listOfEventAssignments></event>`;
  const xml = core(`<listOfParameters><parameter id="x" value="0" constant="false"/></listOfParameters><listOfEvents>${ev('e1', 1)}${ev('e2', 2)}</listOfEvents>`);
  const imp = importSBML(xml);
  const last = (seed: number): number => runSbml(imp, { times: [0, 2], variables: ['x'], seed }).columns[0][1];
  assert.equal(last(7), last(7));
  const seen = new Set(Array.from({ length: 20 }, (_, s) => last(s + 1)));
  assert.deepEqual([...seen].sort(), [1, 2]);
});

test('CLI: sbml-case reads a comp case folder with an external model definition (file beside the model)', async () => {
  const { main } = await import('../../src/cli/main.js');
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const zlib = await import('node:zlib');
  const { fileURLToPath } = await import('node:url');
  const here = path.dirname(fileURLToPath(import.meta.url));
  const cases = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.resolve(here, '../../../test/data/sbml-test-suite/cases.json.gz'))).toString('utf8')) as { id: string; model: string; settings: string; results: string; files?: Record<string, string> }[];
  const c = cases.find((x) => x.id === '01165')!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'magbone-comp-'));
  const cdir = path.join(dir, c.id);
  fs.mkdirSync(cdir);
  fs.writeFileSync(path.join(cdir, `${c.id}-sbml-l3v2.xml`), c.model);
  fs.writeFileSync(path.join(cdir, `${c.id}-settings.txt`), c.settings);
  fs.writeFileSync(path.join(cdir, `${c.id}-results.csv`), c.results);
  const o = { out: '', err: '' };
  const io = { out: { write: (s: string) => { o.out += s; return true; } }, err: { write: (s: string) => { o.err += s; return true; } } } as never;
  // without the external file: exit 2, naming the external model definition
  assert.equal(await main(['sbml-case', cdir, '--out', path.join(dir, 'r.csv')], io), 2);
  assert.match(o.err, /externalModelDefinition 'ExtMod1'/);
  for (const [name, text] of Object.entries(c.files ?? {})) fs.writeFileSync(path.join(cdir, name), text);
  o.err = '';
  assert.equal(await main(['sbml-case', cdir, '--out', path.join(dir, 'r.csv')], io), 0, o.err);
  assert.match(o.err, /01165: passed/);
  fs.rmSync(dir, { recursive: true, force: true });
});
