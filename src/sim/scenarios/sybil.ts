// The sybil scenario: one party splits each of its files in two and submits the halves from separate accounts.
import { submit } from "../phases/contribute";
import { STAKE, makeActor, type SimState } from "../state";
import type { Scenario } from "./scenario";

export const sybil: Scenario = {
  name: "sybil",
  description: "one party submits halves of its files from separate accounts; it must earn no more than as one",
  // The counterfactual run submits the same files whole from one account.
  counterfactual: true,
  async afterContribute(state) {
    const party = state.options.counterfactual ? await makeActor(state, "sybil1", "sybil", STAKE * 5n) : undefined;
    for (let f = 0; f < 2; f++) {
      const file = state.pools[f % state.pools.length].pop();
      if (!file) break;
      const d = f % state.datanetIds.length;
      if (party) {
        await submit(state, party, d, file.text, "sybil", file.name, "sybil-party");
        continue;
      }
      const lines = file.text.split("\n");
      const half = Math.floor(lines.length / 2);
      for (const [k, part] of [lines.slice(0, half), lines.slice(half)].entries()) {
        const account = await makeActor(state, `sybil${f * 2 + k + 1}`, "sybil", STAKE * 5n);
        await submit(state, account, d, part.join("\n"), "sybil", file.name, "sybil-party");
      }
    }
  },
  outcomes: ({ contributors, counterfactual }) => {
    const sybils = contributors.filter((c) => c.kind === "sybil");
    if (sybils.length === 0 || !counterfactual) return [];
    const total = sybils.reduce((s, c) => s + BigInt(c.entitled), 0n);
    const asOne = partyEarnings(counterfactual);
    return [
      {
        scenario: "sybil",
        attacker: `${sybils.length} accounts of one party`,
        earned: total.toString(),
        imitated: "the same files, whole, from one account (measured in a second run)",
        imitatedEarned: asOne.toString(),
        expectation: "no more than as one account",
        met: total <= asOne,
        note:
          "a second run on a fresh deployment, same seed and same everything else, submits the party's files " +
          "whole from one account; attribution pays per contribution, the remainder by bytes × quality, and " +
          "halves lose the spans that cross the cut",
      },
    ];
  },
};

/** What the sybil party earned, in total, across its accounts: their entitlements in the last proofs file. */
function partyEarnings(state: SimState): bigint {
  const sybils = new Set(state.actors.filter((a) => a.kind === "sybil").map((a) => a.address.toLowerCase()));
  return (state.proofs.at(-1)?.claims ?? [])
    .filter((c) => sybils.has(c.account.toLowerCase()))
    .reduce((sum, c) => sum + BigInt(c.cumulativeAmount), 0n);
}
