// The agent stake and complaint tasks with a bad argument, run in-process: each stops with one line naming the
// argument, before it connects or sends anything.
import { rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { itRefusesEach, type RefusalCase } from "../helpers/refusals";

describe("agent stake and complaint tasks refuse bad arguments before sending anything", function () {
  const empty = path.join(os.tmpdir(), `cli-agent-empty-${process.pid}.json`);
  const id = `0x${"ab".repeat(32)}`;

  before(async function () {
    await writeFile(empty, "");
  });

  after(async function () {
    await rm(empty, { force: true });
  });

  const complaint = { agent: "1", model: "1", inference: id, evidence: __filename };
  /** [task, arguments as Hardhat passes them, what the one-line error must say]. */
  const cases = (): RefusalCase[] => [
    ["agent:stake", { agent: "0", amount: "1" }, '--agent: "0" is not an id'],
    ["agent:stake", { agent: "1", amount: "0" }, "--amount: a stake must be more than 0 OPEN"],
    ["agent:unstake", { agent: "1", complete: false }, "--amount: give either --amount OPEN (a request) or --complete"],
    ["agent:unstake", { agent: "1", amount: "1", complete: true }, "--amount: give either --amount OPEN"],
    ["agent:unstake", { agent: "x", complete: true }, '--agent: "x" is not an id'],
    ["agent:complain", { ...complaint, agent: "-1" }, '--agent: "-1" is not an id'],
    ["agent:complain", { ...complaint, model: "0" }, '--model: "0" is not an id'],
    ["agent:complain", { ...complaint, inference: "0x12" }, '--inference: "0x12" is not a 32-byte hex value'],
    ["agent:complain", { ...complaint, evidence: "/nonexistent.json" }, "--evidence: no file at /nonexistent.json"],
    ["agent:complain", { ...complaint, evidence: empty }, `--evidence: ${empty} is empty`],
    ["agent:complain", { ...complaint, bond: "0" }, "--bond: a complaint bond must be more"],
    ["agent:complain", { ...complaint, uri: " " }, "--uri: give a URI"],
    ["agent:complaints", { agent: "one" }, '--agent: "one" is not an id'],
    ["agent:expire-complaint", { id: "0" }, '--id: "0" is not an id'],
    ["agent:complaint-resolution", { id: "1", outcome: "maybe", out: "p.json" }, "--outcome must be one of uphold"],
    ["agent:complaint-resolution", { id: "1", outcome: "uphold", out: " " }, "--out: give a file to write"],
  ];

  itRefusesEach(cases());
});
