// The spam scenario: an account submits junk, and a duplicate of a pending contribution, hoping to be paid for it.
import { keccak256, toUtf8Bytes } from "ethers";
import { junkText } from "../corpus";
import { submit } from "../phases/contribute";
import { STAKE, makeActor } from "../state";
import { attempt, attemptOutcomes } from "./attempts";
import type { Scenario } from "./scenario";

export const spam: Scenario = {
  name: "spam",
  description: "an account submits junk and a duplicate; it must earn nothing and lose its stakes",
  async afterContribute(state) {
    const spammer = await makeActor(state, "spammer", "spam", STAKE * 20n);
    for (let i = 0; i < 3; i++) {
      const d = i % state.datanetIds.length;
      await submit(state, spammer, d, junkText(state.random.attack), "spam", `junk-${i}`);
    }
    // A duplicate of a pending contribution is refused on-chain and costs the spammer nothing but gas.
    const victim = state.pending[0];
    const hash = keccak256(toUtf8Bytes(victim.text));
    await attempt(state, "duplicate content hash", "DuplicateContent", () =>
      state.suite.datanet.connect(spammer.signer).contribute(victim.datanetId, hash, 10n, ""),
    );
  },
  outcomes: ({ state, contributors }) => [
    ...contributors
      .filter((c) => c.kind === "spam")
      .map((c) => ({
        scenario: "spam",
        attacker: c.label,
        earned: c.entitled,
        expectation: "nothing; stakes slashed",
        met: BigInt(c.entitled) === 0n && c.approved === 0,
      })),
    ...attemptOutcomes(state),
  ],
};
