// Progress bars on stderr, one per phase of a long job, so that stdout stays clean for the report.
import { Presets, SingleBar } from "cli-progress";

const LABELS: Readonly<Record<string, string>> = {
  read: "read corpus",
  tokenize: "tokenize (chars)",
  "suffix-array": "suffix array",
  lcp: "lcp + intervals",
  attribute: "attribute",
};

/** Shows one bar per phase: a bar starts at a phase's first update and stops when the phase ends or another begins. */
export class ProgressBars {
  private bar: SingleBar | undefined;
  private phase: string | undefined;

  update(phase: string, done: number, total: number): void {
    if (phase !== this.phase) {
      this.stop();
      this.phase = phase;
      this.bar = new SingleBar(
        {
          stream: process.stderr,
          format: `${(LABELS[phase] ?? phase).padEnd(16)} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}`,
          hideCursor: true,
        },
        Presets.shades_classic,
      );
      this.bar.start(total, done);
    }
    this.bar?.setTotal(total);
    this.bar?.update(done);
    if (done >= total) this.stop();
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
