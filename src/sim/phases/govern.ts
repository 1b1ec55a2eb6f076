// Phase 0: governance sets the challenge window the run waits out: the deployer delegates its OPEN's votes and passes
// the proposal, through the Governor and the timelock that hold the economic roles.
import { windowAction } from "../../ops/admin";
import { delegateVotes } from "../../ops/governance";
import { passProposal } from "../governance";
import { advanceClock } from "./epoch";
import { book, type SimState } from "../state";
import type { PhaseContext } from "./phase";

/** The contract name a proposal's action targets (src/gov/deployment.ts names every contract of the suite). */
const REWARDS = "AttributionRewards";

/**
 * The vote that sets the challenge window to the contract's minimum: every epoch then waits the shortest window the
 * code allows. Roots are accepted after the window whatever its length, so no earnings depend on the value.
 */
export async function govern(state: SimState, { progress }: PhaseContext): Promise<void> {
  const { rewards, token } = state.suite;
  progress.phase("governance", 2);
  book(state, "token.delegate", await delegateVotes(token, state.deployer));
  // The Governor counts the votes of the second before a proposal: the delegation must be at least that old.
  await advanceClock(state.hre, 1);
  progress.tick();
  const action = await windowAction(rewards, Number(await rewards.MIN_CHALLENGE_WINDOW()));
  await passProposal(state, {
    actions: [{ target: REWARDS, signature: action.signature, args: action.args }],
    description: `${action.description}, so that the simulated epochs wait the shortest window the contract allows`,
    read: async () => ({ [`${REWARDS}.challengeWindow`]: `${await rewards.challengeWindow()} s` }),
  });
  progress.tick();
  progress.done();
}
