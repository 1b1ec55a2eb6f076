// Receipts keyed as the contract keys payments: (payer, model, agent, inference id), and the log entries they match.
import { expect } from "chai";
import { ethers } from "hardhat";
import { inferenceId } from "../../src/factory/inference";
import type { InferenceLogEntry } from "../../src/settlement/inferenceLog";
import { checkInferenceLog, logEntryOf, receiptKey } from "../../src/settlement/settle";
import type { Receipt } from "../../src/settlement/source";

const ALICE = ethers.getAddress("0x00000000000000000000000000000000000a11ce");
const BOB = ethers.getAddress("0x0000000000000000000000000000000000000b0b");

function logged(payer: string | undefined, modelId = 1n, agentId = 0n): InferenceLogEntry {
  const request = { modelId, agentId, prompt: "the prompt", seed: "7" };
  const output = "the output";
  return {
    inferenceId: inferenceId(request, output),
    modelId: modelId.toString(),
    agentId: agentId.toString(),
    prompt: request.prompt,
    seed: request.seed,
    output,
    ...(payer === undefined ? {} : { payer }),
  };
}

function receiptOf(entry: InferenceLogEntry, payer: string, modelId = BigInt(entry.modelId)): Receipt {
  return {
    inferenceId: entry.inferenceId,
    payer,
    modelId,
    agentId: BigInt(entry.agentId),
    dataPoolAmount: 1n,
    baseDataPoolAmount: 0n,
    blockNumber: 1,
    logIndex: 0,
  };
}

describe("settlement receipts", function () {
  it("matches a log entry naming its payer to that payer's receipt only", function () {
    const entry = logged(ALICE);
    const log = checkInferenceLog([entry]);
    expect(logEntryOf(log, receiptOf(entry, ALICE))).to.equal(entry);
    expect(logEntryOf(log, receiptOf(entry, BOB))).to.equal(undefined);
  });

  it("matches a log entry naming no payer to the receipt of any payer: each is a separate receipt", function () {
    const entry = logged(undefined);
    const log = checkInferenceLog([entry]);
    expect(logEntryOf(log, receiptOf(entry, ALICE))).to.equal(entry);
    expect(logEntryOf(log, receiptOf(entry, BOB))).to.equal(entry);
  });

  it("keeps two payers' entries of the same id apart", function () {
    const [forAlice, forBob] = [logged(ALICE), logged(BOB)];
    const log = checkInferenceLog([forAlice, forBob]);
    expect(log.size).to.equal(2);
    expect(logEntryOf(log, receiptOf(forBob, BOB))).to.equal(forBob);
  });

  it("never matches a squatter's receipt of the same id on another model", function () {
    const entry = logged(ALICE);
    const log = checkInferenceLog([entry]);
    expect(logEntryOf(log, receiptOf(entry, BOB, 9n))).to.equal(undefined);
    expect(logEntryOf(log, receiptOf(entry, ALICE, 9n))).to.equal(undefined);
  });

  it("writes a key from payer, model, agent and the id, whatever the case of the address or id", function () {
    const id = "0x" + "ab".repeat(32);
    expect(receiptKey(id.toUpperCase().replace("0X", "0x"), 1n, 2n, ALICE.toLowerCase())).to.equal(
      receiptKey(id, 1n, 2n, ALICE),
    );
    expect(receiptKey(id, 1n, 2n)).to.not.equal(receiptKey(id, 1n, 2n, ALICE));
  });
});
