// The feedback tasks against a separate node (anvil): a payer reviews the agent it paid for, reads the summary, the
// agent's owner responds, the list shows it all, an account that never paid is refused, and a revocation empties it.
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { execFile } from "node:child_process";
import { rm } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import type { JsonRpcProvider } from "ethers";
import { startAnvil, type AnvilNode } from "../../src/chain/anvil";
import { isCoverageRun } from "../../src/chain/config";
import type { AgentRegistry, AttributionRewards, ModelRegistry, OpenToken } from "../../typechain-types";

const exec = promisify(execFile);
const ROOT = hre.config.paths.root;
const FEE = ethers.parseEther("2");

describe("Feedback tasks on a separate node", function () {
  let anvil: AnvilNode;
  let provider: JsonRpcProvider;
  const deploymentId = `test-feedback-${process.pid}-${Date.now()}`;

  const hardhat = async (...args: string[]) => {
    const { stdout } = await exec(
      "npx",
      ["hardhat", ...args, "--network", "localhost", "--deployment-id", deploymentId],
      { env: { ...process.env, LOCAL_RPC_URL: anvil.url, OPENLEDGER_SKIP_COMPILE: "1" }, cwd: ROOT },
    );
    return stdout;
  };

  before(async function () {
    anvil = await startAnvil({ disableCodeSizeLimit: isCoverageRun(hre) });
    provider = new ethers.JsonRpcProvider(anvil.url);
  });

  after(async function () {
    provider?.destroy();
    await anvil?.stop();
    await rm(path.join(ROOT, "ignition", "deployments", deploymentId), { recursive: true, force: true });
  });

  it("gives, summarises, responds, lists, refuses a non-payer and revokes", async function () {
    const { addresses } = JSON.parse(await hardhat("deploy", "--json")) as { addresses: Record<string, string> };
    const [payer, owner] = await Promise.all([provider.getSigner(0), provider.getSigner(1)]);
    const at = async <T>(name: string, key: string) =>
      (await ethers.getContractAt(name, addresses[key], payer)) as unknown as T;
    const models = await at<ModelRegistry>("ModelRegistry", "models");
    const agents = await at<AgentRegistry>("AgentRegistry", "agents");
    const rewards = await at<AttributionRewards>("AttributionRewards", "rewards");
    const token = await at<OpenToken>("OpenToken", "token");
    const registration = { metadataURI: "m", weightsHash: ethers.id("w"), feePerInference: FEE, supersedes: 0n };
    await (await models.connect(owner).registerModel({ ...registration, lineage: [] })).wait();
    await (await agents.connect(owner).registerAgent("a", [1n], FEE)).wait();
    await (await token.approve(addresses.rewards, ethers.MaxUint256)).wait();
    const id = ethers.id("the payer's inference");
    await (await rewards.payInference(id, 1n, 1n, ethers.MaxUint256)).wait();
    const give = (value: string, ...more: string[]) =>
      hardhat("feedback:give", "--model", "1", "--agent", "1", "--inference", id, "--value", value, ...more);

    const given = JSON.parse(await give("87", "--tag1", "starred", "--json")) as {
      feedbackId: string;
      subject: string;
      weight: string;
    };
    expect(given).to.include({ feedbackId: "1", subject: "agent", weight: (FEE * 2n).toString() });
    expect(await hardhat("feedback:summary", "--agent", "1", "--tag", "starred")).to.include(
      "agent 1 tagged starred: 1 feedback, weight 4.0 OPEN, weighted mean 87",
    );
    await hardhat("feedback:respond", "--id", "1", "--uri", "ipfs://answer", "--from", "1");
    const listed = JSON.parse(await hardhat("feedback:list", "--agent", "1", "--json")) as {
      feedback: { giver: string; tag1: string; revoked: boolean; responses: { responder: string }[] }[];
    };
    expect(listed.feedback).to.have.length(1);
    expect(listed.feedback[0]).to.include({ giver: payer.address, tag1: "starred", revoked: false });
    expect(listed.feedback[0].responses.map((r) => r.responder)).to.deep.equal([owner.address]);

    const refused = await give("1", "--from", "2").then(
      () => "accepted",
      (error: { stderr: string }) => error.stderr,
    );
    expect(refused).to.include("the contract refused: InferenceNotPaid(");
    const nonPayer = await provider.getSigner(2);
    expect(await provider.getTransactionCount(nonPayer.address), "nothing was sent").to.equal(0);

    await hardhat("feedback:revoke", "--id", "1");
    expect(await hardhat("feedback:summary", "--agent", "1")).to.include("agent 1: 0 feedback, weight 0.0 OPEN");
  });
});
