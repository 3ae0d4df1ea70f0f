/**
 * The Slurm route of issue #18, on a real single-node cluster: the test starts munged, slurmctld
 * and slurmd from Debian's packages (slurm-wlm, munge) on localhost with a configuration in a
 * temporary folder, submits deploy/slurm/submit.sh's 4-task job array of a small virtual population
 * with its dependent merge job, waits, and checks that the merged CSV is byte for byte the
 * one-process result; then stops the daemons it started. Skipped, saying why, where Slurm is not
 * installed, the test is not root (slurmd must be), or the daemons do not come up; `.ci/run`
 * installs the packages.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../helpers/paths.js';

const BIN = path.join(ROOT, 'bin', 'magbone.js');
const SUBMIT = path.join(ROOT, 'deploy', 'slurm', 'submit.sh');

function onPath(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

function whyNot(): string | undefined {
  const missing = ['munged', 'slurmctld', 'slurmd', 'sbatch', 'squeue', 'scontrol', 'sinfo'].filter((c) => !onPath(c));
  if (missing.length) return `Slurm is not installed (${missing.join(', ')} not found; apt-get install slurm-wlm munge)`;
  if (process.getuid?.() !== 0) return 'slurmd must run as root to start jobs; this test is not root';
  return undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const skip = whyNot();
test('a 4-task Slurm job array plus its merge job writes the one-process population, byte for byte', { skip, timeout: 300_000 }, async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'magbone-slurm-'));
  const host = os.hostname().split('.')[0];
  const port = 20000 + Math.floor(Math.random() * 20000);
  const env = { ...process.env, SLURM_CONF: path.join(dir, 'slurm.conf') };
  const started: string[] = [];
  const log = (name: string) => { try { return fs.readFileSync(path.join(dir, name), 'utf8').split('\n').slice(-15).join('\n'); } catch { return '(no log)'; } };
  try {
    fs.mkdirSync(path.join(dir, 'state'));
    fs.mkdirSync(path.join(dir, 'spool'));
    fs.writeFileSync(path.join(dir, 'munge.key'), Buffer.from(Array.from({ length: 1024 }, () => Math.floor(Math.random() * 256))), { mode: 0o600 });
    const m = spawnSync('munged', ['--force', `--socket=${dir}/munge.sock`, `--key-file=${dir}/munge.key`, `--pid-file=${dir}/munged.pid`, `--log-file=${dir}/munged.log`, `--seed-file=${dir}/munged.seed`], { encoding: 'utf8' });
    if (m.status !== 0) { t.skip(`munged did not start: ${m.stderr.trim()}`); return; }
    started.push('munged');
    fs.writeFileSync(env.SLURM_CONF, [
      'ClusterName=magbonetest', `SlurmctldHost=${host}(127.0.0.1)`, 'SlurmUser=root', 'SlurmdUser=root',
      `SlurmctldPort=${port}`, `SlurmdPort=${port + 1}`, 'AuthType=auth/munge', `AuthInfo=socket=${dir}/munge.sock`, 'CredType=cred/munge',
      `StateSaveLocation=${dir}/state`, `SlurmdSpoolDir=${dir}/spool`, `SlurmctldPidFile=${dir}/slurmctld.pid`, `SlurmdPidFile=${dir}/slurmd.pid`,
      `SlurmctldLogFile=${dir}/slurmctld.log`, `SlurmdLogFile=${dir}/slurmd.log`,
      'ProctrackType=proctrack/linuxproc', 'TaskPlugin=task/none', 'JobAcctGatherType=jobacct_gather/none', 'AccountingStorageType=accounting_storage/none',
      'JobCompType=jobcomp/none', 'SchedulerType=sched/builtin', 'SelectType=select/cons_tres', 'SelectTypeParameters=CR_Core',
      'ReturnToService=2', 'MpiDefault=none', 'SwitchType=switch/none',
      `NodeName=${host} NodeAddr=127.0.0.1 CPUs=${os.availableParallelism()} State=UNKNOWN`,
      'PartitionName=magbone Nodes=ALL Default=YES MaxTime=INFINITE State=UP', '',
    ].join('\n'));
    const c = spawnSync('slurmctld', ['-c'], { env, encoding: 'utf8' });
    if (c.status !== 0) { t.skip(`slurmctld did not start: ${c.stderr.trim()} ${log('slurmctld.log')}`); return; }
    started.push('slurmctld');
    const d = spawnSync('slurmd', [], { env, encoding: 'utf8' });
    if (d.status !== 0) { t.skip(`slurmd did not start: ${d.stderr.trim()} ${log('slurmd.log')}`); return; }
    started.push('slurmd');
    let idle = false;
    for (let i = 0; i < 60 && !idle; i++) {
      const s = spawnSync('sinfo', ['-h', '-o', '%t'], { env, encoding: 'utf8' });
      idle = /idle|mix/.test(s.stdout);
      if (!idle) await sleep(500);
    }
    if (!idle) { t.skip(`the Slurm node did not become idle in 30 s:\n${log('slurmctld.log')}\n${log('slurmd.log')}`); return; }

    // the one-process result
    const scenario = path.join(dir, 'dl.json');
    fs.writeFileSync(scenario, JSON.stringify({ model: 'dutta-layton-2024', duration: '4 d', output: { every: '1 d' }, scale: { IMg: 0.5 } }));
    const args = ['population', scenario, '--vary', 'IMg=30%', '--vary', 'ICa=uniform:0.0008:0.0012', '--n', '14', '--seed', '5', '--outputs', 'Mgp,PTHp'];
    const single = path.join(dir, 'single.csv');
    execFileSync(process.execPath, [BIN, ...args, '--out', single, '--quiet']);

    // the array and the merge job, as a user submits them
    const run = path.join(dir, 'run');
    const ids = execFileSync(SUBMIT, ['4', run, 'population.csv', '--', ...args], {
      env: { ...env, MAGBONE: `${process.execPath} ${BIN}`, SBATCH_OPTS: '--cpus-per-task=1' }, encoding: 'utf8',
    }).trim().split(' ');
    assert.equal(ids.length, 2, `submit.sh prints the array and merge job ids, got "${ids.join(' ')}"`);
    const merged = path.join(run, 'population.csv');
    for (let i = 0; i < 480; i++) {
      const q = spawnSync('squeue', ['-h', '-j', ids.join(',')], { env, encoding: 'utf8' });
      if (q.stdout.trim() === '' && (fs.existsSync(merged) || i > 10)) break;
      await sleep(500);
    }
    const shardLogs = fs.readdirSync(run).filter((f) => f.endsWith('.log')).map((f) => `${f}: ${fs.readFileSync(path.join(run, f), 'utf8').slice(-400)}`).join('\n');
    assert.ok(fs.existsSync(merged), `no merged file; job logs:\n${shardLogs}\n${log('slurmctld.log')}`);
    assert.deepEqual(fs.readdirSync(run).filter((f) => /^part-\d+\.json$/.test(f)).sort(), ['part-0.json', 'part-1.json', 'part-2.json', 'part-3.json']);
    assert.ok(fs.readFileSync(merged).equals(fs.readFileSync(single)), 'the merged CSV differs from the one-process run');
  } finally {
    if (started.includes('slurmctld')) spawnSync('scontrol', ['shutdown'], { env });
    for (const [name, pidFile] of [['slurmd', 'slurmd.pid'], ['slurmctld', 'slurmctld.pid'], ['munged', 'munged.pid']]) {
      if (!started.includes(name)) continue;
      for (let i = 0; i < 20; i++) {
        let pid: number;
        try { pid = Number(fs.readFileSync(path.join(dir, pidFile), 'utf8').trim()); } catch { break; }
        try { process.kill(pid, i === 0 ? 'SIGTERM' : 0); } catch { break; } // gone
        await sleep(250);
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

if (skip) test(`Slurm test skipped: ${skip}`, () => {});
