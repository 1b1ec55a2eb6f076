// docs/governance.md against the code: its role table against a deployed suite, its parameter table against the
// module's defaults and the contracts' bounds.
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { deploySuite } from "../../src/chain/deploy";
import { encodeActions } from "../../src/gov/actions";
import { governanceOf } from "../../src/gov/deployment";
import {
  AGENT_STAKE_DEFAULTS,
  CHALLENGE_DEFAULTS,
  DEFAULT_CHALLENGE_WINDOW,
  GOVERNANCE_DEFAULTS,
} from "../../src/gov/parameters";
import { roleLayout } from "../../src/gov/roles";

const DOC = path.join(hre.config.paths.root, "docs", "governance.md");

/** The cells of every table row of the doc whose first cell matches `first`. */
async function rows(first: RegExp): Promise<string[][]> {
  const text = await readFile(DOC, "utf8");
  return text
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .map((line) =>
      line
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim()),
    )
    .filter((cells) => first.test(cells[0]));
}

/** The whole numbers of a cell, as on-chain values: `N OPEN` in wei, anything else as written. */
function numbers(cell: string): bigint[] {
  return [...cell.matchAll(/(\d+)(\s*OPEN)?/g)].map(([, n, open]) => (open ? ethers.parseEther(n) : BigInt(n)));
}

async function handedOver() {
  const [, attributor, guardian] = await ethers.getSigners();
  const suite = await deploySuite(hre, {
    attributor: attributor.address,
    guardian: guardian.address,
    keepDeployerAdmin: false,
  });
  const who: Record<string, string> = {
    [await suite.timelock.getAddress()]: "timelock",
    [await suite.governor.getAddress()]: "governor",
    [attributor.address]: "attributor",
    [guardian.address]: "guardian",
  };
  return { suite, who };
}

describe("docs/governance.md", function () {
  it("lists exactly the roles every deployed contract has, and who holds each", async function () {
    const { suite, who } = await loadFixture(handedOver);
    const names: Record<string, keyof typeof suite> = {
      OpenToken: "token",
      Datanet: "datanet",
      ModelRegistry: "models",
      AgentRegistry: "agents",
      AttributionRewards: "rewards",
      RootChallenges: "challenges",
      OpenLedgerGovernor: "governor",
      OpenLedgerTimelock: "timelock",
    };
    const documented = (await rows(/^[A-Z]\w+$/)).filter(([contract]) => contract in names);
    const deployed: string[] = [];
    for (const [contract, key] of Object.entries(names)) {
      const layout = await roleLayout(suite[key]);
      if (Object.keys(layout).length === 0) deployed.push(`${contract} none `);
      for (const [role, holders] of Object.entries(layout)) {
        for (const holder of holders) deployed.push(`${contract} \`${role}\` ${who[holder] ?? holder}`);
      }
    }
    const table = documented.map(([contract, role, holder]) => `${contract} ${role} ${holder}`);
    expect(table.sort()).to.deep.equal(deployed.sort());
  });

  it("states the module's defaults and the contracts' bounds for every parameter", async function () {
    const { suite } = await loadFixture(handedOver);
    const { governor, timelock, rewards, challenges, agentStakes } = suite;
    const expected: Record<string, { value: bigint; bounds: bigint[] }> = {
      votingDelay: {
        value: BigInt(GOVERNANCE_DEFAULTS.votingDelay),
        bounds: [await governor.MIN_VOTING_DELAY(), await governor.MAX_VOTING_DELAY()],
      },
      votingPeriod: {
        value: BigInt(GOVERNANCE_DEFAULTS.votingPeriod),
        bounds: [await governor.MIN_VOTING_PERIOD(), await governor.MAX_VOTING_PERIOD()],
      },
      proposalThreshold: {
        value: GOVERNANCE_DEFAULTS.proposalThreshold,
        bounds: [0n, await governor.MAX_PROPOSAL_THRESHOLD()],
      },
      quorumPercent: {
        value: BigInt(GOVERNANCE_DEFAULTS.quorumPercent),
        bounds: [await governor.MIN_QUORUM_PERCENT(), await governor.MAX_QUORUM_PERCENT()],
      },
      timelockDelay: {
        value: BigInt(GOVERNANCE_DEFAULTS.timelockDelay),
        bounds: [await timelock.MIN_TIMELOCK_DELAY(), await timelock.MAX_TIMELOCK_DELAY()],
      },
      challengeWindow: {
        value: BigInt(DEFAULT_CHALLENGE_WINDOW),
        bounds: [await rewards.MIN_CHALLENGE_WINDOW(), await rewards.MAX_CHALLENGE_WINDOW()],
      },
      minAttributorStake: {
        value: await challenges.DEFAULT_MIN_STAKE(),
        bounds: [0n, await challenges.MAX_MIN_STAKE()],
      },
      challengeBond: {
        value: await challenges.DEFAULT_CHALLENGE_BOND(),
        bounds: [await challenges.MIN_CHALLENGE_BOND(), await challenges.MAX_CHALLENGE_BOND()],
      },
      resolutionPeriod: {
        value: await challenges.DEFAULT_RESOLUTION_PERIOD(),
        bounds: [await challenges.MIN_RESOLUTION_PERIOD(), await challenges.MAX_RESOLUTION_PERIOD()],
      },
      slashBps: {
        value: await challenges.DEFAULT_SLASH_BPS(),
        bounds: [await challenges.MIN_SLASH_BPS(), await challenges.MAX_SLASH_BPS()],
      },
      minAgentStake: {
        value: AGENT_STAKE_DEFAULTS.minAgentStake,
        bounds: [0n, await agentStakes.MAX_MIN_AGENT_STAKE()],
      },
      complaintBond: {
        value: await agentStakes.DEFAULT_COMPLAINT_BOND(),
        bounds: [await agentStakes.MIN_COMPLAINT_BOND(), await agentStakes.MAX_COMPLAINT_BOND()],
      },
      complaintResolutionPeriod: {
        value: await agentStakes.DEFAULT_RESOLUTION_PERIOD(),
        bounds: [await agentStakes.MIN_RESOLUTION_PERIOD(), await agentStakes.MAX_RESOLUTION_PERIOD()],
      },
      complaintSlashBps: {
        value: await agentStakes.DEFAULT_COMPLAINT_SLASH_BPS(),
        bounds: [await agentStakes.MIN_COMPLAINT_SLASH_BPS(), await agentStakes.MAX_COMPLAINT_SLASH_BPS()],
      },
    };
    const documented: Record<string, { value: bigint; bounds: bigint[] }> = {};
    for (const [name, value, bounds] of await rows(/^`\w+`$/)) {
      documented[name.slice(1, -1)] = { value: numbers(value)[0], bounds: numbers(bounds) };
    }
    expect(documented).to.deep.equal(expected);
    // What the deployment actually used, so the defaults above are the ones in force.
    expect(await governor.votingDelay()).to.equal(expected.votingDelay.value);
    expect(await governor.votingPeriod()).to.equal(expected.votingPeriod.value);
    expect(await governor.proposalThreshold()).to.equal(expected.proposalThreshold.value);
    expect(await governor["quorumNumerator()"]()).to.equal(expected.quorumPercent.value);
    expect(await timelock.getMinDelay()).to.equal(expected.timelockDelay.value);
    expect(await rewards.challengeWindow()).to.equal(expected.challengeWindow.value);
    // The module's defaults are the contract's own; on this development network the minimum stake is zero.
    for (const [name, value] of Object.entries(CHALLENGE_DEFAULTS))
      expect(BigInt(value)).to.equal(expected[name].value);
    expect(await challenges.challengeBond()).to.equal(expected.challengeBond.value);
    expect(await challenges.resolutionPeriod()).to.equal(expected.resolutionPeriod.value);
    expect(await challenges.slashBps()).to.equal(expected.slashBps.value);
    for (const [name, value] of Object.entries(AGENT_STAKE_DEFAULTS))
      expect(BigInt(value)).to.equal(expected[name].value);
    expect(await agentStakes.minStake()).to.equal(expected.minAgentStake.value);
    expect(await agentStakes.complaintBond()).to.equal(expected.complaintBond.value);
    expect(await agentStakes.resolutionPeriod()).to.equal(expected.complaintResolutionPeriod.value);
    expect(await agentStakes.slashBps()).to.equal(expected.complaintSlashBps.value);
    expect(await challenges.minStake()).to.equal(0n);
  });

  it("shows a proposal file that encodes to a call of setShares on the suite's AttributionRewards", async function () {
    const { suite } = await loadFixture(handedOver);
    const block = /```json\n([\s\S]*?)```/.exec(await readFile(DOC, "utf8"));
    const { actions } = JSON.parse(block![1]) as { actions: Parameters<typeof encodeActions>[0] };
    const calls = encodeActions(actions, (await governanceOf(suite)).names);
    expect(calls.targets).to.deep.equal([await suite.rewards.getAddress()]);
    const decoded = suite.rewards.interface.decodeFunctionData("setShares", calls.calldatas[0]);
    expect(decoded[0].toArray()).to.deep.equal([400n, 1_600n, 2_500n, 5_500n]);
  });
});
