// Phase 8: model and agent owners and the treasury withdraw what they accrued.
import { withdrawAccrued } from "../../ops/settlement";
import { book, type SimState } from "../state";

export async function withdraw(state: SimState): Promise<void> {
  const { rewards } = state.suite;
  const owners = [...state.builders.map((b) => b.signer), state.deployer];
  for (const owner of owners) {
    if ((await rewards.accrued(await owner.getAddress())) > 0n) {
      book(state, "rewards.withdraw", await withdrawAccrued(rewards, owner));
    }
  }
}
