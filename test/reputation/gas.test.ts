// FeedbackRegistry: the gas of giving, revoking and responding, held to the budgets docs/reputation.md states.
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ContractTransactionResponse } from "ethers";
import { isCoverageRun } from "../../src/chain/config";
import { FINANCE, Kind, deployFeedback, input, pay } from "./fixtures";

const gasOf = async (tx: Promise<ContractTransactionResponse>) => (await (await tx).wait())!.gasUsed;

/** The operations docs/reputation.md budgets, measured in a fresh registry (first writes of each summary). */
async function measure(): Promise<Record<string, bigint>> {
  const { feedback, rewards, payer, paid, bare, bob } = await loadFixture(deployFeedback);
  const gas: Record<string, bigint> = {};
  gas["feedback.giveFeedback.oneTag"] = await gasOf(feedback.connect(payer).giveFeedback(Kind.Agent, paid, input()));
  gas["feedback.giveFeedback.twoTags"] = await gasOf(
    feedback.connect(payer).giveFeedback(Kind.Model, bare, input(70n, { tag2: FINANCE })),
  );
  const again = await pay(rewards, payer, 1n, 1n);
  gas["feedback.giveFeedback.again"] = await gasOf(feedback.connect(payer).giveFeedback(Kind.Agent, again, input()));
  gas["feedback.revokeFeedback"] = await gasOf(feedback.connect(payer).revokeFeedback(1n));
  gas["feedback.appendResponse"] = await gasOf(
    feedback.connect(bob).appendResponse(1n, "ipfs://bafy-response", ethers.id("response")),
  );
  return gas;
}

describe("FeedbackRegistry: gas", function () {
  it("stays within every budget docs/reputation.md states", async function () {
    const gas = await measure();
    if (process.env.REPORT_GAS === "1") for (const [k, v] of Object.entries(gas)) console.log(`      gas: ${k}: ${v}`);
    const page = await readFile(path.join(hre.config.paths.root, "docs", "reputation.md"), "utf8");
    const doc = page.split("\n## Gas\n")[1].split("\n## ")[0];
    const rows = [...doc.matchAll(/^\| `([\w.]+)`\s*\|\s*([\d,]+)\s*\|\s*([\d,]+)\s*\|/gm)];
    const number = (cell: string) => BigInt(cell.replaceAll(",", ""));
    expect(rows.map((r) => r[1])).to.deep.equal(Object.keys(gas));
    for (const [, name, measured, budget] of rows) {
      expect(gas[name], `${name} within its budget`).to.be.at.most(number(budget));
      // Coverage instruments the bytecode; only a plain run measures what the page prints.
      if (!isCoverageRun(hre)) expect(gas[name], `${name} as docs/reputation.md prints it`).to.equal(number(measured));
    }
  });
});
