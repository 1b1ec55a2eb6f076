// The gov:* tasks against a separate node (anvil): a proposal file from propose to execute, each step's --json.
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { JsonRpcProvider } from "ethers";
import { startAnvil, type AnvilNode } from "../../src/chain/anvil";
import { isCoverageRun } from "../../src/chain/config";

const exec = promisify(execFile);
const ROOT = hre.config.paths.root;

describe("Governance tasks on a separate node", function () {
  let anvil: AnvilNode;
  let provider: JsonRpcProvider;
  let tmp: string;
  const deploymentId = `test-gov-${process.pid}-${Date.now()}`;

  const hardhat = async (...args: string[]) => {
    const { stdout } = await exec(
      "npx",
      ["hardhat", ...args, "--network", "localhost", "--deployment-id", deploymentId],
      {
        env: { ...process.env, LOCAL_RPC_URL: anvil.url, OPENLEDGER_SKIP_COMPILE: "1" },
        cwd: ROOT,
      },
    );
    return stdout;
  };
  const json = async <T>(...args: string[]) => JSON.parse(await hardhat(...args, "--json")) as T;
  const advance = async (seconds: bigint) => {
    await provider.send("evm_increaseTime", [ethers.toQuantity(seconds)]);
    await provider.send("evm_mine", []);
  };

  before(async function () {
    anvil = await startAnvil({ disableCodeSizeLimit: isCoverageRun(hre) });
    provider = new ethers.JsonRpcProvider(anvil.url);
    tmp = await mkdtemp(path.join(os.tmpdir(), "openledger-gov-tasks-"));
  });

  after(async function () {
    provider?.destroy();
    await anvil?.stop();
    for (const dir of [path.join(ROOT, "ignition", "deployments", deploymentId), tmp]) {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("proposes, votes, queues and executes a change of the shares, printing each step", async function () {
    const { addresses } = await json<{ addresses: Record<string, string> }>("deploy");
    const whale = await provider.getSigner(0);
    const token = (await ethers.getContractAt("OpenToken", addresses.token)).connect(whale);
    await (await token.delegate(await whale.getAddress())).wait();
    await advance(1n);
    const governor = (await ethers.getContractAt("OpenLedgerGovernor", addresses.governor)).connect(provider);
    const rewards = (await ethers.getContractAt("AttributionRewards", addresses.rewards)).connect(provider);
    const timelock = (await ethers.getContractAt("OpenLedgerTimelock", addresses.timelock)).connect(provider);

    const file = path.join(tmp, "shares.json");
    const action = {
      target: "rewards",
      signature: "setShares((uint16,uint16,uint16,uint16))",
      args: [[400, 1600, 2500, 5500]],
    };
    await writeFile(file, JSON.stringify({ actions: [action] }));
    const proposed = await json<{ id: string; txHash: string }>(
      "gov:propose",
      "--actions",
      file,
      "--description",
      "Lower the protocol share",
    );
    expect(proposed.txHash).to.match(/^0x[0-9a-f]{64}$/);
    expect((await json<{ state: string }>("gov:status", "--id", proposed.id)).state).to.equal("Pending");

    await expect(hardhat("gov:vote", "--id", proposed.id, "--support", "maybe")).to.be.rejectedWith(
      '--support: "maybe" is not a vote (for, against or abstain)',
    );
    await advance((await governor.votingDelay()) + 1n);
    const cast = await json<{ weight: string; support: string }>("gov:vote", "--id", proposed.id, "--support", "for");
    expect(cast).to.include({ support: "for", weight: (await token.getVotes(await whale.getAddress())).toString() });
    await advance(await governor.votingPeriod());

    const queued = await json<{ eta: string }>("gov:queue", "--id", proposed.id);
    await expect(hardhat("gov:execute", "--id", proposed.id)).to.be.rejectedWith(
      "the contract refused: TimelockUnexpectedOperationState",
    );
    const status = await json<{ state: string; eta: string; votes: { for: string; against: string } }>(
      "gov:status",
      "--id",
      proposed.id,
    );
    expect(status).to.include({ state: "Queued", eta: queued.eta });
    expect(status.votes).to.include({ for: cast.weight, against: "0" });

    await advance(await timelock.getMinDelay());
    expect(await hardhat("gov:execute", "--id", proposed.id)).to.match(/^Executed \d+ in transaction 0x[0-9a-f]{64}/);
    expect((await rewards.shares()).protocolBps).to.equal(400n);
    const text = await hardhat("gov:status", "--id", proposed.id);
    expect(text).to.contain("  state        Executed");
    expect(text).to.contain(`  eta          ${queued.eta}`);
  });
});
