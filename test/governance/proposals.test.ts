// The governance library on the embedded chain: a proposal file through propose, vote, queue, execute and status,
// and the errors each step gives for bad input.
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { encodeActions, readActions, type ActionInput } from "../../src/gov/actions";
import { governanceOf } from "../../src/gov/deployment";
import { CommandError } from "../../src/cli/errors";
import { execute, propose, queue, status, vote } from "../../src/gov/proposals";
import { statusLines } from "../../src/gov/format";
import { toJson } from "../../src/read/json";
import { governed } from "./fixtures";

const SHARES_ACTION: ActionInput = {
  target: "rewards",
  signature: "setShares((uint16,uint16,uint16,uint16))",
  args: [[400, 1_600, 2_500, 5_500]],
};

async function withGovernance() {
  const g = await governed();
  return { ...g, gov: await governanceOf(g.suite) };
}

describe("Governance library", function () {
  let dir: string;
  before(async () => (dir = await mkdtemp(path.join(os.tmpdir(), "openledger-gov-"))));
  after(async () => rm(dir, { recursive: true, force: true }));

  it("takes a proposal file through propose, vote, queue and execute, and reports each state", async function () {
    const { suite, gov, whale } = await loadFixture(withGovernance);
    const file = path.join(dir, "shares.json");
    await writeFile(file, JSON.stringify({ actions: [SHARES_ACTION] }));
    const { id } = await propose(gov, whale, await readActions(file, gov.names), "Lower the protocol share");
    expect((await status(gov, id)).state).to.equal("Pending");
    expect((await status(gov, id)).quorum).to.equal(null);

    await time.increase((await suite.governor.votingDelay()) + 1n);
    const cast = await vote(gov, whale, id, "for", "cheaper inferences");
    expect(cast.weight).to.equal(await suite.token.getVotes(whale.address));
    await time.increase(await suite.governor.votingPeriod());
    const succeeded = await status(gov, id);
    expect(succeeded).to.include({ state: "Succeeded", eta: null, description: "Lower the protocol share" });
    expect(succeeded.votes).to.deep.equal({ for: cast.weight, against: 0n, abstain: 0n });
    expect(succeeded.quorum).to.equal(((await suite.token.totalSupply()) * 4n) / 100n);

    const queued = await queue(gov, whale, id);
    const latest = BigInt(await time.latest());
    expect(BigInt(queued.eta.getTime() / 1000)).to.equal(latest + (await suite.timelock.getMinDelay()));
    expect((await status(gov, id)).eta).to.deep.equal(queued.eta);
    await time.increaseTo(queued.eta.getTime() / 1000);
    await execute(gov, whale, id);
    expect((await status(gov, id)).state).to.equal("Executed");
    expect((await suite.rewards.shares()).protocolBps).to.equal(400n);
  });

  it("prints a status as aligned lines and as JSON with decimal strings and ISO dates", async function () {
    const { gov, whale } = await loadFixture(withGovernance);
    const { id } = await propose(gov, whale, encodeActions([SHARES_ACTION], gov.names), "Lines");
    const s = await status(gov, id);
    const lines = statusLines(s);
    expect(lines[0]).to.equal(`Proposal ${id}`);
    expect(lines).to.include("  state        Pending");
    expect(lines).to.include("  eta          not queued");
    const json = JSON.parse(toJson(s)) as { id: string; votes: { for: string }; snapshot: string; eta: null };
    expect(json.id).to.equal(id.toString());
    expect(json.votes.for).to.equal("0");
    expect(json.snapshot).to.equal(s.snapshot.toISOString());
    expect(json.eta).to.equal(null);
  });

  it("names the custom error a refused step reverted with, and changes nothing", async function () {
    const { suite, gov, whale, small } = await loadFixture(withGovernance);
    const calls = encodeActions([SHARES_ACTION], gov.names);
    const threshold = await suite.governor.proposalThreshold();
    await expect(propose(gov, small, calls, "Too small")).to.be.rejectedWith(
      CommandError,
      `the contract refused: GovernorInsufficientProposerVotes(${small.address}, ${threshold - 1n}, ${threshold})`,
    );
    const { id } = await propose(gov, whale, calls, "Early vote");
    await expect(vote(gov, whale, id, "for")).to.be.rejectedWith(CommandError, "GovernorUnexpectedProposalState");
    await expect(queue(gov, whale, id)).to.be.rejectedWith(CommandError, "GovernorUnexpectedProposalState");
    expect((await status(gov, id)).votes).to.deep.equal({ for: 0n, against: 0n, abstain: 0n });
  });

  it("refuses an unknown proposal id and an empty description", async function () {
    const { gov, whale } = await loadFixture(withGovernance);
    await expect(status(gov, 12345n)).to.be.rejectedWith(CommandError, "--id: no proposal 12345 on this Governor");
    const calls = encodeActions([SHARES_ACTION], gov.names);
    await expect(propose(gov, whale, calls, "  ")).to.be.rejectedWith(CommandError, "--description");
  });

  describe("proposal files", function () {
    const names = { rewards: "0x" + "11".repeat(20), AttributionRewards: "0x" + "11".repeat(20) };
    const cases: { name: string; actions: unknown[]; error: string }[] = [
      {
        name: "an unknown target",
        actions: [{ ...SHARES_ACTION, target: "bank" }],
        error: 'actions[0].target: "bank"',
      },
      { name: "a missing target", actions: [{ signature: "pause()" }], error: "actions[0].target: missing" },
      { name: "a bad signature", actions: [{ target: "rewards", signature: "set shares(" }], error: ".signature:" },
      { name: "no signature", actions: [{ target: "rewards" }], error: "actions[0].signature: missing" },
      {
        name: "the wrong number of arguments",
        actions: [{ ...SHARES_ACTION, args: [] }],
        error: "setShares((uint16,uint16,uint16,uint16)) takes 1 argument(s)",
      },
      {
        name: "arguments that do not fit the types",
        actions: [{ ...SHARES_ACTION, args: [[70_000, 0, 0, 0]] }],
        error: "actions[0].args: do not fit",
      },
      { name: "a value that is not wei", actions: [{ ...SHARES_ACTION, value: 1 }], error: "actions[0].value: 1" },
    ];
    for (const { name, actions, error } of cases) {
      it(`refuses ${name}, naming the action and field`, function () {
        expect(() => encodeActions(actions as ActionInput[], names)).to.throw(CommandError, error);
      });
    }

    it("encodes a target by address or by name to the same call, with its value", function () {
      const byName = encodeActions([{ ...SHARES_ACTION, value: "7" }], names);
      const byAddress = encodeActions([{ ...SHARES_ACTION, target: names.rewards, value: "7" }], names);
      expect(byName).to.deep.equal(byAddress);
      expect(byName.values).to.deep.equal([7n]);
    });

    it("refuses a file that is not JSON or holds no actions", async function () {
      const broken = path.join(dir, "broken.json");
      await writeFile(broken, "{");
      await expect(readActions(broken, names)).to.be.rejectedWith(CommandError, `--actions: cannot read ${broken}`);
      const empty = path.join(dir, "empty.json");
      await writeFile(empty, JSON.stringify({ actions: [] }));
      await expect(readActions(empty, names)).to.be.rejectedWith(CommandError, "holds no actions");
      const list = path.join(dir, "list.json");
      await writeFile(list, JSON.stringify([SHARES_ACTION]));
      expect((await readActions(list, names)).targets).to.have.length(1);
    });
  });
});
