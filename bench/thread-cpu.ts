/**
 * CPU time per thread of this process (Linux: /proc/self/task/<tid>/stat), for the scale
 * benchmarks. On a shared machine wall time says as much about the neighbours as about the pool;
 * the CPU time of each thread says what the pool itself costs, and the busiest worker thread's CPU
 * time is the wall time the batch would take on otherwise idle cores. Worker threads end when the
 * pool terminates, so the sampler polls every `everyMs` and keeps each thread's last reading.
 */
import fs from 'node:fs';

export interface ThreadCpu {
  /** Seconds of CPU of the main thread. */
  main: number;
  /** Seconds of CPU of the other threads, largest first (worker threads, then V8's compiler and GC helpers). */
  others: number[];
}

const TICK = 100; // USER_HZ on Linux

function read(): Map<number, number> {
  const m = new Map<number, number>();
  let tids: string[];
  try { tids = fs.readdirSync('/proc/self/task'); } catch { return m; }
  for (const t of tids) {
    try {
      const s = fs.readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      m.set(Number(t), (Number(f[11]) + Number(f[12])) / TICK); // utime + stime
    } catch { /* the thread ended */ }
  }
  return m;
}

/** Starts sampling; `stop()` returns each thread's CPU since the start. */
export function threadCpu(everyMs = 50): { stop(): ThreadCpu } {
  const before = read();
  const last = new Map<number, number>(before);
  const timer = setInterval(() => { for (const [t, v] of read()) last.set(t, v); }, everyMs);
  return {
    stop(): ThreadCpu {
      clearInterval(timer);
      for (const [t, v] of read()) last.set(t, v);
      const d = (t: number) => (last.get(t) ?? 0) - (before.get(t) ?? 0);
      const others = [...last.keys()].filter((t) => t !== process.pid).map(d).filter((x) => x > 0).sort((a, b) => b - a);
      return { main: d(process.pid), others };
    },
  };
}
