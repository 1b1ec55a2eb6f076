// The one progress-bar helper: a bar per phase on stderr, so that stdout stays clean for a report or JSON.
import { Presets, SingleBar } from "cli-progress";

export interface ProgressOptions {
  /** Show nothing at all (a task's --quiet). */
  quiet?: boolean;
  /**
   * When stderr is not a terminal: "silent" (the default) draws nothing; "log" prints a line every 10 s, for jobs
   * long enough that a CI log should show they are alive.
   */
  whenPiped?: "silent" | "log";
  /** Where the bars go; stderr by default. */
  stream?: NodeJS.WriteStream;
}

/**
 * Shows one bar per phase: `phase` starts one (stopping the previous), `tick` and `update` move it, `done` stops it.
 * Its `phase`/`tick`/`done` are the simulation's Progress hooks; `update` suits jobs that report "done of total".
 */
export class ProgressBars {
  private bar: SingleBar | undefined;
  private current: string | undefined;

  constructor(private readonly options: ProgressOptions = {}) {}

  /** Starts the bar of phase `label`, of `total` steps, at `done`. */
  phase(label: string, total: number, done = 0): void {
    this.done();
    this.current = label;
    if (this.options.quiet) return;
    const piped = this.options.whenPiped === "log";
    this.bar = new SingleBar(
      {
        stream: this.options.stream ?? process.stderr,
        format: `${label.padEnd(22)} [{bar}] {value}/{total} {duration_formatted}`,
        hideCursor: true,
        noTTYOutput: piped,
        notTTYSchedule: 10_000,
      },
      Presets.shades_classic,
    );
    this.bar.start(total, done);
  }

  /** Moves the current bar `steps` forward. */
  tick(steps = 1): void {
    this.bar?.increment(steps);
  }

  /** Phase `label` is at `done` of `total`: starts its bar when it is new, and stops it when it is complete. */
  update(label: string, done: number, total: number): void {
    if (label !== this.current) this.phase(label, total, done);
    this.bar?.setTotal(total);
    this.bar?.update(done);
    if (done >= total) this.done();
  }

  /** Stops the current bar, leaving it drawn. */
  done(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
