// The payout job's exit codes are stable and documented: docs/payout.md's tables are the code's, and a status reads
// as one line per action for people.
import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import hre from "hardhat";
import { PROPOSAL_EXIT_CODE } from "../../src/ops/admin";
import { EXIT_CODES, failedStatus, statusLines } from "../../src/payout/status";

const DOC = readFileSync(path.join(hre.config.paths.root, "docs", "payout.md"), "utf8");

describe("The payout job's exit codes", function () {
  it("are the ones docs/payout.md lists, outcome by outcome", function () {
    const rows = [...DOC.matchAll(/^\| (\d+) +\| `([a-z-]+)` +\|/gm)].map(([, code, outcome]) => [
      outcome,
      Number(code),
    ]);
    expect(Object.fromEntries(rows)).to.deep.equal(EXIT_CODES);
  });

  it("are distinct, so that a script can tell every outcome apart", function () {
    const codes = Object.values(EXIT_CODES);
    expect(new Set(codes).size).to.equal(codes.length);
  });

  it("include the guardian commands' code for a proposal printed instead of a transaction sent", function () {
    expect(DOC).to.match(
      new RegExp(`^\\| ${PROPOSAL_EXIT_CODE} +\\| nothing sent: the proposal to make is printed`, "m"),
    );
  });

  it("print a failed run as its outcome, code and reason", function () {
    const status = failedStatus("locked", "another payout run holds data/payout/payout.lock", {
      stateDir: "data/payout",
      dryRun: false,
    });
    expect(status.exitCode).to.equal(EXIT_CODES.locked);
    expect(statusLines(status)).to.deep.equal(["Not run: another payout run holds data/payout/payout.lock (exit 4)"]);
  });
});
