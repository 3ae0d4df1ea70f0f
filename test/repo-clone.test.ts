/**
 * A clone of the repository alone builds and passes a smoke subset (issue #15, item 5): `git clone`
 * of the committed HEAD into an empty temporary folder (nothing beside it: no data folder, no parent
 * checkout), node_modules linked from this checkout (no network), `tsc -p .`, then one reproduction
 * of a published model against the vendored reference data, the data-integrity test, and the README's
 * first command (`magbone simulate mgb-half-mg-intake-5y --plot example.png`).
 *
 * Skipped, saying why, when git is missing, this is not a git checkout, or it has no commits.
 * Uncommitted changes are not in the clone: the test checks what a user cloning would get.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT } from './helpers/paths.js';

function git(args: string[], cwd: string): { ok: boolean; out: string } {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

function skipReason(): string | undefined {
  if (!git(['--version'], ROOT).ok) return 'git is not available';
  if (!git(['rev-parse', '--git-dir'], ROOT).ok) return `${ROOT} is not a git checkout`;
  if (!git(['rev-parse', '--verify', 'HEAD'], ROOT).ok) return 'the repository has no commits';
  if (!fs.existsSync(path.join(ROOT, 'node_modules', 'typescript'))) return 'node_modules is not installed here (run npm ci)';
  return undefined;
}

const reason = skipReason();

test('a git clone of the repository alone builds and passes a smoke subset', { skip: reason ?? false, timeout: 600_000 }, () => {
  const outer = fs.mkdtempSync(path.join(os.tmpdir(), 'magbone-clone-'));
  const repo = path.join(outer, 'magbone');
  try {
    const c = git(['clone', '--quiet', '--no-hardlinks', ROOT, repo], outer);
    assert.ok(c.ok, `git clone failed: ${c.out}`);
    assert.deepEqual(fs.readdirSync(outer), ['magbone'], 'nothing beside the clone');
    fs.symlinkSync(fs.realpathSync(path.join(ROOT, 'node_modules')), path.join(repo, 'node_modules'), 'dir');

    const node = (args: string[], label: string): string => {
      // NODE_TEST_CONTEXT would make the inner `node --test` believe it is nested in this one and run nothing
      const env: NodeJS.ProcessEnv = { ...process.env, MAGBONE_SLOW: '0', CI: '' };
      delete env.NODE_TEST_CONTEXT;
      const r = spawnSync(process.execPath, args, { cwd: repo, encoding: 'utf8', env });
      assert.equal(r.status, 0, `${label} failed (exit ${r.status}):\n${(r.stdout ?? '').slice(-3000)}\n${(r.stderr ?? '').slice(-3000)}`);
      return `${r.stdout}${r.stderr}`;
    };
    node([path.join('node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], 'the build (tsc -p .)');
    const tests = node(['--test', 'dist/test/models/peterson-riggs.test.js', 'dist/test/repo-self-contained.test.js'], 'the smoke tests');
    assert.match(tests, /# fail 0/);
    assert.match(tests, /# pass [1-9]/);
    node([path.join('bin', 'magbone.js'), 'simulate', 'mgb-half-mg-intake-5y', '--plot', 'example.png', '--quiet', '--out', 'example.csv'], 'the README example');
    const png = fs.readFileSync(path.join(repo, 'example.png'));
    assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG was written');
    assert.ok(fs.readFileSync(path.join(repo, 'example.csv'), 'utf8').split('\n').length > 10);
  } finally {
    fs.rmSync(outer, { recursive: true, force: true });
  }
});

test('the clone test says why it is skipped, when it is', () => {
  if (reason) assert.ok(reason.length > 10, reason);
  else assert.equal(reason, undefined);
});
