/**
 * SBML import (model/sbml/import.ts) and the SBML runner (simulate/sbml.ts) on small hand-written
 * models with closed-form solutions, and the import's errors: declined features named by element,
 * malformed and deeply nested input reported without a stack overflow. The CLI commands too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importSBML } from '../../src/model/sbml/import.js';
import { SbmlReadError } from '../../src/model/sbml/read.js';
import { XmlSyntaxError } from '../../src/model/sbml/xml.js';
import { runSbml } from '../../src/simulate/sbml.js';
import { compileModel } from '../../src/model/model.js';
import { main } from '../../src/cli/main.js';

const MATH = 'http://www.w3.org/1998/Math/MathML';
const sbml = (body: string, level = 3, version = 2): string =>
  `<?xml version="1.0"?><sbml xmlns="http://www.sbml.org/sbml/level${level}/version${version}/core" level="${level}" version="${version}"><model id="m">${body}</model></sbml>`;
const math = (inner: string): string => `<math xmlns="${MATH}">${inner}</math>`;

/** A → B with k·A (mass action) in a compartment of size 2, A in concentration; an event resets A to 1 when A falls below 0.25. */
const DECAY = sbml(`
  <listOfCompartments><compartment id="c" size="2" constant="true" spatialDimensions="3"/></listOfCompartments>
  <listOfSpecies>
    <species id="A" compartment="c" initialConcentration="1" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/>
    <species id="B" compartment="c" initialAmount="0" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false"/>
  </listOfSpecies>
  <listOfParameters><parameter id="k" value="0.5" constant="true"/></listOfParameters>
  <listOfReactions><reaction id="r" reversible="false">
    <listOfReactants><speciesReference species="A" stoichiometry="1" constant="true"/></listOfReactants>
    <listOfProducts><speciesReference species="B" stoichiometry="1" constant="true"/></listOfProducts>
    <kineticLaw>${math('<apply><times/><ci>c</ci><ci>k</ci><ci>A</ci></apply>')}</kineticLaw>
  </reaction></listOfReactions>
  <listOfEvents><event id="reset" useValuesFromTriggerTime="true">
    <trigger initialValue="true" persistent="true">${math('<apply><lt/><ci>A</ci><cn>0.25</cn></apply>')}</trigger>
    <listOfEventAssignments><eventAssignment variable="A">${math('<cn>1</cn>')}</eventAssignment></listOfEventAssignments>
  </event></listOfEvents>`);

test('import: reactions become rules and ODEs in the modelling language, ids are the names, the model compiles', () => {
  const imp = importSBML(DECAY);
  assert.deepEqual(Object.keys(imp.spec.states), ['A', 'B']);
  assert.equal(imp.spec.rules.r.expr, 'c * k * A');
  assert.match(imp.spec.states.A.ode, /r.*\/ c/);
  assert.equal(imp.spec.parameters.k.value, 0.5);
  assert.equal(imp.events.length, 1);
  assert.equal(imp.events[0].trigger, 'A < 0.25');
  const model = compileModel(imp.spec);
  assert.deepEqual([...model.initialState()], [1, 0]);
});

test('run: concentration decays as e^(-k t), resets at A = 0.25 (t = ln 4 / k), amounts are conserved', () => {
  const imp = importSBML(DECAY);
  const k = 0.5, tr = Math.log(4) / k;
  const times = Array.from({ length: 41 }, (_, i) => i * 0.1 * 1.5 * tr / 4);
  for (const method of ['bdf', 'rodas', 'dopri'] as const) {
    const r = runSbml(imp, { times, variables: ['A', 'B'], amount: new Set(['B']), method, rtol: 1e-10, atol: 1e-12 });
    assert.equal(r.code, 'success', r.message);
    assert.equal(r.eventsFired, 1, method);
    times.forEach((t, i) => {
      const a = t < tr ? Math.exp(-k * t) : Math.exp(-k * (t - tr));
      const b = t < tr ? 2 * (1 - Math.exp(-k * t)) : 2 * 0.75 + 2 * (1 - Math.exp(-k * (t - tr)));
      assert.ok(Math.abs(r.columns[0][i] - a) < 1e-7, `${method} A(${t}) = ${r.columns[0][i]}, expected ${a}`);
      assert.ok(Math.abs(r.columns[1][i] - b) < 1e-7, `${method} B(${t}) = ${r.columns[1][i]}, expected ${b}`);
    });
  }
});

test('declined features are named by element, all at once; nothing is silently dropped', () => {
  const xml = sbml(`
    <listOfParameters><parameter id="x" value="1" constant="false"/><parameter id="y" value="1" constant="false"/></listOfParameters>
    <listOfRules>
      <algebraicRule metaid="alg1">${math('<apply><minus/><apply><times/><ci>x</ci><ci>x</ci></apply><ci>y</ci></apply>')}</algebraicRule>
      <rateRule variable="y">${math('<apply><csymbol definitionURL="http://www.sbml.org/sbml/symbols/delay">delay</csymbol><ci>x</ci></apply>')}</rateRule>
    </listOfRules>`);
  assert.throws(() => importSBML(xml), (e: unknown) => {
    assert.ok(e instanceof SbmlReadError);
    assert.equal(e.problems.length, 2);
    assert.match(e.problems[0], /algebraicRule 'alg1'.*linear in none of the variables it could determine \(x\)/);
    assert.match(e.problems[1], /rateRule of parameter 'y'.*delay takes 2 arguments/); // delay() itself runs since session 7
    return true;
  });
  const pkg = `<?xml version="1.0"?><sbml xmlns="http://www.sbml.org/sbml/level3/version1/core" xmlns:fbc="http://www.sbml.org/sbml/level3/version1/fbc/version2" level="3" version="1" fbc:required="false"><model id="m"/></sbml>`;
  assert.throws(() => importSBML(pkg), /package 'fbc'/);
});

test('deeply nested XML and MathML are errors, not stack overflows', () => {
  const deep = sbml('<a>'.repeat(5000) + '</a>'.repeat(5000));
  assert.throws(() => importSBML(deep), XmlSyntaxError);
  // within the XML depth limit, a long chain of nested applies still reads (or is refused by name)
  const nested = '<apply><minus/>'.repeat(240) + '<cn>1</cn>' + '</apply>'.repeat(240);
  const xml = sbml(`<listOfParameters><parameter id="p" value="0" constant="false"/></listOfParameters>
    <listOfRules><assignmentRule variable="p">${math(nested)}</assignmentRule></listOfRules>`);
  const imp = importSBML(xml);
  const r = runSbml(imp, { times: [0, 1], variables: ['p'] });
  assert.equal(r.columns[0][0], 1); // 240 negations of 1
});

test('CLI: simulate <file.xml>, import sbml, sbml-case, docs <file.xml>; bad input is exit 2 with nothing written', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'magbone-sbml-'));
  const file = path.join(dir, 'decay.xml');
  fs.writeFileSync(file, DECAY);
  const io = () => { const o = { out: '', err: '' }; return { o, io: { out: { write: (s: string) => { o.out += s; return true; } }, err: { write: (s: string) => { o.err += s; return true; } } } as never }; };
  let x = io();
  assert.equal(await main(['simulate', file, '--duration', '2', '--steps', '4'], x.io), 0, x.o.err);
  assert.match(x.o.out, /^time,A,B\n0,1,0\n/);
  x = io();
  assert.equal(await main(['import', 'sbml', file, '--out', path.join(dir, 'm.json')], x.io), 0, x.o.err);
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'm.json'), 'utf8'));
  assert.equal(json.rules.r.expr, 'c * k * A');
  assert.equal(json.sbmlEvents[0].id, 'reset');
  x = io();
  assert.equal(await main(['docs', file], x.io), 0, x.o.err);
  assert.match(x.o.out, /## States/);
  // a suite case folder
  const cdir = path.join(dir, '00001');
  fs.mkdirSync(cdir);
  fs.writeFileSync(path.join(cdir, '00001-sbml-l3v2.xml'), DECAY);
  fs.writeFileSync(path.join(cdir, '00001-settings.txt'), 'start: 0\nduration: 2\nsteps: 2\nvariables: A, B\nabsolute: 1e-6\nrelative: 1e-6\namount: B\nconcentration: A\n');
  x = io();
  assert.equal(await main(['sbml-case', cdir, '--out', path.join(dir, 'r.csv')], x.io), 0, x.o.err);
  const rows = fs.readFileSync(path.join(dir, 'r.csv'), 'utf8').trim().split('\n');
  assert.equal(rows[0], 'time,A,B');
  assert.equal(rows.length, 4);
  assert.ok(Math.abs(Number(rows[3].split(',')[1]) - Math.exp(-1)) < 1e-7);
  // bad input
  const bad = path.join(dir, 'bad.xml');
  fs.writeFileSync(bad, sbml('<listOfRules><algebraicRule>' + math('<ci>x</ci>') + '</algebraicRule></listOfRules>'));
  x = io();
  assert.equal(await main(['import', 'sbml', bad, '--out', path.join(dir, 'bad.json')], x.io), 2);
  assert.match(x.o.err, /algebraicRule/);
  assert.equal(fs.existsSync(path.join(dir, 'bad.json')), false);
  x = io();
  assert.equal(await main(['simulate', path.join(dir, 'missing.xml')], x.io), 2);
  assert.match(x.o.err, /cannot be read/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('import: a model id the language does not accept (BioModels "MODEL1604270004") becomes a lower-case id; the name keeps the original', () => {
  const xml = DECAY.replace('<model id="m">', '<model id="MODEL1604270004">');
  const imp = importSBML(xml);
  assert.equal(imp.spec.id, 'model1604270004');
  assert.equal(imp.spec.name, 'MODEL1604270004');
  compileModel(imp.spec);
  const odd = importSBML(DECAY.replace('<model id="m">', '<model id="_My Model!">'));
  assert.equal(odd.spec.id, 'my-model-');
});

/** dx/dt = −x(t − 1), x = 1 before t0 = 0: by the method of steps x = 1 − t on [0, 1], + (t − 1)²/2 on [1, 2], − (t − 2)³/6 on [2, 3]. */
const DDE = sbml(`
  <listOfParameters><parameter id="x" value="1" constant="false"/><parameter id="tau" value="1" constant="true"/><parameter id="lag" constant="false"/></listOfParameters>
  <listOfRules>
    <rateRule variable="x">${math('<apply><minus/><apply><csymbol definitionURL="http://www.sbml.org/sbml/symbols/delay">delay</csymbol><ci>x</ci><ci>tau</ci></apply></apply>')}</rateRule>
    <assignmentRule variable="lag">${math('<apply><csymbol definitionURL="http://www.sbml.org/sbml/symbols/delay">delay</csymbol><csymbol definitionURL="http://www.sbml.org/sbml/symbols/time">time</csymbol><cn>0.5</cn></apply>')}</assignmentRule>
  </listOfRules>`);

test('delay(): a delay differential equation by the method of steps matches its piecewise-polynomial solution (bdf, rodas, dopri)', () => {
  const imp = importSBML(DDE);
  assert.deepEqual(imp.delays.map((d) => [d.x, d.d]).sort(), [['time', '0.5'], ['x', 'tau']]);
  const exact = (t: number): number => 1 - t + (t > 1 ? (t - 1) ** 2 / 2 : 0) - (t > 2 ? (t - 2) ** 3 / 6 : 0);
  const times = Array.from({ length: 13 }, (_, k) => k * 0.25);
  for (const method of ['bdf', 'rodas', 'dopri'] as const) {
    const r = runSbml(imp, { times, variables: ['x', 'lag'], method, rtol: 1e-10, atol: 1e-12 });
    assert.equal(r.code, 'success', r.message);
    times.forEach((t, i) => {
      assert.ok(Math.abs(r.columns[0][i] - exact(t)) < 1e-7, `${method} x(${t}) = ${r.columns[0][i]}, expected ${exact(t)}`);
      // delay(time, 0.5) is t − 0.5, also before the start (SBML: time runs in the history)
      assert.ok(Math.abs(r.columns[1][i] - (t - 0.5)) < 1e-7, `${method} lag(${t}) = ${r.columns[1][i]}`);
    });
  }
  // without the delay (the value at t0 throughout) x would be 1 − t: the history is what is read
  assert.ok(Math.abs(exact(3) - (1 - 3)) > 1);
});

test('CLI: import sbml lists the delays beside the spec (sbmlDelays) and says the JSON alone does not run them; simulate runs them', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'magbone-dde-'));
  const file = path.join(dir, 'dde.xml');
  fs.writeFileSync(file, DDE);
  const o = { out: '', err: '' };
  const io = { out: { write: (s: string) => { o.out += s; return true; } }, err: { write: (s: string) => { o.err += s; return true; } } } as never;
  assert.equal(await main(['import', 'sbml', file, '--out', path.join(dir, 'm.json')], io), 0, o.err);
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'm.json'), 'utf8'));
  assert.deepEqual(json.sbmlDelays.map((d: { x: string }) => d.x).sort(), ['time', 'x']);
  assert.ok(json.importNotes.some((n: string) => /only by magbone simulate on the SBML file/.test(n)));
  o.out = '';
  assert.equal(await main(['simulate', file, '--duration', '3', '--steps', '3', '--vars', 'x'], io), 0, o.err);
  assert.ok(Math.abs(Number(o.out.trim().split('\n')[4].split(',')[1]) + 1 / 6) < 1e-6, o.out);
  fs.rmSync(dir, { recursive: true, force: true });
});
