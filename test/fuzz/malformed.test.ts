/**
 * Fuzz suite, malformed inputs (issue #15, item 4): a valid scenario with one defect (an unknown key
 * at any level, prototype names included; a wrong value), broken JSON/YAML, too-deep nesting, bad
 * flags, defective study files must give exit 2 with a message naming the path of the problem and
 * write nothing; mutated SBML must be read or refused with the reader's own error. Fixed seeds and
 * budget; long campaigns: `npm run fuzz -- --minutes N --kind malformed`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { malformedCase, mutatedSbml, defectiveStudy, brokenText, badFlags } from './malformed.js';
import { runMalformedInProcess, runMalformedCli, BAD_CLASSES } from './check.js';
import { findModel } from '../../src/models/index.js';
import { toSBML, fromSBML, SbmlReadError, XmlSyntaxError } from '../../src/model/sbml/index.js';

test('malformed inputs in-process (through the magbone dispatcher): exit 2 naming the path, nothing written', { timeout: 600_000 }, async () => {
  const classes = new Map<string, number>();
  await fc.assert(fc.asyncProperty(malformedCase(), async (c) => {
    const o = await runMalformedInProcess(c);
    classes.set(o.cls, (classes.get(o.cls) ?? 0) + 1);
    if (BAD_CLASSES.has(o.cls)) throw new Error(`${o.cls}: ${o.detail}`);
  }), { seed: 15, numRuns: 150, endOnFailure: true });
  assert.deepEqual([...classes.keys()], ['ok']);
});

test('each kind of malformed input at least a few times in-process (text, flags, studies)', { timeout: 600_000 }, async () => {
  for (const [arb, n] of [[brokenText(), 20], [badFlags(), 20], [defectiveStudy(), 15]] as const) {
    await fc.assert(fc.asyncProperty(arb, async (c) => {
      const o = await runMalformedInProcess(c);
      if (o.cls !== 'ok') throw new Error(`${o.cls}: ${o.detail}`);
    }), { seed: 16, numRuns: n, endOnFailure: true });
  }
});

test('malformed inputs through the magbone command: exit 2 naming the path, no exit 70, nothing written', { timeout: 600_000 }, () => {
  fc.assert(fc.property(malformedCase(), (c) => {
    const o = runMalformedCli(c);
    if (o.cls !== 'ok') throw new Error(`${o.cls}: ${o.detail}`);
  }), { seed: 17, numRuns: 8, endOnFailure: true });
});

test('mutated SBML documents are read or refused with SbmlReadError / XmlSyntaxError, nothing else', () => {
  const docs = ['peterson-riggs-2010', 'dutta-layton-2024'].map((m) => toSBML(findModel(m)!.spec));
  let refused = 0;
  fc.assert(fc.property(fc.constantFrom(...docs).chain((d) => mutatedSbml(d)), (x) => {
    try { fromSBML(x.text); } catch (e) {
      if (!(e instanceof SbmlReadError || e instanceof XmlSyntaxError)) throw new Error(`${x.label}: ${(e as Error)?.name}: ${(e as Error)?.message}`);
      refused++;
    }
  }), { seed: 18, numRuns: 150 });
  assert.ok(refused > 0, 'the mutations should break some documents');
});
