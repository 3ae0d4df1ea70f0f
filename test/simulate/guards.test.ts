/**
 * The validated domain and the interfaces' warnings (issue #13 item 7) use one set of scenario classes.
 * Before session 13 a study whose data type carried a note ("CKD (session 12: …)", "drugs (rule 2, session 7)",
 * "menopause turnover (…)") formed a class of its own that no run could fall in, so its evidence never reached a
 * warning: a CKD run showing urinary Ca was told it had not been checked, though liu2022 checks it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../src/node/package-root.js';
import { splitTableRows } from '../../src/node/study-files.js';
import { HUMAN_SCENARIO_CLASSES, scenarioClassOf, parseValidatedDomain, parseValidatedFailures, parseValidatedStudies, domainWarnings } from '../../src/simulate/guards.js';

const ROOT = packageRoot();
const CLASSES: readonly string[] = HUMAN_SCENARIO_CLASSES;
const domain = parseValidatedDomain(fs.readFileSync(path.join(ROOT, 'src', 'models', 'human-mg-bone', 'calibration', 'validated-domain.md'), 'utf8'));

test('scenarioClassOf: the text before a parenthesised note', () => {
  assert.equal(scenarioClassOf('CKD (session 12: urinary Ca against eGFR, CRIC)'), 'CKD');
  assert.equal(scenarioClassOf('IV kinetics'), 'IV kinetics');
  assert.equal(scenarioClassOf(' menopause (turnover; session 8) '), 'menopause');
});

test('every data type of the study library is a scenario class the warnings know', () => {
  const text = fs.readFileSync(path.join(ROOT, 'studies', 'README.md'), 'utf8');
  const types = new Set(splitTableRows(text).map((r) => r.dataType));
  assert.ok(types.size >= 10, `${types.size} data types`);
  for (const t of types) assert.ok(CLASSES.includes(scenarioClassOf(t)), `data type "${t}" is not one of ${CLASSES.join(', ')}`);
  // and the shipped validated domain has exactly those classes, no orphan rows
  for (const cls of domain.keys()) assert.ok(CLASSES.includes(cls), `validated-domain.md class "${cls}"`);
});

test('evidence of annotated studies reaches the warnings: CKD urinary Ca, teriparatide serum Ca, menopause CTX', () => {
  const run = (doses: { cmt: string; amt: number }[] = []) => ({ modelId: 'human-mg-bone', scenario: { doses } });
  // liu2022 (CKD, urinary Ca)
  assert.deepEqual(domainWarnings(run(), { conditions: { eGFR: 20 } }, ['urine_Ca', 'Ca_serum'], domain), []);
  // satterwhite2010 / wesselingperry2010 (drugs: serum Ca under PTH(1-34)) and neer2001 (drugs: BMD level)
  assert.deepEqual(domainWarnings(run([{ cmt: 'TERISC', amt: 20 }]), {}, ['Ca_serum', 'BMD_ls_level'], domain), []);
  // garnero1996 (menopause turnover: CTX)
  assert.deepEqual(domainWarnings(run(), { conditions: { postmenopausal: true } }, ['CTX'], domain), []);
  // and a class still warns for what none of its studies measured
  const w = domainWarnings(run(), { conditions: { eGFR: 20 } }, ['BMD_ls'], domain);
  assert.equal(w.length, 1, w.join('\n'));
  assert.match(w[0], /^BMD_ls: checked against data, but not in scenarios of the class "CKD"/);
});

// Session 13: "checked" did not mean "right". The validated domain now also lists the checks the model fails at its own
// parameter values, and a run showing such an output in that class is told which.
test('a shown output whose checks in the scenario\'s class the model fails is named, with the failing checks', () => {
  const md = fs.readFileSync(path.join(ROOT, 'src', 'models', 'human-mg-bone', 'calibration', 'validated-domain.md'), 'utf8');
  const failures = parseValidatedFailures(md);
  // the parser and the document agree: every failing label is a study/arm/measurement of the library with its split
  for (const [, byOutput] of failures) for (const [, f] of byOutput) {
    assert.ok(f.failing.length >= 1 && f.checks >= f.failing.length, JSON.stringify(f));
    for (const l of f.failing) assert.match(l, /^[a-z0-9_-]+\/[a-z0-9_-]+\/[a-z0-9_-]+ \((training|test)\)$/i);
  }
  const run = (doses: { cmt: string; amt: number }[] = []) => ({ modelId: 'human-mg-bone', scenario: { doses } });
  // teriparatide serum Ca: wesselingperry2010's healthy rise (test) and, since session 15, horwitz2011's 7-day Ca (training)
  // fail at the model's values (satterwhite2010's peak, failing until session 14, passes)
  const teri = domainWarnings(run([{ cmt: 'TERISC', amt: 20 }]), {}, ['Ca_serum'], domain, failures);
  assert.equal(teri.length, 1, teri.join('\n'));
  assert.match(teri[0], /^Ca_serum: in scenarios of the class "drugs" the model fails \d+ of its \d+ checks .*wesselingperry2010\/healthy\/ca-rise \(test\)/);
  assert.doesNotMatch(teri[0], /satterwhite2010/);
  // without the failures document nothing is said about them (the earlier API)
  assert.deepEqual(domainWarnings(run([{ cmt: 'TERISC', amt: 20 }]), {}, ['Ca_serum'], domain), []);
  // an output the class checks and the model passes there gets no warning (IV Mg: PTH, from the library's own cells). The
  // example changes when the model starts failing it: serum Mg until session 20 (since then cruikshank1979's 12-h level, a
  // test fact, fails), cumulative urinary Mg in sessions 20-21 (since session 21 the model's own values fail the new
  // training study mgloadtest1994; the shipped calibration meets it)
  assert.ok(domain.get('IV kinetics')?.has('PTH') && !failures.get('IV kinetics')?.get('PTH'), 'the IV-kinetics PTH checks pass');
  assert.deepEqual(domainWarnings(run([{ cmt: 'Mg_iv', amt: 16 }]), {}, ['PTH'], domain, failures), []);
  // and cumulative urinary Mg there is now named with its failing training check
  const ivCum = domainWarnings(run([{ cmt: 'Mg_iv', amt: 16 }]), {}, ['Mg_urine_cum'], domain, failures);
  assert.equal(ivCum.length, 1, ivCum.join('\n'));
  assert.match(ivCum[0], /mgloadtest1994\/load\/excreted-24h \(training\)/);
  // and serum Mg in that class is named with its failing check
  const ivMg = domainWarnings(run([{ cmt: 'Mg_iv', amt: 16 }]), {}, ['Mg_serum'], domain, failures);
  assert.equal(ivMg.length, 1, ivMg.join('\n'));
  assert.match(ivMg[0], /cruikshank1979\/mgso4\/mg-level \(test\)/);
  // a document without the table parses to nothing
  assert.equal(parseValidatedFailures('# nothing here\n').size, 0);
  // the studies table is read by its own heading: study ids only, never the failing table's labels
  const studies = parseValidatedStudies(md);
  assert.ok(studies.get('urine_Ca')?.includes('liu2022'), JSON.stringify(studies.get('urine_Ca')));
  for (const [, ids] of studies) for (const id of ids) assert.match(id, /^[a-z0-9_-]+$/);
  assert.equal(parseValidatedStudies('# nothing here\n').size, 0);
});
