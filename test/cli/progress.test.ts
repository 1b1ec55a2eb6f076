// src/cli/progress.ts: bars on the given stream, silent with --quiet, and silent or logging when not a terminal.
import { expect } from "chai";
import { Writable } from "node:stream";
import { ProgressBars, type ProgressOptions } from "../../src/cli/progress";

/** A stream that records what is written, posing as a terminal or as a pipe. */
function recorder(isTTY: boolean): { stream: NodeJS.WriteStream; written: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(String(chunk));
      callback();
    },
  });
  Object.assign(stream, { isTTY, columns: 100, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  return { stream: stream as unknown as NodeJS.WriteStream, written: () => chunks.join("") };
}

/** Runs two phases through the bars and returns what reached the stream. */
function run(isTTY: boolean, options: ProgressOptions): string {
  const { stream, written } = recorder(isTTY);
  const bars = new ProgressBars({ ...options, stream });
  bars.phase("contribute", 3);
  bars.tick();
  bars.tick(2);
  bars.done();
  bars.update("attribute", 1, 2);
  bars.update("attribute", 2, 2);
  return written();
}

describe("progress bars", function () {
  it("draws each phase, labelled, with its count, on a terminal", function () {
    const written = run(true, {});
    expect(written).to.match(/contribute\s+\[.*\] 3\/3/);
    expect(written).to.match(/attribute\s+\[.*\] 2\/2/);
  });

  it("draws nothing with --quiet, even on a terminal", function () {
    expect(run(true, { quiet: true })).to.equal("");
  });

  it("draws nothing when piped, unless asked to log", function () {
    expect(run(false, {})).to.equal("");
    expect(run(false, { whenPiped: "log" })).to.match(/contribute\s+\[.*\] 3\/3/);
  });
});
