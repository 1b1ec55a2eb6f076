// The token, show and status tasks with a bad argument, run in-process: one line naming the argument, and nothing sent.
import { expect } from "chai";
import hre from "hardhat";
import { HardhatPluginError } from "hardhat/plugins";
import { itRefusesEach, type RefusalCase } from "../helpers/refusals";

const CHECKSUMMED = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";

const CASES: RefusalCase[] = [
  ["token:balance", { account: "0x123" }, '--account: "0x123" is not an address'],
  ["token:balance", { from: "99" }, "--from: account 99 is out of range"],
  ["token:transfer", { to: "bob", amount: "1" }, '--to: "bob" is not an address'],
  ["token:transfer", { to: CHECKSUMMED, amount: "lots" }, '--amount: "lots" is not an amount of OPEN'],
  ["token:transfer", { to: CHECKSUMMED, amount: "0" }, "--amount: a transfer sends more than 0 OPEN"],
  ["token:transfer", { to: CHECKSUMMED, amount: "1", from: "env:OPENLEDGER_UNSET_KEY" }, "--from: the environment"],
  ["datanet:show", { datanet: "0" }, '--datanet: "0" is not an id'],
  ["datanet:show", { datanet: "1", deploymentId: "../x" }, '--deployment-id: "../x" is not a deployment id'],
  ["contribution:show", { contribution: "one" }, '--contribution: "one" is not an id'],
  ["rewards:claimable", { account: "0x1" }, '--account: "0x1" is not an address'],
  ["rewards:claimable", { account: CHECKSUMMED, proofs: "/nonexistent.json" }, "--proofs: no file at /nonexistent"],
  ["status", {}, "give --html FILE, --json, or both"],
  ["status", { html: __dirname }, `--html: ${__dirname} is a directory`],
  ["status", { html: "" }, "--html: give a file to write"],
  ["status", { html: "status.html", proofs: "/nonexistent" }, "--proofs: no directory at /nonexistent"],
  ["status", { json: true, proofs: __filename }, `--proofs: ${__filename} is a file, not a directory`],
];

describe("token and show tasks refuse bad arguments before touching the chain", function () {
  itRefusesEach(CASES);

  it("says how to deploy when the in-process network has no deployment", async function () {
    await expect(hre.run("datanet:list", { json: true })).to.be.rejectedWith(HardhatPluginError, "deploy first");
  });
});
