/**
 * Units on SBML import (model/sbml/import-units.ts): unit definitions (kind, exponent, scale,
 * multiplier), Level 2's predefined units and Level 3's model-level units, species as amount or
 * concentration, compartments, parameters, local parameters and reaction rates, become magbone unit
 * strings that mean the same; a unit magbone cannot express is "?" with the SBML unit written out and
 * marked unverified; an undeclared one is "?" with the reason. Unit mismatches in a file's maths are
 * reported, not enforced. Checked on hand-written models, on suite cases and on BIOMD0000000613, and
 * through the CLI (docs, params, outputs, simulate --header units).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { importSBML } from '../../src/model/sbml/import.js';
import { unitFromTerms } from '../../src/model/sbml/import-units.js';
import { parseUnit, sameUnit } from '../../src/model/units.js';
import { checkModel, listUncheckedQuantities } from '../../src/model/check.js';
import { compileModel } from '../../src/model/model.js';
import { runSbml } from '../../src/simulate/sbml.js';
import { main } from '../../src/cli/main.js';
import { readData, DATA } from '../helpers/paths.js';

const MATH = 'http://www.w3.org/1998/Math/MathML';
const math = (inner: string): string => `<math xmlns="${MATH}">${inner}</math>`;
const unit = (kind: string, o: { exponent?: number; scale?: number; multiplier?: number } = {}): string =>
  `<unit kind="${kind}" exponent="${o.exponent ?? 1}" scale="${o.scale ?? 0}" multiplier="${o.multiplier ?? 1}"/>`;
const def = (id: string, ...units: string[]): string => `<unitDefinition id="${id}"><listOfUnits>${units.join('')}</listOfUnits></unitDefinition>`;

/** Level 2 Version 4: substance redefined as mmol, time as hour; volume stays the predefined litre. */
const L2 = `<?xml version="1.0"?>
<sbml xmlns="http://www.sbml.org/sbml/level2/version4" level="2" version="4"><model id="l2">
  <listOfUnitDefinitions>
    ${def('substance', unit('mole', { scale: -3 }))}
    ${def('time', unit('second', { multiplier: 3600 }))}
    ${def('per_hour', unit('second', { exponent: -1, multiplier: 3600 }))}
    ${def('ug', unit('gram', { scale: -6 }))}
    ${def('mV', unit('volt', { scale: -3 }))}
  </listOfUnitDefinitions>
  <listOfCompartments><compartment id="c" size="2"/></listOfCompartments>
  <listOfSpecies>
    <species id="A" compartment="c" initialConcentration="1"/>
    <species id="B" compartment="c" initialAmount="0" hasOnlySubstanceUnits="true"/>
    <species id="M" compartment="c" initialAmount="3" substanceUnits="ug" hasOnlySubstanceUnits="true" boundaryCondition="true"/>
  </listOfSpecies>
  <listOfParameters>
    <parameter id="k" value="0.5" units="per_hour"/>
    <parameter id="v" value="-70" units="mV"/>
    <parameter id="q" value="1"/>
  </listOfParameters>
  <listOfReactions><reaction id="r" reversible="false">
    <listOfReactants><speciesReference species="A"/></listOfReactants>
    <listOfProducts><speciesReference species="B"/></listOfProducts>
    <kineticLaw>${math('<apply><times/><ci>c</ci><ci>k</ci><ci>A</ci><ci>f</ci></apply>')}
      <listOfParameters><parameter id="f" value="1" units="dimensionless"/></listOfParameters></kineticLaw>
  </reaction></listOfReactions>
</model></sbml>`;

test('Level 2: predefined units and their redefinitions; species as concentration or amount; the rate in substance per time', () => {
  const imp = importSBML(L2);
  const s = imp.spec;
  assert.equal(s.timeUnit, 'h');
  assert.equal(imp.timeUnit, 'h');
  assert.equal(s.parameters.c.unit, 'L', 'predefined volume');
  assert.equal(s.states.A.unit, 'mmol/L', 'substance / volume for a concentration');
  assert.equal(s.states.B.unit, 'mmol', 'an amount (hasOnlySubstanceUnits)');
  assert.equal(s.parameters.M.unit, 'ug', 'its own substanceUnits');
  assert.equal(s.parameters.k.unit, '1/h');
  assert.equal(s.parameters.r_f.unit, '1', 'a local parameter');
  assert.equal(s.rules.r.unit, 'mmol/h', 'extent (substance) per time');
  assert.equal(s.parameters.q.unit, '?');
  assert.match(s.parameters.q.description, /unit not declared in the SBML: no units attribute/);
  assert.equal(s.parameters.v.unit, '?', 'volt has no magbone unit');
  assert.match(s.parameters.v.description, /SBML unit \(0\.001 volt\) \(volt: no magbone unit; written out, unverified\)/);
  // the maths of this file is unit-consistent: c·k·A·f is mmol/h, and d[A]/dt = −r/c is mmol/L/h
  assert.deepEqual(checkModel(s), []);
  assert.deepEqual(listUncheckedQuantities(s).filter((q) => /mismatch/.test(q.reason)), []);
  // and runs as before: A(t) = e^{-k t}
  const r = runSbml(imp, { times: [0, 2], variables: ['A'], method: 'rodas', rtol: 1e-10, atol: 1e-14 });
  assert.ok(Math.abs(r.columns[0][1] - Math.exp(-1)) < 1e-8);
});

/** Level 3 Version 2: the model's substance, time, volume, area and extent units; compartments of 3 and 2 dimensions. */
const L3 = (modelAttrs: string, extra = ''): string => `<?xml version="1.0"?>
<sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2">
<model id="l3" ${modelAttrs}>
  <listOfUnitDefinitions>
    ${def('umol', unit('mole', { scale: -6 }))}
    ${def('day', unit('second', { multiplier: 86400 }))}
    ${def('mL', unit('litre', { scale: -3 }))}
    ${def('per_uM_per_day', unit('mole', { exponent: -1, scale: -6 }), unit('litre', { exponent: 1 }), unit('second', { exponent: -1, multiplier: 86400 }))}
    ${def('cells', unit('item'))}
    ${def('sqrt_s', unit('second', { exponent: 0.5 }))}
    ${def('pct', unit('dimensionless', { scale: -2 }))}
    ${def('N', unit('newton'))}
    ${def('cm2', unit('metre', { exponent: 2, scale: -2 }))}
  </listOfUnitDefinitions>
  <listOfCompartments>
    <compartment id="cyt" size="1" spatialDimensions="3" constant="true"/>
    <compartment id="mem" size="1" spatialDimensions="2" constant="true"/>
    <compartment id="pt" spatialDimensions="0" constant="true"/>
  </listOfCompartments>
  <listOfSpecies>
    <species id="X" compartment="cyt" initialConcentration="2" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/>
    <species id="Y" compartment="mem" initialConcentration="1" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/>
    <species id="Z" compartment="pt" initialAmount="1" hasOnlySubstanceUnits="false" boundaryCondition="true" constant="true"/>
  </listOfSpecies>
  <listOfParameters>
    <parameter id="kon" value="0.1" units="per_uM_per_day" constant="true"/>
    <parameter id="n" value="5" units="cells" constant="true"/>
    <parameter id="w" value="1" units="sqrt_s" constant="true"/>
    <parameter id="frac" value="5" units="pct" constant="true"/>
    <parameter id="force" value="1" units="N" constant="true"/>
    <parameter id="area" value="1" units="cm2" constant="true"/>
    <parameter id="kg" value="1" units="kilogram" constant="true"/>
  </listOfParameters>
  <listOfReactions><reaction id="bind" reversible="false">
    <listOfReactants><speciesReference species="X" stoichiometry="2" constant="true"/></listOfReactants>
    <listOfProducts><speciesReference id="sY" species="Y" stoichiometry="1" constant="true"/></listOfProducts>
    <kineticLaw>${math('<apply><times/><ci>cyt</ci><ci>kon</ci><ci>X</ci><ci>X</ci></apply>')}</kineticLaw>
  </reaction></listOfReactions>
  ${extra}
</model></sbml>`;

test('Level 3: model-level units by spatial dimension; extent per time; composed definitions; what magbone cannot express', () => {
  const imp = importSBML(L3('substanceUnits="umol" timeUnits="day" volumeUnits="mL" areaUnits="cm2" extentUnits="umol"'));
  const s = imp.spec;
  assert.equal(s.timeUnit, 'd');
  assert.equal(s.parameters.cyt.unit, 'mL');
  assert.equal(s.parameters.mem.unit, 'cm^2');
  assert.equal(s.states.X.unit, 'umol/mL');
  assert.equal(s.states.Y.unit, 'umol/cm^2', 'a concentration per area in a 2-dimensional compartment');
  assert.equal(s.parameters.Z.unit, 'umol', 'a 0-dimensional compartment: the amount');
  assert.equal(s.parameters.pt.unit, '?');
  assert.match(s.parameters.pt.description, /0-dimensional compartment has no size/);
  assert.equal(s.rules.bind.unit, 'umol/d');
  assert.equal(s.parameters.sY.unit, '1', 'a stoichiometry');
  assert.ok(sameUnit(parseUnit(s.parameters.kon.unit), parseUnit('L/umol/d')), s.parameters.kon.unit);
  assert.ok(sameUnit(parseUnit(s.parameters.frac.unit), parseUnit('%')));
  assert.ok(sameUnit(parseUnit(s.parameters.force.unit), parseUnit('kg*m/s^2')), s.parameters.force.unit);
  assert.equal(s.parameters.kg.unit, 'kg');
  for (const [id, why] of [['n', /item: no magbone unit/], ['w', /second\^0\.5 \(a non-integer exponent/]] as const) {
    assert.equal(s.parameters[id].unit, '?', id);
    assert.match(s.parameters[id].description, why);
    assert.match(s.parameters[id].description, /unverified/);
  }
  // kon·X·X·cyt is L/umol/d · (umol/mL)² · mL = 1000 umol/d, not umol/d: reported, not enforced
  assert.deepEqual(checkModel(s), []);
  const mism = listUncheckedQuantities(s).filter((q) => /mismatch/.test(q.reason));
  assert.equal(mism.length, 1);
  assert.match(mism[0].reason, /rule bind is declared in umol\/d.*times larger/);
  compileModel(s);
});

test('Level 3 without model-level units: species, compartments, reactions and time are "?" with the reason; unreferenced Level 2 names are not applied', () => {
  const imp = importSBML(L3('', '').replace('<listOfUnitDefinitions>', `<listOfUnitDefinitions>${def('substance', unit('mole', { scale: -3 }))}${def('time', unit('second', { multiplier: 60 }))}`));
  const s = imp.spec;
  assert.equal(s.parameters.cyt.unit, '?');
  assert.match(s.parameters.cyt.description, /the model declares no volumeUnits/);
  assert.equal(s.states.X.unit, '?');
  assert.match(s.states.X.description, /the model declares no substanceUnits/);
  assert.equal(s.rules.bind.unit, '?');
  assert.match(s.rules.bind.description, /no extentUnits/);
  assert.equal(imp.timeUnit, undefined);
  assert.equal(s.timeUnit, 's');
  assert.match(s.description, /time unit is not declared/);
  assert.ok(imp.notes.some((n) => /time unit is not known/.test(n)));
  assert.ok(imp.notes.some((n) => /'substance' = \(0\.001 mole\), 'time' = \(60 second\) are referenced by nothing/.test(n)), imp.notes.join('\n'));
  assert.ok(sameUnit(parseUnit(s.parameters.kon.unit), parseUnit('L/umol/d')), 'a parameter\'s own units stay declared');
});

test('unitFromTerms: every magbone spelling parses back to the SBML unit it stands for', () => {
  const cases: [{ kind: string; exponent: number; factor: number }[], string][] = [
    [[{ kind: 'mole', exponent: 1, factor: 1e-12 }, { kind: 'litre', exponent: -1, factor: 1 }, { kind: 'second', exponent: -1, factor: 3600 }], 'pmol/L/h'],
    [[{ kind: 'second', exponent: -1, factor: 60 }], '1/min'],
    [[{ kind: 'metre', exponent: 3, factor: 1 }], 'm^3'],
    [[{ kind: 'gram', exponent: 1, factor: 2.5 }], '(2.5 g)'],
    [[{ kind: 'dimensionless', exponent: 1, factor: 0.01 }], '0.01'],
    [[{ kind: 'hertz', exponent: 1, factor: 1 }], '(1/s)'],
    [[{ kind: 'katal', exponent: 1, factor: 1e-9 }], '(1e-9 mol/s)'],
    [[{ kind: 'mole', exponent: 1, factor: 1 }, { kind: 'litre', exponent: -1, factor: 1 }, { kind: 'litre', exponent: -1, factor: 1 }], 'mol/L^2'],
    [[{ kind: 'mole', exponent: 1, factor: 1 }, { kind: 'mole', exponent: -1, factor: 1 }], '1'],
    [[{ kind: 'avogadro', exponent: 1, factor: 1 }, { kind: 'mole', exponent: 1, factor: 1 }], '6.02214179e+23 mol'],
  ];
  for (const [terms, want] of cases) {
    const u = unitFromTerms(terms);
    assert.equal(u.unit, want);
    assert.equal(u.note, undefined);
  }
});

test('suite cases: units as the files declare them; every importable case still checks', () => {
  const cases = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(DATA, 'sbml-test-suite', 'cases.json.gz'))).toString('utf8')) as { id: string; model: string }[];
  const get = (id: string) => importSBML(cases.find((c) => c.id === id)!.model);
  // 00001 (L3v2): timeUnits="time" (second), species substanceUnits="substance" (mole) in a litre compartment
  let s = get('00001').spec;
  assert.equal(s.timeUnit, 's');
  assert.equal(s.states.S1.unit, 'mol/L');
  assert.equal(s.parameters.compartment.unit, 'L');
  assert.equal(s.parameters.k1.unit, '?');
  // every 25th case imports and checks (units shown, mismatches reported) as before units were read
  let n = 0;
  for (const c of cases.filter((x) => Number(x.id) % 25 === 0)) {
    let imp;
    try { imp = importSBML(c.model); } catch { continue; } // declined as before (delay, fbc, …)
    assert.deepEqual(checkModel(imp.spec), [], c.id);
    n++;
  }
  assert.ok(n > 50, `${n} cases`);
  // a Level 2 case with a 2-dimensional compartment in metre²
  const l2 = cases.find((c) => /level="2"/.test(c.model) && /spatialDimensions="2"/.test(c.model) && /listOfUnitDefinitions/.test(c.model));
  if (l2) {
    s = importSBML(l2.model).spec;
    assert.ok(Object.values(s.states).some((x) => x.unit !== '?'), l2.id);
  }
});

test('BIOMD0000000613 declares no units (Level 3, nothing referenced): "?" with the reason; its stray Level 2 definitions are named, not applied', () => {
  const imp = importSBML(readData('biomodels/BIOMD0000000613.xml'));
  assert.equal(imp.spec.states.PTH.unit, '?');
  assert.match(imp.spec.states.PTH.description, /the model declares no substanceUnits/);
  assert.equal(imp.timeUnit, undefined);
  // substance = mmol and volume = 10 L would make PTH (53.9, pmol in the paper) mmol per 10 L: wrong, so not applied
  assert.ok(imp.notes.some((n) => /'time' = \(3600 second\).*'volume' = \(10 litre\).*'substance' = \(0\.001 mole\).*not applied/.test(n)), imp.notes.join('\n'));
  assert.deepEqual(checkModel(imp.spec), []);
});

test('CLI: params, outputs and docs of an SBML file show its units; simulate --header units', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'magbone-sbml-units-'));
  const file = path.join(dir, 'l2.xml');
  fs.writeFileSync(file, L2);
  const io = () => { const o = { out: '', err: '' }; return { o, io: { out: { write: (x: string) => { o.out += x; return true; } }, err: { write: (x: string) => { o.err += x; return true; } } } as never }; };
  let x = io();
  assert.equal(await main(['params', file, '--json'], x.io), 0, x.o.err);
  const params = JSON.parse(x.o.out).parameters as { name: string; unit: string; description: string }[];
  assert.equal(params.find((p) => p.name === 'k')?.unit, '1/h');
  assert.match(params.find((p) => p.name === 'q')?.description ?? '', /no units attribute/);
  x = io();
  assert.equal(await main(['outputs', file, '--json'], x.io), 0, x.o.err);
  const outs = JSON.parse(x.o.out).outputs as { name: string; kind: string; unit: string }[];
  assert.deepEqual(outs.filter((o) => o.name === 'A' || o.name === 'r').map((o) => [o.name, o.kind, o.unit]), [['A', 'state', 'mmol/L'], ['r', 'rule', 'mmol/h']]);
  x = io();
  assert.equal(await main(['docs', file], x.io), 0, x.o.err);
  assert.match(x.o.out, /mmol\/L/);
  assert.match(x.o.out, /Time unit.*`h`/);
  x = io();
  assert.equal(await main(['simulate', file, '--duration', '2', '--steps', '2', '--header', 'units'], x.io), 0, x.o.err);
  assert.match(x.o.out, /^time \[h\],A \[mmol\/L\],B \[mmol\],M \[ug\]\n0,1,0,3\n/);
  x = io();
  assert.equal(await main(['simulate', file, '--header', 'bogus'], x.io), 2);
  assert.match(x.o.err, /--header: 'bogus'/);
  x = io();
  assert.equal(await main(['params', path.join(dir, 'missing.xml')], x.io), 2);
  assert.match(x.o.err, /cannot be read/);
  fs.rmSync(dir, { recursive: true, force: true });
});
