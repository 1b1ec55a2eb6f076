// What a set of accounts is entitled to at the end of a run: their cumulative amounts in its last proofs file.
import type { SimState } from "../state";

/** The total entitlement of every actor of `kind` in `state`'s last proofs file. */
export function earningsOfKind(state: SimState, kind: string): bigint {
  const accounts = new Set(state.actors.filter((a) => a.kind === kind).map((a) => a.address.toLowerCase()));
  return (state.proofs.at(-1)?.claims ?? [])
    .filter((c) => accounts.has(c.account.toLowerCase()))
    .reduce((sum, c) => sum + BigInt(c.cumulativeAmount), 0n);
}
