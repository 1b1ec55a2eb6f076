// Finds the Governor, the timelock and the contract names a proposal may target, in a deployed or a fresh suite.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { OpenLedgerGovernor, OpenLedgerTimelock } from "../../typechain-types";
import type { GovernedSuite } from "../chain/deploy";
import { deploymentDir } from "../ops/suite";
import { CommandError } from "../cli/errors";

/** What every governance command works with. */
export interface Governance {
  governor: OpenLedgerGovernor;
  timelock: OpenLedgerTimelock;
  /** Each contract a proposal may target, by its key in the suite and by its contract name. */
  names: Record<string, string>;
}

/** The suite's keys and the contract each names (Ignition's future is `OpenLedger#<contract>`). */
const CONTRACTS: Record<keyof GovernedSuite, string> = {
  token: "OpenToken",
  datanet: "Datanet",
  models: "ModelRegistry",
  agents: "AgentRegistry",
  rewards: "AttributionRewards",
  challenges: "RootChallenges",
  agentStakes: "AgentStakes",
  feedback: "FeedbackRegistry",
  governor: "OpenLedgerGovernor",
  timelock: "OpenLedgerTimelock",
};

/** The governance of a suite in hand (deploySuite's result). */
export async function governanceOf(suite: GovernedSuite): Promise<Governance> {
  const names: Record<string, string> = {};
  for (const [key, contract] of Object.entries(CONTRACTS) as [keyof GovernedSuite, string][]) {
    names[key] = names[contract] = await suite[key].getAddress();
  }
  return { governor: suite.governor, timelock: suite.timelock, names };
}

/** The governance of the suite `npx hardhat deploy` deployed on this network (or under `deploymentId`). */
export async function loadGovernance(hre: HardhatRuntimeEnvironment, deploymentId?: string): Promise<Governance> {
  const file = path.join(await deploymentDir(hre, deploymentId), "deployed_addresses.json");
  let deployed: Record<string, string>;
  try {
    deployed = JSON.parse(await readFile(file, "utf8")) as Record<string, string>;
  } catch {
    throw new CommandError(
      `no deployment at ${file}: deploy first with \`npx hardhat deploy --network <name>\`` +
        (deploymentId ? ` --deployment-id ${deploymentId}` : ""),
    );
  }
  const names: Record<string, string> = {};
  for (const [key, contract] of Object.entries(CONTRACTS)) {
    const address = deployed[`OpenLedger#${contract}`];
    if (!address) throw new CommandError(`${file} has no address for OpenLedger#${contract}`);
    names[key] = names[contract] = address;
  }
  const governor = (await hre.ethers.getContractAt("OpenLedgerGovernor", names.governor)) as unknown;
  const timelock = (await hre.ethers.getContractAt("OpenLedgerTimelock", names.timelock)) as unknown;
  return { governor: governor as OpenLedgerGovernor, timelock: timelock as OpenLedgerTimelock, names };
}
