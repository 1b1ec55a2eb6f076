// Calls an attacker makes that the suite must refuse: each is recorded with the custom error it reverted with.
import type { ContractTransactionResponse } from "ethers";
import { revertName } from "../../chain/revert";
import type { AttackerOutcome } from "../../report/types";
import type { SimState } from "../state";

/**
 * Makes `call` and records in `state.attempts` whether it was refused with `expected` (a custom error name) while
 * the token balances `watched` returns stayed as they were.
 */
export async function attempt(
  state: SimState,
  name: string,
  expected: string,
  call: () => Promise<ContractTransactionResponse>,
  watched: () => Promise<bigint[]> = async () => [],
): Promise<void> {
  const before = await watched();
  try {
    await (await call()).wait();
    state.attempts.push({ attempt: name, refused: false, error: "accepted" });
  } catch (error) {
    const after = await watched();
    const unchanged = after.every((balance, i) => balance === before[i]);
    const error_ = revertName(error);
    state.attempts.push({ attempt: name, refused: unchanged && error_.startsWith(`${expected}(`), error: error_ });
  }
}

/** One outcome per recorded attempt: refused, nothing moved. */
export function attemptOutcomes(state: SimState): AttackerOutcome[] {
  return state.attempts.map((g) => ({
    scenario: "griefing",
    attacker: g.attempt,
    earned: "0",
    expectation: "refused, nothing moved",
    met: g.refused,
    note: g.error,
  }));
}
