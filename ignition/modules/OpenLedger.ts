// Ignition module that deploys the whole OpenLedger suite with its Governor and timelock, and grants the timelock
// every economic admin role; the deployer keeps those roles beside it until OpenLedgerHandover takes them away.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { CallableContractFuture, ContractFuture, IgnitionModuleBuilder } from "@nomicfoundation/ignition-core";
import { ZeroHash, id } from "ethers";
import {
  AGENT_STAKE_DEFAULTS,
  CHALLENGE_DEFAULTS,
  DEFAULT_CHALLENGE_WINDOW,
  GOVERNANCE_DEFAULTS,
} from "../../src/gov/parameters";

/** The role that administers every other role of an OpenZeppelin AccessControl contract. */
export const DEFAULT_ADMIN_ROLE = ZeroHash;

/** An economic admin role: it changes what someone is paid, so only the timelock (a passed vote) holds it. */
export interface EconomicRole {
  contract: CallableContractFuture<string>;
  /** The contract's name, for future ids. */
  name: string;
  /** The role's constant name, for future ids and the docs. */
  roleName: string;
  role: string;
}

/** The suite's contracts, by the keys the module returns them under. */
export type SuiteContract = "token" | "datanet" | "models" | "agents" | "rewards" | "challenges" | "agentStakes";

/**
 * Every economic admin role of the suite. AttributionRewards' DEFAULT_ADMIN_ROLE sets the shares, the treasury
 * and the challenge window, and appoints the attributor and the guardian. RootChallenges' RESOLVER_ROLE upholds or
 * dismisses challenges (an upheld one slashes the attributor's stake) and its DEFAULT_ADMIN_ROLE sets the bond, the
 * resolution period, the slash and the minimum stake. AgentStakes' RESOLVER_ROLE upholds or dismisses complaints
 * against agents (an upheld one slashes the agent's stake) and its DEFAULT_ADMIN_ROLE sets the minimum agent stake,
 * the complaint bond, the resolution period and the slash. A role that appears in another contract (royalty caps) is one
 * more line here: the grant and the handover both read this list.
 */
export function economicRoles(suite: Record<SuiteContract, CallableContractFuture<string>>): EconomicRole[] {
  return [
    { contract: suite.rewards, name: "AttributionRewards", roleName: "DEFAULT_ADMIN_ROLE", role: DEFAULT_ADMIN_ROLE },
    { contract: suite.datanet, name: "Datanet", roleName: "DEFAULT_ADMIN_ROLE", role: DEFAULT_ADMIN_ROLE },
    { contract: suite.challenges, name: "RootChallenges", roleName: "RESOLVER_ROLE", role: id("RESOLVER_ROLE") },
    { contract: suite.challenges, name: "RootChallenges", roleName: "DEFAULT_ADMIN_ROLE", role: DEFAULT_ADMIN_ROLE },
    { contract: suite.agentStakes, name: "AgentStakes", roleName: "RESOLVER_ROLE", role: id("RESOLVER_ROLE") },
    { contract: suite.agentStakes, name: "AgentStakes", roleName: "DEFAULT_ADMIN_ROLE", role: DEFAULT_ADMIN_ROLE },
  ];
}

/** A bonded-case contract: its setters, the module parameter each takes, and how AttributionRewards is told of it. */
interface BondedCases<P extends string> {
  name: "RootChallenges" | "AgentStakes";
  setters: Readonly<Record<string, P>>;
  defaults: Readonly<Record<P, bigint | number>>;
  wire: "setRootChallenges" | "setAgentStakes";
}

const ROOT_CHALLENGES: BondedCases<keyof typeof CHALLENGE_DEFAULTS> = {
  name: "RootChallenges",
  setters: {
    setMinStake: "minAttributorStake",
    setChallengeBond: "challengeBond",
    setResolutionPeriod: "resolutionPeriod",
    setSlashBps: "slashBps",
  },
  defaults: CHALLENGE_DEFAULTS,
  wire: "setRootChallenges",
};

/** The minimum agent stake defaults to zero: agents need not stake until a vote asks them to. */
const AGENT_STAKES: BondedCases<keyof typeof AGENT_STAKE_DEFAULTS> = {
  name: "AgentStakes",
  setters: {
    setMinStake: "minAgentStake",
    setComplaintBond: "complaintBond",
    setResolutionPeriod: "complaintResolutionPeriod",
    setSlashBps: "complaintSlashBps",
  },
  defaults: AGENT_STAKE_DEFAULTS,
  wire: "setAgentStakes",
};

export default buildModule("OpenLedger", (m) => {
  const deployer = m.getAccount(0);
  const treasury = m.getParameter("treasury", deployer);
  // Holds the economic roles beside the timelock until the handover, which takes them from it as well.
  const admin = m.getParameter("admin", deployer);
  const attributor = m.getParameter("attributor", deployer);
  const guardian = m.getParameter("guardian", deployer);

  const token = m.contract("OpenToken", [treasury]);
  // The deployer first, like AttributionRewards: the economic roles below go to the timelock and `admin` from it.
  const datanet = m.contract("Datanet", [token, deployer]);
  const models = m.contract("ModelRegistry", [datanet]);
  const agents = m.contract("AgentRegistry", [models]);
  // The deployer is the first admin so that this module can set the challenge window and grant the roles.
  const rewards = m.contract("AttributionRewards", [token, models, agents, deployer, treasury, attributor, guardian]);
  // Set here so that nobody needs the admin role after deployment to start with another window.
  m.call(rewards, "setChallengeWindow", [m.getParameter("challengeWindow", DEFAULT_CHALLENGE_WINDOW)]);

  // After the suite, so that its contracts keep the addresses they had before governance joined the module.
  const { governor, timelock } = governance(m, token, rewards);
  const challenges = bondedCases(m, ROOT_CHALLENGES, { token, rewards, last: governor });
  const agentStakes = bondedCases(m, AGENT_STAKES, { token, rewards, last: challenges });
  for (const { contract, name, roleName, role } of economicRoles({
    token,
    datanet,
    models,
    agents,
    rewards,
    challenges,
    agentStakes,
  })) {
    m.call(contract, "grantRole", [role, timelock], { id: `${name}_grant_${roleName}_timelock` });
    m.call(contract, "grantRole", [role, admin], { id: `${name}_grant_${roleName}_admin` });
  }

  // Last, so that every earlier address stays what it was; it reads payments and has no roles.
  const feedback = m.contract("FeedbackRegistry", [rewards], { after: [challenges, agentStakes] });

  return { token, datanet, models, agents, rewards, challenges, agentStakes, feedback, governor, timelock };
});

/**
 * A bonded-case contract deployed after `last`, so that every earlier address stays what it was, with each setter
 * called with its module parameter (defaults in src/gov/parameters.ts) and AttributionRewards told to consult it. The
 * deployer is its first admin and resolver; the roles go to the timelock (and `admin`) with the other economic roles.
 */
function bondedCases<P extends string>(
  m: IgnitionModuleBuilder,
  spec: BondedCases<P>,
  deps: { token: ContractFuture<string>; rewards: CallableContractFuture<string>; last: ContractFuture<string> },
) {
  const deployer = m.getAccount(0);
  const cases = m.contract(spec.name, [deps.token, deps.rewards, deployer, deployer], { after: [deps.last] });
  for (const [setter, parameter] of Object.entries(spec.setters)) {
    m.call(cases, setter, [m.getParameter(parameter, spec.defaults[parameter])]);
  }
  m.call(deps.rewards, spec.wire, [cases]);
  return cases;
}

/** The Governor over OPEN's votes and the timelock it queues in, wired so that only the Governor drives it. */
function governance(m: IgnitionModuleBuilder, token: ContractFuture<string>, last: ContractFuture<string>) {
  const deployer = m.getAccount(0);
  const timelock = m.contract(
    "OpenLedgerTimelock",
    [m.getParameter("timelockDelay", GOVERNANCE_DEFAULTS.timelockDelay), [], [], deployer],
    { after: [last] },
  );
  const governor = m.contract("OpenLedgerGovernor", [
    token,
    timelock,
    m.getParameter("votingDelay", GOVERNANCE_DEFAULTS.votingDelay),
    m.getParameter("votingPeriod", GOVERNANCE_DEFAULTS.votingPeriod),
    m.getParameter("proposalThreshold", GOVERNANCE_DEFAULTS.proposalThreshold),
    m.getParameter("quorumPercent", GOVERNANCE_DEFAULTS.quorumPercent),
  ]);
  // Only the Governor proposes, cancels and executes: nothing reaches the timelock without a passed vote.
  const roles = ["PROPOSER_ROLE", "CANCELLER_ROLE", "EXECUTOR_ROLE"].map((roleName) =>
    m.call(timelock, "grantRole", [id(roleName), governor], { id: `OpenLedgerTimelock_grant_${roleName}` }),
  );
  // The timelock administers itself from here on; the deployer keeps nothing over it.
  m.call(timelock, "renounceRole", [DEFAULT_ADMIN_ROLE, deployer], { after: roles });
  return { governor, timelock };
}
