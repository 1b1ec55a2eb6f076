// The simulate task: reproducible for a seed, strict about its arguments, and runs on a separate node (anvil) too.
// Each scenario's own run is tested beside its module, in test/sim/scenarios.
import { expect } from "chai";
import hre from "hardhat";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { startAnvil } from "../../src/chain/anvil";
import type { SimulationSummary } from "../../src/report/types";
import { isCoverageRun } from "../../src/chain/config";

const run = promisify(execFile);
const SMALL = { contributors: 3, files: 1, datanets: 1, models: 1, agents: 1, inferences: 4, epochs: 2 };
const QUIET = { ...SMALL, quiet: true };

describe("simulate", function () {
  let out: string;
  beforeEach(async function () {
    out = await mkdtemp(path.join(os.tmpdir(), "openledger-sim-test-"));
  });
  afterEach(async function () {
    await rm(out, { recursive: true, force: true });
  });

  it("gives the same earnings for the same seed", async function () {
    const a = (await hre.run("simulate", { ...QUIET, seed: "42", scenario: "honest", out })) as SimulationSummary;
    const b = (await hre.run("simulate", { ...QUIET, seed: "42", scenario: "honest", out })) as SimulationSummary;
    expect(b.contributors.map((c) => c.entitled)).to.deep.equal(a.contributors.map((c) => c.entitled));
  });

  it("pays by voucher with the same earnings to the wei as paying with permits, and its audit passes", async function () {
    const direct = (await hre.run("simulate", { ...QUIET, seed: "5", scenario: "honest", out })) as SimulationSummary;
    const byVoucher = (await hre.run("simulate", {
      ...QUIET,
      seed: "5",
      scenario: "honest",
      pay: "voucher",
      out,
    })) as SimulationSummary;
    expect(byVoucher.audit.ok).to.equal(true);
    expect(byVoucher.earningsByRole).to.deep.equal(direct.earningsByRole);
    expect(byVoucher.contributors.map((c) => c.entitled)).to.deep.equal(direct.contributors.map((c) => c.entitled));
    expect(byVoucher.epochs).to.deep.equal(direct.epochs);
  });

  it("refuses an unknown way to pay, naming the choices", async function () {
    await expect(hre.run("simulate", { ...QUIET, pay: "cash", out })).to.be.rejectedWith(
      "--pay must be one of permit, voucher",
    );
  });

  it("refuses an unknown scenario, naming the choices", async function () {
    await expect(hre.run("simulate", { ...QUIET, scenario: "chaos", out })).to.be.rejectedWith(
      "--scenario must be one of honest, spam, copycat, sybil, griefing",
    );
  });

  it("runs against a separate JSON-RPC node (anvil) with --network localhost, and its audit passes", async function () {
    const instrumented = isCoverageRun(hre);
    const anvil = await startAnvil({ disableCodeSizeLimit: instrumented });
    try {
      const args = ["hardhat", "simulate", "--network", "localhost", "--out", out, "--seed", "3"];
      for (const [name, value] of Object.entries(SMALL)) args.push(`--${name}`, String(value));
      const { stdout, stderr } = await run("npx", args, {
        env: { ...process.env, LOCAL_RPC_URL: anvil.url, OPENLEDGER_SKIP_COMPILE: "1" },
        cwd: hre.config.paths.root,
        maxBuffer: 16 * 1024 * 1024,
      });
      expect(stdout).to.include("Audit: PASSED");
      const summary = JSON.parse(await readFile(path.join(out, "summary.json"), "utf8")) as SimulationSummary;
      expect(summary.network).to.equal("localhost");
      expect(summary.audit.ok).to.equal(true);
      // stderr carries the progress bars and nothing else.
      expect(stderr).to.not.match(/error|warn/i);
    } finally {
      await anvil.stop();
    }
  });
});
