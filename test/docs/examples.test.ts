// Every example in the docs that starts with `$ npx hardhat` is run here, and what it prints must be what the docs
// show.
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { reset } from "@nomicfoundation/hardhat-network-helpers";
import hre from "hardhat";
import type { TaskArguments } from "hardhat/types";
import { isCoverageRun } from "../../src/chain/config";
import { captureOutput } from "../helpers/output";
import { ROOT, readPages, runnableExamples, splitWords, taskArguments } from "./markdown";

interface Example {
  file: string;
  words: string[];
  expected: string[];
}

// Examples against another network (a node the reader started) cannot be rerun on the embedded chain; the docs test
// checks that their task and every option exist, and test/ops/walkthrough.test.ts runs the operations walk-through.
const examples: Example[] = readPages()
  .flatMap((page) => runnableExamples(page).map((example) => ({ file: page.file, ...example })))
  .filter((example) => !example.words.includes("--network"));

/** Runs a task and returns what it wrote on stdout, line by line (its progress bars on stderr are dropped). */
async function printed(task: string, args: TaskArguments): Promise<string[]> {
  const { stdout, error } = await captureOutput(() => hre.run(task, args));
  if (error) throw error;
  return stdout.replace(/\n$/, "").split("\n");
}

/** A corpus folder holding the files the docs' `cp` command copies. */
function corpusFromDocs(dir: string): void {
  const line = readPages()
    .flatMap((page) => page.blocks.flatMap((block) => block.lines))
    .find((l) => l.includes("data/corpus") && l.includes(" cp "));
  if (!line) throw new Error("no command in the docs builds data/corpus");
  const from = /\(cd (\S+) &&/.exec(line)![1];
  fs.mkdirSync(dir, { recursive: true });
  for (const file of splitWords(line).filter((w) => w.endsWith(".sol"))) {
    fs.copyFileSync(path.join(ROOT, from, file), path.join(dir, path.basename(file)));
  }
}

/** The words that must match in a line: all of them, or for a gas figure (which moves) the rest of the line. */
function comparable(lines: string[], looseGas: boolean): string[] {
  let inGas = false;
  return lines.map((line) => {
    if (line.startsWith("Gas per operation")) inGas = true;
    else if (line === "") inGas = false;
    if (!(inGas || looseGas) || !/\d/.test(line)) return line;
    const words = line.trim().split(/\s+/);
    return `${words[0]} … ${inGas ? words[words.length - 1] : ""}`;
  });
}

describe("the documentation's examples", function () {
  let work: string;
  before(function () {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "openledger-docs-"));
  });
  after(function () {
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("include the simulation, the gas benchmark and both attribution tasks", function () {
    const tasks = examples.map((e) => e.words[2]);
    expect(tasks).to.include.members(["simulate", "bench", "attribution:score", "bench:attribution"]);
  });

  it("show a bench:attribution run whose sizes are the task's defaults (its timings are one machine's)", function () {
    const example = examples.find((e) => e.words[2] === "bench:attribution")!;
    expect(example.words).to.have.length(3);
    const defaults = hre.tasks["bench:attribution"].paramDefinitions;
    const outputs = example.expected.find((l) => l.startsWith("outputs"))!;
    expect(outputs).to.match(
      new RegExp(`^outputs +${defaults.outputs.defaultValue} × ${defaults.outputTokens.defaultValue} tokens`),
    );
    const tokens = Number(/^corpus tokens +([\d,]+)$/m.exec(example.expected.join("\n"))![1].replace(/,/g, ""));
    expect(tokens).to.be.at.least(defaults.tokens.defaultValue as number);
  });

  for (const example of examples.filter((e) => e.words[2] !== "bench:attribution")) {
    const [, , task, ...words] = example.words;
    it(`${example.file}: \`${example.words.join(" ")}\` prints what the docs show`, async function () {
      const args = taskArguments(hre.tasks[task], words);
      // Gas under solidity-coverage is the instrumented code's, so only the measurements' names must match there.
      const coverage = isCoverageRun(hre);
      let shown: string | undefined; // the path the docs print where the test writes elsewhere
      let actualPath = "";
      if (task === "simulate" || task === "bench") {
        // The docs show a fresh process on a fresh chain: the suite's addresses, and with them the signatures'
        // zero bytes in a voucher batch's calldata, depend on what earlier tests sent. (Not under coverage, whose
        // instrumentation lives on the chain a reset would replace; its gas is compared loosely anyway.)
        if (!coverage) await reset();
        shown = (args.out as string | undefined) ?? (hre.tasks[task].paramDefinitions.out.defaultValue as string);
        actualPath = path.join(work, task);
        args.out = task === "bench" ? `${actualPath}.json` : actualPath;
        if (task === "bench") shown = shown.replace(/\.json$/, "");
      } else if (task === "attribution:score") {
        corpusFromDocs(path.join(work, "corpus"));
        args.corpus = path.join(work, "corpus");
      } else {
        throw new Error(`no way to run the example of ${task} here: show it without "$ "`);
      }
      const lines = (await printed(task, args)).map((l) => (shown ? l.split(actualPath).join(shown) : l));
      const loose = coverage && task === "bench";
      expect(comparable(lines, loose)).to.deep.equal(comparable(example.expected, loose));
    });
  }
});
