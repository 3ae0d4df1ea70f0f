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
import { HUMAN_SCENARIO_CLASSES, scenarioClassOf, parseValidatedDomain, domainWarnings } from '../../src/simulate/guards.js';

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
  const types = new Set<string>();
  for (const line of text.split('\n')) {
    const c = line.split('|').map((x) => x.trim());
    if (c.length === 8 && /^[a-z0-9][a-z0-9_-]*$/.test(c[1]) && (c[4] === 'training' || c[4] === 'test')) types.add(c[3]);
  }
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
