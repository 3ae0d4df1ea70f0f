/**
 * A progress line on stderr for work that takes more than about a second; silent when stderr is
 * not a terminal or with --quiet, so pipes and logs stay clean.
 */
export class Progress {
  private t0 = 0;
  private label = '';
  private shown = false;
  private last = '';
  private readonly active: boolean;

  constructor(private readonly stream: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean }, quiet: boolean) {
    this.active = !quiet && (stream as { isTTY?: boolean }).isTTY === true;
  }

  /** False when nothing will ever be drawn (not a terminal, or --quiet): callers can skip progress work. */
  get enabled(): boolean {
    return this.active;
  }

  start(label: string): void {
    this.t0 = Date.now();
    this.label = label;
  }

  /** fraction in [0, 1]; drawn only after the first second. */
  update(fraction: number, detail = ''): void {
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
