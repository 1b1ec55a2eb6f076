// The feedback tasks with a bad argument, run in-process: each stops with one line naming the argument, before it
// connects or sends anything; and the bounds the parsers mirror agree with FeedbackRegistry's.
import { expect } from "chai";
import { ethers } from "hardhat";
import { FeedbackRegistry__factory } from "../../typechain-types";
import * as bounds from "../../src/reputation/args";
import { deployRewards } from "../helpers/rewards";
import { itRefusesEach, type RefusalCase } from "../helpers/refusals";

const ID = "0x" + "ab".repeat(32);
const give = { model: "1", agent: "1", inference: ID, value: "80", decimals: "0", endpoint: "", uri: "" };

describe("feedback tasks refuse bad arguments before sending anything", function () {
  /** [task, arguments as Hardhat passes them, what the one-line error must say]. */
  const cases = (): RefusalCase[] => [
    ["feedback:give", { ...give, model: "0" }, '--model: "0" is not an id'],
    ["feedback:give", { ...give, agent: "x" }, '--agent: "x" is not an id'],
    ["feedback:give", { ...give, subject: "user" }, "--subject must be one of agent, model"],
    ["feedback:give", { ...give, agent: "0", subject: "agent" }, "--agent: feedback on an agent names the agent"],
    ["feedback:give", { ...give, inference: "0x12" }, '--inference: "0x12" is not a 32-byte hex value'],
    ["feedback:give", { ...give, inference: ethers.ZeroHash }, "--inference: an inference id is never zero"],
    ["feedback:give", { ...give, decimals: "19" }, '--decimals: "19" is not a whole number from 0 to 18'],
    ["feedback:give", { ...give, value: "4.5" }, '--value: "4.5" is not a whole number'],
    ["feedback:give", { ...give, value: "-1" + "0".repeat(18) + "1" }, "is beyond ±10^18"],
    ["feedback:give", { ...give, tag1: " " }, "--tag1: give a tag"],
    ["feedback:give", { ...give, tag1: "t".repeat(32) }, '--tag1: "' + "t".repeat(32) + '" is longer than'],
    ["feedback:give", { ...give, tag2: "finance" }, "--tag2: tag2 refines tag1"],
    ["feedback:give", { ...give, endpoint: "e".repeat(257) }, "--endpoint: 257 bytes; the registry takes at most 256"],
    ["feedback:give", { ...give, uri: "u".repeat(513) }, "--uri: 513 bytes; the registry takes at most 512"],
    ["feedback:give", { ...give, hash: ID, file: __filename }, "--hash: give --hash or --file, not both"],
    ["feedback:give", { ...give, file: "/nonexistent.json" }, "--file: no file at /nonexistent.json"],
    ["feedback:give", { ...give, from: "alice" }, '--from: "alice" is not an account index'],
    ["feedback:revoke", { id: "0" }, '--id: "0" is not an id'],
    ["feedback:respond", { id: "1", uri: " " }, "--uri: give a URI"],
    ["feedback:respond", { id: "1", uri: "u".repeat(513) }, "--uri: 513 bytes"],
    ["feedback:respond", { id: "1", uri: "ipfs://r", hash: "zz" }, '--hash: "zz" is not a 32-byte hex value'],
    ["feedback:summary", {}, "--agent: give either --agent ID or --model ID"],
    ["feedback:summary", { agent: "1", model: "1" }, "--agent: give either --agent ID or --model ID"],
    ["feedback:summary", { model: "-2" }, '--model: "-2" is not an id'],
    ["feedback:summary", { agent: "1", tag: "" }, "--tag: give a tag"],
    ["feedback:list", { agent: "one" }, '--agent: "one" is not an id'],
    ["feedback:list", { agent: "1", deploymentId: "../x" }, "--deployment-id:"],
  ];

  itRefusesEach(cases());

  it("mirrors FeedbackRegistry's bounds", async function () {
    const [deployer] = await ethers.getSigners();
    const { rewards } = await deployRewards();
    const deployed = await new FeedbackRegistry__factory(deployer).deploy(rewards);
    expect([
      Number(await deployed.MAX_VALUE_DECIMALS()),
      Number(await deployed.SUMMARY_DECIMALS()),
      await deployed.MAX_ABS_VALUE(),
      Number(await deployed.MAX_ENDPOINT_LENGTH()),
      Number(await deployed.MAX_URI_LENGTH()),
    ]).to.deep.equal([
      bounds.MAX_VALUE_DECIMALS,
      bounds.MAX_VALUE_DECIMALS,
      bounds.MAX_ABS_VALUE,
      bounds.MAX_ENDPOINT_LENGTH,
      bounds.MAX_URI_LENGTH,
    ]);
  });
});
