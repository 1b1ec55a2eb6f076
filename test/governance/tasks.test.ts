// The gov:* tasks against a separate node (anvil): a proposal file from propose to execute, each step's --json.
import { expect } from "chai";
import { ethers } from "hardhat";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { advance, useSeparateNode } from "../helpers/node";

describe("Governance tasks on a separate node", function () {
  const node = useSeparateNode("gov-tasks");
  const { hardhat } = node;
  const json = async <T>(...args: string[]) => JSON.parse(await hardhat(...args, "--json")) as T;

  it("proposes, votes, queues and executes a change of the shares, printing each step", async function () {
    const { addresses } = await json<{ addresses: Record<string, string> }>("deploy");
    const whale = await node.provider.getSigner(0);
    const token = (await ethers.getContractAt("OpenToken", addresses.token)).connect(whale);
    await (await token.delegate(await whale.getAddress())).wait();
    await advance(node.provider, 1n);
    const governor = (await ethers.getContractAt("OpenLedgerGovernor", addresses.governor)).connect(node.provider);
    const rewards = (await ethers.getContractAt("AttributionRewards", addresses.rewards)).connect(node.provider);
    const timelock = (await ethers.getContractAt("OpenLedgerTimelock", addresses.timelock)).connect(node.provider);

    const file = path.join(node.tmp, "shares.json");
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
    await advance(node.provider, (await governor.votingDelay()) + 1n);
    const cast = await json<{ weight: string; support: string }>("gov:vote", "--id", proposed.id, "--support", "for");
    expect(cast).to.include({ support: "for", weight: (await token.getVotes(await whale.getAddress())).toString() });
    await advance(node.provider, await governor.votingPeriod());

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

    await advance(node.provider, await timelock.getMinDelay());
    expect(await hardhat("gov:execute", "--id", proposed.id)).to.match(/^Executed \d+ in transaction 0x[0-9a-f]{64}/);
    expect((await rewards.shares()).protocolBps).to.equal(400n);
    const text = await hardhat("gov:status", "--id", proposed.id);
    expect(text).to.contain("  state        Executed");
    expect(text).to.contain(`  eta          ${queued.eta}`);
  });
});
