// The `attribution:score` and `bench:attribution` tasks, run through the Hardhat runtime with console output captured.
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import hre from "hardhat";
import { serializeModel, trainNgram } from "../../src/factory/ngram";

const OPENZEPPELIN = path.join(__dirname, "..", "..", "node_modules", "@openzeppelin", "contracts");

/** Runs a task and returns what it printed with console.log, one string per call. */
async function runCapturing(name: string, args: Record<string, unknown>): Promise<string[]> {
  const printed: string[] = [];
  const original = console.log;
  console.log = (...values: unknown[]) => printed.push(values.map(String).join(" "));
  try {
    await hre.run(name, args);
  } finally {
    console.log = original;
  }
  return printed;
}

describe("attribution tasks", function () {
  let dir: string;
  let corpus: string;
  let output: string;

  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "attribution-"));
    corpus = path.join(dir, "corpus");
    fs.mkdirSync(corpus);
    for (const file of ["token/ERC20/ERC20.sol", "access/Ownable.sol", "utils/Context.sol"]) {
      fs.copyFileSync(path.join(OPENZEPPELIN, file), path.join(corpus, path.basename(file)));
    }
    // A subdirectory is not a contribution.
    fs.mkdirSync(path.join(corpus, "nested"));
    const erc20 = fs.readFileSync(path.join(corpus, "ERC20.sol"), "utf8");
    const start = erc20.indexOf("function _update(address from");
    output = path.join(dir, "output.txt");
    fs.writeFileSync(output, `A model wrote this:\n${erc20.slice(start, erc20.indexOf("emit Transfer", start))}`);
  });

  after(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe("attribution:score", function () {
    it("prints exactly one JSON document with the shares by file name and the unattributed share", async function () {
      const printed = await runCapturing("attribution:score", { corpus, output, json: true });
      expect(printed).to.have.length(1);
      const report = JSON.parse(printed[0]);
      expect(Object.keys(report)).to.deep.equal(["shares", "unattributed"]);
      expect(report.shares[0]).to.deep.equal({ contribution: "ERC20.sol", share: report.shares[0].share });
      for (const entry of report.shares) {
        expect(Object.keys(entry)).to.deep.equal(["contribution", "share"]);
        expect(entry.share).to.be.a("number").greaterThan(0);
      }
      const sum = report.shares.reduce((a: number, entry: { share: number }) => a + entry.share, 0);
      expect(sum + report.unattributed).to.be.closeTo(1, 1e-12);
    });

    it("prints a table, most credited first, ending with the unattributed share", async function () {
      const lines = (await runCapturing("attribution:score", { corpus, output, minSpan: 6 })).join("\n").split("\n");
      expect(lines[0]).to.match(/^contribution\s+share$/);
      expect(lines[2]).to.match(/^ERC20\.sol\s+\d+\.\d{3}%$/);
      expect(lines[lines.length - 1]).to.match(/^unattributed\s+\d+\.\d{3}%$/);
    });

    it("measures exact influence with --method influence and a Factory weights file, in the same JSON shape", async function () {
      const texts = fs
        .readdirSync(corpus, { withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => fs.readFileSync(path.join(corpus, entry.name), "utf8"));
      const model = path.join(dir, "model.json");
      fs.writeFileSync(model, serializeModel(trainNgram(texts)));
      const printed = await runCapturing("attribution:score", {
        corpus,
        output,
        json: true,
        method: "influence",
        model,
      });
      const report = JSON.parse(printed[0]);
      expect(Object.keys(report)).to.deep.equal(["shares", "unattributed"]);
      expect(report.shares[0].contribution).to.equal("ERC20.sol");
      const sum = report.shares.reduce((a: number, entry: { share: number }) => a + entry.share, 0);
      expect(sum + report.unattributed).to.be.closeTo(1, 1e-12);
      // Every token of the output but the few novel words was seen in training: almost all of it is attributed.
      expect(report.unattributed).to.be.lessThan(0.1);
    });

    it("stops with an error naming the argument when --method is unknown or --model is missing", async function () {
      await expect(hre.run("attribution:score", { corpus, output, method: "magic" })).to.be.rejectedWith(
        '--method must be one of spans, influence; got "magic"',
      );
      await expect(hre.run("attribution:score", { corpus, output, method: "influence" })).to.be.rejectedWith(
        "--method influence needs --model",
      );
    });

    it("stops with an error when the weights were not trained on the corpus", async function () {
      const model = path.join(dir, "other-model.json");
      fs.writeFileSync(model, serializeModel(trainNgram(["something else entirely"])));
      await expect(hre.run("attribution:score", { corpus, output, method: "influence", model })).to.be.rejectedWith(
        /the model was not trained on these contributions/,
      );
    });

    it("stops with an error naming a corpus directory that does not exist", async function () {
      const missing = path.join(dir, "no-such-dir");
      await expect(hre.run("attribution:score", { corpus: missing, output })).to.be.rejectedWith(
        `corpus directory "${missing}" does not exist`,
      );
    });

    it("stops with an error naming an output file that does not exist", async function () {
      const missing = path.join(dir, "no-such-file.txt");
      await expect(hre.run("attribution:score", { corpus, output: missing })).to.be.rejectedWith(
        `output file "${missing}" does not exist`,
      );
    });
  });

  describe("bench:attribution", function () {
    it("measures a small run, prints the table and writes the same numbers as JSON", async function () {
      const out = path.join(dir, "bench.json");
      const printed = await runCapturing("bench:attribution", { tokens: 20_000, outputs: 20, outputTokens: 50, out });
      const report = JSON.parse(fs.readFileSync(out, "utf8"));
      expect(report.corpusTokens).to.be.at.least(20_000);
      expect(report.outputs).to.equal(20);
      expect(report.contributions).to.be.greaterThan(0);
      for (const key of ["buildSeconds", "meanMsPerOutput", "p99MsPerOutput", "peakRssBytes", "heapUsedBytes"]) {
        expect(report[key], key).to.be.a("number").at.least(0);
      }
      const table = printed.join("\n");
      expect(table).to.match(new RegExp(`^corpus tokens +${report.corpusTokens.toLocaleString("en-US")}$`, "m"));
      expect(table).to.match(/p99 per output\s+\d+\.\d{3} ms/);
    });
  });
});
