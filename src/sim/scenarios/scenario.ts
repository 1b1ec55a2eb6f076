// What a scenario is: the attack steps it adds to a run, when they run, and the outcomes the report states.
import type { AttackerOutcome, AuditCheck, ContributorResult } from "../../report/types";
import type { ProofsFile } from "../../settlement/files";
import type { SimState } from "../state";

/** What the outcomes of a run are judged from. */
export interface OutcomeContext {
  state: SimState;
  /** Every contributor of the run, with what it was entitled to and claimed. */
  contributors: ContributorResult[];
  /** The scenario's counterfactual run, when it declares one. */
  counterfactual?: SimState;
}

/**
 * A scenario, registered in ./index.ts. Every hook is optional: a scenario adds only the steps it needs. The run
 * reaches each hook with the state so far; an attacker is made with `makeActor`, submits with `submit`, and pays,
 * races or calls through `state.suite` and `src/ops` like anyone else. A call the suite must refuse goes through
 * `attempt` (./attempts.ts), which records in `state.attempts` how it was refused; the audit checks every one.
 */
export interface Scenario {
  /** The `--scenario` value. */
  name: string;
  /** One line saying what the scenario's attacker tries. */
  description: string;
  /** After the honest contributions, before curation: submitting data. */
  afterContribute?(state: SimState): Promise<void>;
  /** After the models and agents are registered, before the first epoch: registering an attacker's own. */
  afterRegister?(state: SimState): Promise<void>;
  /** After an epoch's honest inferences (epoch 1 first), before it is settled: paying for inferences. */
  beforeSettle?(state: SimState, epoch: number): Promise<void>;
  /** Right after an epoch's root was posted, inside its challenge window: challenging or racing the root. */
  afterPost?(state: SimState, settled: { epoch: number; proofs: ProofsFile }): Promise<void>;
  /** After an epoch's root was posted and its challenge window passed, before anyone claims against it. */
  afterSettle?(state: SimState, settled: { epoch: number; proofs: ProofsFile }): Promise<void>;
  /**
   * Whether the outcomes are measured against a second run, on a fresh deployment with the same options, whose
   * `options.counterfactual` is true: the hooks see that flag and do the honest (or one-account) version instead.
   */
  counterfactual?: boolean;
  /**
   * The minimum stake an attributor keeps to post a root, in wei of OPEN, in this scenario's deployments (both runs);
   * unset, the development default (zero: DEVELOPMENT_MIN_ATTRIBUTOR_STAKE).
   */
  minAttributorStake?: bigint;
  /** What the design promises against this attack, and whether the run met it. */
  outcomes?(context: OutcomeContext): AttackerOutcome[];
  /** Audit checks of the scenario's own, after the audit's (and the counterfactual's, when it declares one). */
  checks?(context: OutcomeContext): Promise<AuditCheck[]>;
}
