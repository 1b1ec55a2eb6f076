// The challenge and stake tasks with a bad argument, run in-process: each stops with one line naming the argument,
// before it connects or sends anything.
import { rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { itRefusesEach, type RefusalCase } from "../helpers/refusals";

describe("challenge and stake tasks refuse bad arguments before sending anything", function () {
  const empty = path.join(os.tmpdir(), `cli-challenges-empty-${process.pid}.json`);

  before(async function () {
    await writeFile(empty, "");
  });

  after(async function () {
    await rm(empty, { force: true });
  });

  /** [task, arguments as Hardhat passes them, what the one-line error must say]. */
  const cases = (): RefusalCase[] => [
    ["rewards:challenge", { epoch: "0", evidence: __filename }, '--epoch: "0" is not an id'],
    ["rewards:challenge", { epoch: "1", evidence: "/nonexistent.json" }, "--evidence: no file at /nonexistent.json"],
    ["rewards:challenge", { epoch: "1", evidence: empty }, `--evidence: ${empty} is empty`],
    ["rewards:challenge", { epoch: "1", evidence: __filename, bond: "0" }, "--bond: a challenge bond must be more"],
    ["rewards:challenge", { epoch: "1", evidence: __filename, bond: "lots" }, '--bond: "lots" is not an amount'],
    ["rewards:challenge", { epoch: "1", evidence: __filename, uri: " " }, "--uri: give a URI"],
    ["rewards:challenge", { epoch: "1", evidence: __filename, deploymentId: "../x" }, "--deployment-id:"],
    ["rewards:challenges", { epoch: "-1" }, '--epoch: "-1" is not an id'],
    ["rewards:expire-challenge", { id: "one" }, '--id: "one" is not an id'],
    ["rewards:challenge-withdraw", { to: "0x123" }, '--to: "0x123" is not an address'],
    ["rewards:resolution", { id: "1", outcome: "maybe", out: "p.json" }, "--outcome must be one of uphold, dismiss"],
    ["rewards:resolution", { id: "0", outcome: "uphold", out: "p.json" }, '--id: "0" is not an id'],
    ["rewards:resolution", { id: "1", outcome: "uphold", out: " " }, "--out: give a file to write"],
    ["attributor:stake", { amount: "0" }, "--amount: a stake must be more than 0 OPEN"],
    ["attributor:stake", { amount: "1.0000000000000000001" }, '--amount: "1.0000000000000000001" is not an amount'],
    ["attributor:unstake", { complete: false }, "--amount: give either --amount OPEN (a request) or --complete"],
    ["attributor:unstake", { amount: "1", complete: true }, "--amount: give either --amount OPEN"],
    ["attributor:unstake", { amount: "0", complete: false }, "--amount: an unstake must be more than 0 OPEN"],
    ["attributor:show", { account: "alice" }, '--account: "alice" is not an address'],
  ];

  itRefusesEach(cases());
});
