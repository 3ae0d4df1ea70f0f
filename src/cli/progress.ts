/**
 * A progress line on stderr for work that takes more than about a second, redrawn in place on a
 * terminal. When stderr is not a terminal (a log file, a batch job), a plain line with the counts
 * every LOG_EVERY_MS instead, the first after that long, so that short commands and pipes stay
 * clean and a job's log still shows how far a long run got. Silent with --quiet.
 */
const LOG_EVERY_MS = 10_000;

export class Progress {
  private t0 = 0;
  private label = '';
  private shown = false;
  private last = '';
  private readonly active: boolean;
  private readonly logging: boolean;
  private lastLog = 0;

  constructor(private readonly stream: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean }, quiet: boolean) {
    this.active = !quiet && (stream as { isTTY?: boolean }).isTTY === true;
    this.logging = !quiet && !this.active;
  }

  /** False when nothing will ever be drawn (not a terminal, or --quiet): callers can skip progress work. */
  get enabled(): boolean {
    return this.active || this.logging;
  }

  start(label: string): void {
    this.t0 = Date.now();
    this.lastLog = this.t0;
    this.label = label;
  }

  /** fraction in [0, 1]; drawn only after the first second. */
  update(fraction: number, detail = ''): void {
    if (this.logging) {
      const now = Date.now();
      if (now - this.lastLog < LOG_EVERY_MS) return;
      this.lastLog = now;
      this.stream.write(`${this.label}: ${(fraction * 100).toFixed(0)}% ${detail} (${((now - this.t0) / 1000).toFixed(0)} s)\n`);
      return;
    }
    if (!this.active || Date.now() - this.t0 < 1000) return;
    const w = 30;
    const k = Math.max(0, Math.min(w, Math.round(fraction * w)));
    const line = `\r${this.label} [${'#'.repeat(k)}${'.'.repeat(w - k)}] ${(fraction * 100).toFixed(0)}% ${detail}   `;
    if (line === this.last) return; // redraw only when something changed
    this.last = line;
    this.stream.write(line);
    this.shown = true;
  }

  stop(): void {
    if (this.active && this.shown) this.stream.write(`\r${this.label}: done in ${((Date.now() - this.t0) / 1000).toFixed(1)} s${' '.repeat(30)}\n`);
    this.shown = false;
  }
}
