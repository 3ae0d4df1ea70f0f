/**
 * The SBML building blocks on their own: unit definitions, MathML printing of truth values and
 * numbers, MathML reading of constructs other tools write (n-ary operators, chained comparisons,
 * roots and logarithms of other bases, user function definitions), the XML parser's errors, and
 * the reader's handling of plain SBML without magbone annotations and of unsupported content.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toSbmlUnits, sbmlUnitsFactor, unitIdFor, fromSBML, SbmlReadError, XmlSyntaxError, toSBML } from '../../src/model/sbml/index.js';
import { mathLines, readMath, type FunctionDef } from '../../src/model/sbml/mathml.js';
import { parseXml } from '../../src/model/sbml/xml.js';
import { parse, evaluate, toText, type Expr, type Leaf } from '../../src/model/expr/index.js';
import { parseUnit, BASE_DIMS, sameUnit } from '../../src/model/units.js';
import { compileModel, checkModel, type ModelSpec } from '../../src/model/index.js';
import { solve, rodas5 } from '../../src/solver/index.js';
import { featureModel } from './sbml-fixture-model.js';

const unitsOf = (u: string) => {
  const r = toSbmlUnits(u);
  assert.ok(r.units, `${u}: ${r.reason}`);
  return r.units.map((x) => `${x.kind}^${x.exponent} s${x.scale} m${x.multiplier}`);
};

test('unit definitions: readable decomposition, and the same size and dimension as our parser says', () => {
  assert.deepEqual(unitsOf('pmol/L/h'), ['mole^1 s-12 m1', 'litre^-1 s0 m1', 'second^-1 s0 m3600']);
  assert.deepEqual(unitsOf('mg/d'), ['gram^1 s-3 m1', 'second^-1 s0 m86400']);
  assert.deepEqual(unitsOf('1/min'), ['second^-1 s0 m60']);
  assert.deepEqual(unitsOf('%'), ['dimensionless^1 s-2 m1']);
  assert.deepEqual(unitsOf('L'), ['litre^1 s0 m1']);
  assert.deepEqual(unitsOf('cells/uL'), ['litre^-1 s-6 m1', 'item^1 s0 m1']);
  for (const u of ['pmol/L/h', 'mg/d', 'ug/L', 'nmol/L', 'mL/min/1.73m2', 'g/cm3', 'umol/mmol', 'L/h', 'mmol/L/d', 'cells/uL', '1/y', 'mo', 'pmol*h/L', 'm2', 'ng/mL']) {
    const r = toSbmlUnits(u);
    assert.ok(r.units, u);
    const ours = parseUnit(u);
    assert.ok(Math.abs(sbmlUnitsFactor(r.units) - ours.scale) <= 1e-12 * ours.scale, `${u}: factor ${sbmlUnitsFactor(r.units)} vs ${ours.scale}`);
    const dims = BASE_DIMS.map(() => 0);
    const dimOf: Record<string, [string, number]> = { mole: ['mol', 1], gram: ['g', 1], litre: ['m', 3], metre: ['m', 1], second: ['s', 1], item: ['cell', 1] };
    for (const x of r.units) if (dimOf[x.kind]) dims[BASE_DIMS.indexOf(dimOf[x.kind][0] as (typeof BASE_DIMS)[number])] += x.exponent * dimOf[x.kind][1];
    assert.deepEqual(dims, [...ours.dims].map((x) => x + 0), u);
  }
  assert.ok(toSbmlUnits('?').reason);
  assert.match(toSbmlUnits('meq/L').reason ?? '', /eq or IU/);
  assert.match(toSbmlUnits('IU/mL').reason ?? '', /eq or IU/);
  assert.equal(unitIdFor('pmol/L/h'), 'pmol_per_L_per_h');
  assert.equal(unitIdFor('1/h'), 'per_h');
  assert.equal(unitIdFor('h^-1'), 'h_pow_minus_1');
  assert.equal(unitIdFor('µg/L'), 'ug_per_L');
  assert.equal(unitIdFor('1.73m2'), 'u_1_73m2');
  assert.equal(unitIdFor('item'), 'u_item');
});

const mathml = (text: string): string => mathLines(parse(text)).join('\n');

test('MathML: truth values and numbers kept apart, literals dimensionless except 0, time as csymbol', () => {
  assert.match(mathml('if(sw, a, b)'), /<neq\/>\s*<ci>sw<\/ci>\s*<cn type="integer">0<\/cn>/);
  const cmp = mathml('(x > 1) * k');
  assert.match(cmp, /<times\/>\s*<piecewise>\s*<piece>\s*<cn type="integer" sbml:units="dimensionless">1<\/cn>\s*<apply>\s*<gt\/>/);
  assert.match(mathml('!sw && x < 2'), /<and\/>\s*<apply>\s*<not\/>\s*<apply>\s*<neq\/>/);
  assert.match(mathml('log10(x)'), /<log\/>\s*<logbase>\s*<cn type="integer" sbml:units="dimensionless">10<\/cn>/);
  assert.match(mathml('log(x)'), /<ln\/>/);
  assert.match(mathml('sqrt(x)'), /<root\/>/);
  assert.match(mathml('k * 2.5e-9'), /<cn type="e-notation" sbml:units="dimensionless">2.5<sep\/>-9<\/cn>/);
  assert.match(mathml('k * 0.125'), /<cn sbml:units="dimensionless">0.125<\/cn>/);
  assert.match(mathml('exp(-k * t)'), /<csymbol encoding="text" definitionURL="http:\/\/www.sbml.org\/sbml\/symbols\/time">t<\/csymbol>/);
  assert.match(mathml('hill(x, K, n)'), /<apply>\s*<ci>hill<\/ci>\s*<ci>x<\/ci>/);
  assert.throws(() => mathml('y[3]'), /indexed name/);
});

test('MathML reader: constructs other tools write', () => {
  const M = 'xmlns="http://www.w3.org/1998/Math/MathML"';
  const fns = new Map([['f', { params: ['a', 'b'], body: parseXml(`<apply ${M}><minus/><ci>a</ci><ci>b</ci></apply>`) }]]);
  const read = (inner: string): number =>
    evaluate(readMath(parseXml(`<math ${M}>${inner}</math>`), fns), (l) => ({ x: 2, y: 3, z: 4 } as Record<string, number>)[(l as { name: string }).name]);
  assert.equal(read('<apply><plus/><ci> x </ci><ci>y</ci><ci>z</ci></apply>'), 9);
  assert.equal(read('<apply><times/><ci>x</ci><ci>y</ci><ci>z</ci></apply>'), 24);
  assert.equal(read('<apply><plus/></apply>'), 0);
  assert.equal(read('<apply><minus/><ci>x</ci></apply>'), -2);
  assert.equal(read('<apply><lt/><ci>x</ci><ci>y</ci><ci>z</ci></apply>'), 1);
  assert.equal(read('<apply><lt/><ci>x</ci><ci>z</ci><ci>y</ci></apply>'), 0);
  assert.equal(read('<apply><xor/><true/><false/></apply>'), 1);
  assert.equal(read('<apply><xor/><true/><true/></apply>'), 0);
  assert.equal(read('<apply><root/><degree><cn>3</cn></degree><cn>27</cn></apply>'), 3);
  assert.equal(read('<apply><log/><logbase><cn>2</cn></logbase><cn>8</cn></apply>'), 3);
  assert.equal(read('<apply><log/><cn>1000</cn></apply>'), 3);
  assert.equal(read('<cn type="rational">1<sep/>4</cn>'), 0.25);
  assert.equal(read('<cn type="e-notation"> 1.5 <sep/> 3 </cn>'), 1500);
  assert.equal(read('<semantics><apply><ci>f</ci><ci>z</ci><ci>x</ci></apply><annotation>x</annotation></semantics>'), 2);
  assert.equal(read('<piecewise><piece><cn>5</cn><apply><gt/><ci>x</ci><cn>1</cn></apply></piece><otherwise><cn>6</cn></otherwise></piecewise>'), 5);
  assert.equal(read('<apply><max/><ci>x</ci><ci>z</ci><ci>y</ci></apply>'), 4);
  assert.equal(read('<pi/>'), Math.PI);
  assert.throws(() => read('<apply><gcd/><ci>x</ci><ci>y</ci></apply>'), /<gcd> is not supported/); // floor became supported; gcd is not
  assert.equal(read('<apply><floor/><cn>2.5</cn></apply>'), 2);
  assert.equal(read('<apply><sec/><cn>0</cn></apply>'), 1);
  assert.throws(() => read('<apply><ci>g</ci><ci>x</ci></apply>'), /'g', which is not a function definition/);
  assert.throws(() => read('<apply><divide/><ci>x</ci></apply>'), /<divide> takes 2 arguments, got 1/);
});

test('XML parser: entities, CDATA, comments, namespaces; errors say where', () => {
  const e = parseXml('<?xml version="1.0"?>\n<!-- c -->\n<a xmlns="u:a" xmlns:b="u:b" t="x &amp; &#65;&#x42; &quot;"><b:c>1 &lt; 2<![CDATA[<raw>]]></b:c><!-- c --></a>');
  assert.equal(e.ns, 'u:a');
  assert.equal(e.attrs.t, 'x & AB "');
  const c = e.children[0];
  assert.ok(typeof c !== 'string' && c.ns === 'u:b' && c.local === 'c' && c.children[0] === '1 < 2<raw>');
  const where = (xml: string, re: RegExp): void => assert.throws(() => parseXml(xml), (err: unknown) => err instanceof XmlSyntaxError && re.test(err.message));
  where('<a>\n<b></a>', /line 2.*<\/a> closes <b>/);
  where('<a>', /not closed/);
  where('<!DOCTYPE a [<!ENTITY x "y">]><a/>', /DOCTYPE/);
  where('<p:a/>', /undeclared namespace prefix 'p'/);
  where('<a x="1" x="2"/>', /duplicate attribute/);
  where('<a>&bogus;</a>', /unknown entity/);
  where('<a>&#x110000;</a>', /out of range/);
  where('<a/><b/>', /content after the root element/);
});

const PLAIN = (extra = ''): string => `<?xml version="1.0" encoding="UTF-8"?>
<sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2">
  <model id="decay" name="Decay" timeUnits="hour">
    <listOfUnitDefinitions>
      <unitDefinition id="hour"><listOfUnits><unit kind="second" exponent="1" scale="0" multiplier="3600"/></listOfUnits></unitDefinition>
      <unitDefinition id="per_hour"><listOfUnits><unit kind="second" exponent="-1" scale="0" multiplier="3600"/></listOfUnits></unitDefinition>
      <unitDefinition id="pct"><listOfUnits><unit kind="dimensionless" exponent="1" scale="-2" multiplier="1"/></listOfUnits></unitDefinition>
      <unitDefinition id="amp" name="not a unit of ours"><listOfUnits><unit kind="ampere" exponent="1" scale="0" multiplier="1"/></listOfUnits></unitDefinition>
      <unitDefinition id="mM"><listOfUnits><unit kind="mole" exponent="1" scale="-3" multiplier="1"/><unit kind="litre" exponent="-1" scale="0" multiplier="1"/></listOfUnits></unitDefinition>
    </listOfUnitDefinitions>
    <listOfCompartments><compartment id="cell" size="1" constant="true"/></listOfCompartments>
    <listOfSpecies>
      <species id="A" compartment="cell" initialConcentration="2" substanceUnits="mole" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false">
        <notes><body xmlns="http://www.w3.org/1999/xhtml"><p>Substance A.</p></body></notes>
      </species>
    </listOfSpecies>
    <listOfParameters>
      <parameter id="k" value="0.5" units="per_hour" constant="true"/>
      <parameter id="C" units="mM" constant="false"/>
      <parameter id="frac" value="5" units="pct" constant="true"/>
      <parameter id="current" value="1" units="amp" constant="true"/>
    </listOfParameters>
    <listOfRules>
      <rateRule variable="A"><math xmlns="http://www.w3.org/1998/Math/MathML"><apply><times/><apply><minus/><ci>k</ci></apply><ci>A</ci></apply></math></rateRule>
      <assignmentRule variable="C"><math xmlns="http://www.w3.org/1998/Math/MathML"><apply><times/><cn>1000</cn><ci>A</ci></apply></math></assignmentRule>
    </listOfRules>
    ${extra}
  </model>
</sbml>`;

test('reader: plain SBML without magbone annotations becomes a model that checks, compiles and solves', () => {
  const spec = fromSBML(PLAIN());
  assert.equal(spec.timeUnit, 'h');
  assert.equal(spec.states.A.description, 'Substance A.');
  assert.equal(spec.states.A.unit, 'mol');
  assert.equal(spec.states.A.initial, 2);
  assert.equal(spec.parameters.k.unit, '(3600 s)^-1');
  assert.ok(sameUnit(parseUnit(spec.parameters.k.unit), parseUnit('1/h')));
  assert.equal(spec.parameters.k.source, 'assumed: imported from SBML without a source');
  assert.equal(parseUnit(spec.parameters.frac.unit).scale, 0.01);
  assert.equal(spec.parameters.current.unit, '?', 'a kind we have no unit for');
  assert.equal(toText(parse(spec.states.A.ode)), '-k * A');
  assert.equal(spec.rules.C.expr, '1000 * A');
  const issues = checkModel(spec).filter((i) => i.code !== 'unit-mismatch'); // 1000 * mol is not mM: the file's own units
  assert.deepEqual(issues, []);
  const relaxed = { ...spec, rules: { C: { ...spec.rules.C, unit: '?' } } };
  const m = compileModel(relaxed);
  const p = m.params();
  const sol = solve(m.problem({ p, y0: m.initialState(p), t0: 0, tEnd: 4 }), rodas5(), { rtol: 1e-10, atol: 1e-14, tOut: [0, 1, 4] });
  assert.ok(Math.abs(sol.y[0][2] - 2 * Math.exp(-2)) < 1e-8, `A(4) = ${sol.y[0][2]}`);
});

test('reader: unsupported content is reported, every problem at once', () => {
  const bad = PLAIN(`<listOfReactions><reaction id="r" reversible="false"/></listOfReactions>
    <listOfEvents><event id="e"/></listOfEvents>`).replace('<ci>k</ci></apply><ci>A</ci>', '<ci>k</ci></apply><apply><gcd/><ci>A</ci><ci>A</ci></apply>')
    .replace('initialConcentration="2" ', '');
  assert.throws(() => fromSBML(bad), (e: unknown) => {
    assert.ok(e instanceof SbmlReadError);
    const all = e.problems.join('\n');
    for (const re of [/reactions are not supported/, /events are not supported/, /<gcd> is not supported/, /'A' has neither an initial value/]) assert.match(all, re);
    return true;
  });
  assert.throws(() => fromSBML('<notsbml/>'), /root element is <notsbml>/);
  assert.throws(() => fromSBML('<sbml><model'), XmlSyntaxError);
});

test('writer: clear errors for a model that does not check; names that collide with the compartment are avoided', () => {
  const broken = {
    ...featureModel,
    rules: { ...featureModel.rules, Cc: { ...featureModel.rules.Cc, expr: 'central / V9' } },
    observables: { ...featureModel.observables, R_rel: { ...featureModel.observables.R_rel, expr: 'R / R0 +' } },
  };
  assert.throws(() => toSBML(broken), (e: unknown) => {
    const msg = (e as Error).message;
    assert.match(msg, /rules\.Cc\.expr.*unknown symbol 'V9'.*did you mean 'V1'/);
    assert.match(msg, /observables\.R_rel\.expr/);
    return true;
  });
  const clash = { ...featureModel, parameters: { ...featureModel.parameters, compartment: { value: 1, unit: '1', description: 'x', source: 'assumed: test' } } };
  const xml = toSBML(clash);
  assert.match(xml, /<compartment id="compartment_"/);
  assert.match(xml, /compartment="compartment_"/);
});

test('fround: an identity function definition marked as rounding, read back as fround; unmarked it is the identity', () => {
  assert.match(mathml('fround(k * x)'), /<apply>\s*<ci>fround<\/ci>\s*<apply>\s*<times\/>/);
  const xml = toSBML(featureModel);
  const def = /<functionDefinition id="fround"[\s\S]*?<\/functionDefinition>/.exec(xml)?.[0] ?? '';
  assert.match(def, /<notes>[\s\S]*single-precision[\s\S]*the body is the identity[\s\S]*<\/notes>/);
  assert.match(def, /<annotation>\s*<mb:rounding xmlns:mb="urn:magbone:sbml:1" format="binary32"\/>\s*<\/annotation>/);
  assert.match(def, /<lambda>\s*<bvar><ci>x<\/ci><\/bvar>\s*<ci>x<\/ci>\s*<\/lambda>/);
  assert.doesNotMatch(toSBML({ ...featureModel, rules: { ...featureModel.rules, misc: { ...featureModel.rules.misc, expr: '1' } } }), /id="fround"/,
    'written only when used');

  const M = 'xmlns="http://www.w3.org/1998/Math/MathML"';
  const identity = parseXml(`<ci ${M}>a</ci>`);
  const read = (def: FunctionDef): Expr => readMath(parseXml(`<math ${M}><apply><ci>g</ci><ci>x</ci></apply></math>`), new Map([['g', def]]));
  const at = (e: Expr): number => evaluate(e, () => 0.1);
  assert.equal(toText(read({ params: ['a'], body: identity, rounding: 'binary32' })), 'fround(x)');
  assert.equal(at(read({ params: ['a'], body: identity, rounding: 'binary32' })), Math.fround(0.1));
  assert.equal(toText(read({ params: ['a'], body: identity })), 'x', 'unmarked: the mathematics as written');
  const twice = parseXml(`<apply ${M}><times/><cn>2</cn><ci>a</ci></apply>`);
  assert.equal(toText(read({ params: ['a'], body: twice, rounding: 'binary32' })), '2 * x', 'marked, but not the identity: the body, not trusted by the mark');

  // through the whole reader: the rule that uses it comes back rounding, or not without the mark
  const misc = (spec: ModelSpec): Expr => parse(spec.rules.misc.expr);
  assert.match(fromSBML(xml).rules.misc.expr, /fround\(Cc \/ EC50\) - fround\(third\)/);
  const unmarked = fromSBML(xml.replace(/<annotation>\s*<mb:rounding[^>]*\/>\s*<\/annotation>/, ''));
  assert.doesNotMatch(unmarked.rules.misc.expr, /fround/);
  const values = (l: Leaf): number => (l.kind === 'sym' && l.name === 'third' ? 1 / 3 : 0.7);
  assert.notEqual(evaluate(misc(unmarked), values), evaluate(misc(featureModel), values));
  assert.throws(() => fromSBML(xml.replace('<mb:rounding xmlns:mb="urn:magbone:sbml:1" format="binary32"/>', '<mb:rounding xmlns:mb="urn:magbone:sbml:1" format="binary16"/>')),
    (e: unknown) => e instanceof SbmlReadError && /functionDefinition 'fround': rounding format 'binary16' is not supported/.test(e.message));
});
