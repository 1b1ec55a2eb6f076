// Every task with a bad argument, run in-process: it stops with one line naming the argument, and sends nothing.
import { expect } from "chai";
import { ethers } from "hardhat";
import { HardhatPluginError } from "hardhat/plugins";
import { itRefusesEach, type RefusalCase } from "../helpers/refusals";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

const ALICE = "alice";
const CHECKSUMMED = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";

const CASES: RefusalCase[] = [
  ["deploy", { treasury: "0x123" }, '--treasury: "0x123" is not an address'],
  ["deploy", { admin: ALICE }, '--admin: "alice" is not an address'],
  ["deploy", { admin: ethers.ZeroAddress }, "--admin: the zero address is nobody's account"],
  ["deploy", { deploymentId: "../x" }, '--deployment-id: "../x" is not a deployment id'],
  ["simulate", { scenario: "chaos", quiet: true }, "--scenario must be one of honest, spam, copycat"],
  ["simulate", { contributors: 0, quiet: true }, "--contributors: 0 is not a whole number from 1"],
  ["simulate", { epochs: -1, quiet: true }, "--epochs: -1 is not a whole number from 1"],
  ["bench", { maxLeaves: "abc" }, '--max-leaves: "abc" is not a positive whole number'],
  ["bench", { maxLeaves: "9" }, "--max-leaves: 9 is below the smallest claim tree (1e1)"],
  ["bench", { contributors: "10" }, "--contributors: 1 counts; give 2, comma-separated"],
  ["model:register", { uri: "u", fee: "1", weightsHash: "0x12", registry: CHECKSUMMED }, "--weights-hash:"],
  ["model:register", { uri: "u", fee: "1", weightsHash: ethers.id("w"), registry: ALICE }, '--registry: "alice"'],
  ["model:show", { id: "one", registry: CHECKSUMMED }, '--id: "one" is not an id'],
  ["agent:register", { uri: "u", models: "1,1", fee: "1", registry: CHECKSUMMED }, "--models: model 1 is listed"],
  ["agent:show", { id: "0", registry: CHECKSUMMED }, '--id: "0" is not an id'],
  ["attribution:score", { corpus: ".", output: "x", minSpan: 0 }, "--min-span: 0 is not a whole number from 1"],
  ["bench:attribution", { tokens: 0 }, "--tokens: 0 is not a whole number from 1"],
  ["datanet:create", { uri: "u", stake: "abc" }, '--stake: "abc" is not an amount of OPEN'],
  ["datanet:create", { uri: "u", stake: "0" }, "--stake: a datanet's stake must be more than 0 OPEN"],
  ["datanet:create", { uri: "u", stake: "1", owner: "0x123" }, '--owner: "0x123" is not an address'],
  ["datanet:create", { uri: "u", stake: "1", reviewPeriod: "0" }, '--review-period: "0" is not a whole number from 1'],
  ["datanet:curator", { datanet: "1", account: ALICE }, '--account: "alice" is not an address'],
  ["datanet:curator", { datanet: "x", account: CHECKSUMMED }, '--datanet: "x" is not an id'],
  ["datanet:contribute", { datanet: "0", file: __filename }, '--datanet: "0" is not an id'],
  ["datanet:review", { contribution: "1", quality: "20000" }, '--quality: "20000" is not a quality score'],
  ["datanet:review", { contribution: "1" }, "--quality: give either --quality BPS or --reject"],
  ["datanet:review", { contribution: "1", quality: "1", reject: true }, "give either --quality BPS or --reject"],
  ["datanet:review", { contribution: "-1", reject: true }, '--contribution: "-1" is not an id'],
  ["datanet:novelty", { contribution: "1", minSpan: "0" }, '--min-span: "0" is not a whole number from 1'],
  ["datanet:publish", { datanet: "1.5" }, '--datanet: "1.5" is not an id'],
  ["datanet:publish", { datanet: "1", deploymentId: "../../etc" }, '--deployment-id: "../../etc" is not a deployment'],
  ["model:show", { id: "1", deploymentId: "a/b" }, '--deployment-id: "a/b" is not a deployment id'],
  ["rewards:withdraw", { to: "0x123" }, '--to: "0x123" is not an address'],
  ["rewards:withdraw", { to: ALICE }, '--to: "alice" is not an address'],
  ["model:train", { datanet: "1", datanetVersion: "v1" }, '--datanet-version: "v1" is not a whole number from 1'],
  [
    "model:train",
    { datanet: "1", datanetVersion: "1", order: "17" },
    '--order: "17" is not a whole number from 1 to 16',
  ],
  ["model:train", { datanet: "1", datanetVersion: "1", fee: "free" }, '--fee: "free" is not an amount of OPEN'],
  ["model:infer", { model: "1", prompt: "p", maxTokens: "0" }, '--max-tokens: "0" is not a whole number from 1'],
  ["model:infer", { model: "1", agent: "a", prompt: "p" }, '--agent: "a" is not an id'],
  ["rewards:deposit-credit", { amount: "lots" }, '--amount: "lots" is not an amount of OPEN'],
  ["rewards:deposit-credit", { amount: "0" }, "--amount: give more than 0 OPEN to deposit"],
  ["attribution:settle", { inferences: "/nonexistent.jsonl" }, "--inferences: no file at /nonexistent.jsonl"],
  ["attribution:settle", { epoch: "0", inferences: __filename }, '--epoch: "0" is not a whole number from 1'],
  ["attribution:verify", { epoch: "first" }, '--epoch: "first" is not a whole number from 1'],
  ["attribution:verify", { epoch: "1", source: "/nonexistent" }, "--source: no directory at /nonexistent"],
  ["attribution:verify", { epoch: "1", source: __filename }, `--source: no directory at ${__filename}`],
  ["attribution:verify", { epoch: "1", source: "https://" }, '--source: "https://" is not a URL'],
  ["bench:settlement", { inferences: "0" }, '--inferences: "0" is not a positive whole number'],
  ["bench:settlement", { contributions: "many" }, '--contributions: "many" is not a positive whole number'],
  ["bench:settlement", { nodeInferences: "-1" }, '--node-inferences: "-1" is not a whole number from 0'],
  ["rewards:claim", { proofs: "/nonexistent.json" }, "--proofs: no file at /nonexistent.json"],
  ["rewards:claim", { proofs: __filename, account: "0x123" }, '--account: "0x123" is not an address'],
  ["rewards:claim", { proofs: __filename, account: CHECKSUMMED, all: true }, "--account: give --account or --all"],
  ["payout:run", { logs: "/nonexistent" }, "--logs: no directory at /nonexistent"],
  ["payout:run", { logs: os.tmpdir(), state: __filename }, `--state: ${__filename} is a file, not a directory`],
  ["payout:run", { logs: os.tmpdir(), batch: "0" }, '--batch: "0" is not a whole number from 1'],
  ["payout:run", { logs: os.tmpdir(), confirmations: "-1" }, '--confirmations: "-1" is not a whole number from 0'],
  ["rewards:revoke", { epoch: "0" }, '--epoch: "0" is not a whole number from 1'],
  ["rewards:pause", { from: "99" }, "--from: account 99 is out of range"],
  ["rewards:set-window", { seconds: "1h" }, '--seconds: "1h" is not a whole number from 1'],
  ["rewards:set-treasury", { treasury: ethers.ZeroAddress }, "--treasury: the zero address is nobody's account"],
  [
    "rewards:set-shares",
    { protocol: "x", agentOwner: "0", modelOwner: "0", dataPool: "10000" },
    '--protocol: "x" is not a share',
  ],
  [
    "rewards:set-shares",
    { protocol: "100", agentOwner: "100", modelOwner: "100", dataPool: "100" },
    "--protocol, --agent-owner, --model-owner, --data-pool: sum to 400 bps, not 10000",
  ],
];

describe("tasks refuse bad arguments before sending anything", function () {
  let out: string;

  before(async function () {
    out = await mkdtemp(path.join(os.tmpdir(), "cli-tasks-"));
  });

  itRefusesEach(CASES, (name, args) =>
    name === "simulate" || name.startsWith("bench") ? { out: path.join(out, name), ...args } : args,
  );

  it("keeps the stack of a bug: a TypeError is not turned into a one-line error", async function () {
    const { runCommand } = await import("../../src/cli/errors");
    const bug = new TypeError("cannot read properties of undefined");
    await expect(runCommand(() => Promise.reject(bug)))
      .to.be.rejectedWith(TypeError)
      .and.eventually.equal(bug);
  });

  it("turns a refused transaction into one line naming the custom error", async function () {
    const { runCommand } = await import("../../src/cli/errors");
    const { Datanet__factory } = await import("../../typechain-types");
    const data = Datanet__factory.createInterface().encodeErrorResult("QualityTooHigh", [20_000]);
    await expect(runCommand(() => Promise.reject(Object.assign(new Error("execution reverted"), { data }))))
      .to.be.rejectedWith(HardhatPluginError, "the contract refused: QualityTooHigh(20000)")
      .and.eventually.have.property("pluginName", "openledger");
  });
});
