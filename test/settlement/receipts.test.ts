// Receipts keyed as the contract keys payments: (payer, model, agent, inference id), and the log entries they match.
import { expect } from "chai";
import { ethers } from "hardhat";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { inferenceId } from "../../src/factory/inference";
import type { InferenceLogEntry } from "../../src/settlement/inferenceLog";
import {
  logEntryOf,
  proveOutputs,
  receiptKey,
  signServedOutput,
  type ProofContext,
} from "../../src/settlement/provenOutputs";
import type { Receipt } from "../../src/settlement/source";
import { ContentStore } from "../../src/store/ContentStore";

const ALICE = ethers.getAddress("0x00000000000000000000000000000000000a11ce");
const BOB = ethers.getAddress("0x0000000000000000000000000000000000000b0b");
const SERVING_KEY = new ethers.Wallet(ethers.id("serving key"));
const CHAIN_ID = 31337;
const REWARDS = ethers.getAddress("0x00000000000000000000000000000000000e0a1d");

let tmp: string;
let context: ProofContext;

/** A signed entry of model `modelId`, naming `payer` when given. */
async function logged(payer: string | undefined, modelId = 1n, agentId = 0n): Promise<InferenceLogEntry> {
  const request = { modelId, agentId, prompt: "the prompt", seed: "7" };
  const output = "the output";
  const id = inferenceId(request, output);
  return {
    inferenceId: id,
    modelId: modelId.toString(),
    agentId: agentId.toString(),
    prompt: request.prompt,
    seed: request.seed,
    output,
    ...(payer === undefined ? {} : { payer }),
    signature: await signServedOutput(SERVING_KEY, CHAIN_ID, REWARDS, id, output),
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

/** The entry settlement attributes to `receipt`, from `log` proven against `receipts`. */
async function matched(log: InferenceLogEntry[], receipts: Receipt[], receipt: Receipt) {
  const proven = await proveOutputs(log, receipts, context);
  return logEntryOf(proven.accepted, receipt)?.entry;
}

describe("settlement receipts", function () {
  before(async function () {
    tmp = await mkdtemp(path.join(os.tmpdir(), "receipts-"));
    context = {
      source: {
        weightsHashOf: async () => ethers.id("weights nobody stored") as `0x${string}`,
        servingKeyOf: async () => SERVING_KEY.address,
      },
      store: new ContentStore(tmp),
      blockTag: 1,
      chainId: CHAIN_ID,
      rewards: REWARDS,
    };
  });
  after(async function () {
    await rm(tmp, { recursive: true, force: true });
  });

  it("matches a log entry naming its payer to that payer's receipt only", async function () {
    const entry = await logged(ALICE);
    const receipts = [receiptOf(entry, ALICE), receiptOf(entry, BOB)];
    expect(await matched([entry], receipts, receipts[0])).to.equal(entry);
    expect(await matched([entry], receipts, receipts[1])).to.equal(undefined);
  });

  it("matches a log entry naming no payer to the receipt of any payer: each is a separate receipt", async function () {
    const entry = await logged(undefined);
    const receipts = [receiptOf(entry, ALICE), receiptOf(entry, BOB)];
    expect(await matched([entry], receipts, receipts[0])).to.equal(entry);
    expect(await matched([entry], receipts, receipts[1])).to.equal(entry);
  });

  it("keeps two payers' entries of the same id apart, and neither is a duplicate", async function () {
    const [forAlice, forBob] = [await logged(ALICE), await logged(BOB)];
    const receipts = [receiptOf(forAlice, ALICE), receiptOf(forBob, BOB)];
    const proven = await proveOutputs([forAlice, forBob], receipts, context);
    expect([proven.accepted.size, proven.rejected]).to.deep.equal([2, []]);
    expect(logEntryOf(proven.accepted, receipts[1])?.entry).to.equal(forBob);
  });

  it("rejects a second entry for the same payer's receipt as a duplicate", async function () {
    const entry = await logged(ALICE);
    const proven = await proveOutputs([entry, { ...entry }], [receiptOf(entry, ALICE)], context);
    expect(proven.rejected).to.deep.equal([{ inferenceId: entry.inferenceId, payer: ALICE, reason: "duplicate" }]);
  });

  it("never matches a squatter's receipt of the same id on another model: the entry is a receipt mismatch", async function () {
    const entry = await logged(ALICE);
    const squatted = receiptOf(entry, ALICE, 9n);
    const proven = await proveOutputs([entry], [squatted], context);
    expect(logEntryOf(proven.accepted, squatted)).to.equal(undefined);
    expect(proven.rejected).to.deep.equal([
      { inferenceId: entry.inferenceId, payer: ALICE, reason: "receipt-mismatch" },
    ]);
  });

  it("rejects an entry whose payer is not an address as malformed", async function () {
    const entry = { ...(await logged(undefined)), payer: "0x123" };
    const proven = await proveOutputs([entry], [receiptOf(entry, ALICE)], context);
    expect(proven.rejected).to.deep.equal([{ inferenceId: entry.inferenceId, payer: "0x123", reason: "malformed" }]);
  });

  it("writes a key from payer, model, agent and the id, whatever the case of the address or id", function () {
    const id = "0x" + "ab".repeat(32);
    expect(receiptKey(id.toUpperCase().replace("0X", "0x"), 1n, 2n, ALICE.toLowerCase())).to.equal(
      receiptKey(id, 1n, 2n, ALICE),
    );
    expect(receiptKey(id, 1n, 2n)).to.not.equal(receiptKey(id, 1n, 2n, ALICE));
  });
});
