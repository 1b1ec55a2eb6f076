// The shape of a simulation's summary: what `reports/summary.json` holds and what the HTML report draws.

/** An amount of OPEN as a decimal string of wei (JSON has no bigint). */
export type WeiString = string;

/** "honest", or the kind of contributor a scenario adds (src/sim/scenarios): "spam", "copycat", "sybil"... */
export type ContributorKind = string;

export interface ContributorResult {
  address: string;
  label: string;
  kind: ContributorKind;
  /** Final cumulative entitlement in the last accepted root. */
  entitled: WeiString;
  /** What it actually claimed. */
  claimed: WeiString;
  approved: number;
  rejected: number;
}

export interface EpochPayouts {
  epoch: number;
  inferences: number;
  protocol: WeiString;
  agentOwners: WeiString;
  modelOwners: WeiString;
  dataPool: WeiString;
}

export interface AttackerOutcome {
  scenario: string;
  attacker: string;
  earned: WeiString;
  /** Whom the attacker imitated and what they earned, where that applies. */
  imitated?: string;
  imitatedEarned?: WeiString;
  /** What the design promises for this attack, and whether the run met it. */
  expectation: string;
  met: boolean;
  note?: string;
}

/** What a proposal changed: one parameter, read from the chain before it was proposed and after it was executed. */
export interface ParameterChange {
  /** The contract and parameter, e.g. `AttributionRewards.challengeWindow`. */
  parameter: string;
  before: string;
  after: string;
}

/** A governance proposal the run passed: what it called, what that changed, how it was voted, and its state. */
export interface ProposalSummary {
  /** The Governor's proposal id, a uint256 in decimal. */
  id: string;
  description: string;
  /** Each call, as `Contract.function(arguments)`. */
  actions: string[];
  changes: ParameterChange[];
  /** OpenZeppelin's ProposalState name: `Executed` once it took effect. */
  state: string;
  votes: { for: WeiString; against: WeiString; abstain: WeiString };
  /** The votes (For + Abstain) it needed. */
  quorum: WeiString;
}

export interface GasStat {
  operation: string;
  count: number;
  mean: number;
  max: number;
}

export interface AuditCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface SimulationSummary {
  generatedAt: string;
  network: string;
  chainId: number;
  seed: string;
  scenario: string;
  options: Record<string, string | number | boolean>;
  addresses: Record<string, string>;
  earningsByRole: Record<string, WeiString>;
  contributors: ContributorResult[];
  epochs: EpochPayouts[];
  attackers: AttackerOutcome[];
  /** The governance proposals the run passed, in order. */
  proposals: ProposalSummary[];
  gas: GasStat[];
  audit: { ok: boolean; checks: AuditCheck[] };
}
