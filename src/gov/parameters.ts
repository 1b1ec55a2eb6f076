// The governance parameters of the Ignition module: their defaults, and why each is what it is.
// The contracts bound every one of them (OpenLedgerGovernor, OpenLedgerTimelock); a default outside a bound fails
// the deployment, and docs/governance.md quotes these values (a test checks the table against this file).

/** Seconds in a day; the settings below are in seconds because OPEN's clock is a timestamp. */
const DAY = 24 * 60 * 60;

/** Module parameters of the OpenLedger module that configure governance, with their defaults. */
export const GOVERNANCE_DEFAULTS = {
  /** Seconds from a proposal to its vote snapshot: a day for holders to read it and delegate. */
  votingDelay: DAY,
  /** Seconds a vote stays open: a week, so that nobody misses a vote by being away for a weekend. */
  votingPeriod: 7 * DAY,
  /** Votes (wei of OPEN) needed to propose: 0.1% of the supply, enough to keep out spam proposals. */
  proposalThreshold: 1_000_000n * 10n ** 18n,
  /** Percent of the supply that must vote For or Abstain: 4%, OpenZeppelin's and most token DAOs' choice. */
  quorumPercent: 4,
  /** Seconds a passed proposal waits in the timelock: two days for anyone who disagrees to act first. */
  timelockDelay: 2 * DAY,
} as const;

/** The challenge window at deployment, in seconds: the contract's own DEFAULT_CHALLENGE_WINDOW (a test checks). */
export const DEFAULT_CHALLENGE_WINDOW = DAY;

/** Module parameters of the OpenLedger module that configure RootChallenges: the contract's own defaults (a test
 * checks each against its DEFAULT_ constant). */
export const CHALLENGE_DEFAULTS = {
  /** Wei of OPEN an attributor keeps active to post a root: ten challenge bonds, so an upheld challenge pays well. */
  minAttributorStake: 100_000n * 10n ** 18n,
  /** Wei of OPEN a challenge locks: enough that holding a root for a resolution period hurts a griefer. */
  challengeBond: 10_000n * 10n ** 18n,
  /** Seconds governance has to resolve a challenge: the default vote (1 + 7 + 2 days) with four days spare. */
  resolutionPeriod: 14 * DAY,
  /** Basis points of the attributor's stake an upheld challenge slashes; half to the challenger, half the treasury. */
  slashBps: 5_000,
} as const;

/** Module parameters of the OpenLedger module that configure AgentStakes: the contract's own defaults (a test
 * checks each against the contract). */
export const AGENT_STAKE_DEFAULTS = {
  /** Wei of OPEN an agent keeps active to be paid through: none, until a vote asks agents to stake. */
  minAgentStake: 0n,
  /** Wei of OPEN a complaint locks: affordable for a payer with a grievance, costly for one filing dozens. */
  complaintBond: 100n * 10n ** 18n,
  /** Seconds governance has to resolve a complaint: the default vote (1 + 7 + 2 days) with four days spare. */
  complaintResolutionPeriod: 14 * DAY,
  /** Basis points of the agent's stake an upheld complaint slashes, all of it paid to the complainant. */
  complaintSlashBps: 1_000,
} as const;

/**
 * The minimum attributor stake `deploySuite` sets on the development networks unless told otherwise: zero, so that
 * the simulation, the scripts and the tests post roots without staking first, as they did before stakes existed.
 * Everything else about challenges works the same; a stake is still slashed if the attributor keeps one.
 */
export const DEVELOPMENT_MIN_ATTRIBUTOR_STAKE = 0n;
