// The copycat scenario: two accounts each submit a light edit of a different honest author's first file.
import { lightlyEdit } from "../corpus";
import { submit } from "../phases/contribute";
import { STAKE, makeActor } from "../state";
import type { Scenario } from "./scenario";

export const copycat: Scenario = {
  name: "copycat",
  description: "accounts submit light edits of honest authors' files; each must earn at most 10% of its author",
  async afterContribute(state) {
    const originals = state.honest.slice(0, 2).map((author) => state.pending.find((r) => r.contributor === author)!);
    for (const [i, original] of originals.entries()) {
      const cat = await makeActor(state, `copycat${i + 1}`, "copycat", STAKE * 20n);
      const d = state.datanetIds.indexOf(original.datanetId);
      const text = lightlyEdit(original.text, state.random.attack);
      await submit(state, cat, d, text, "copycat", original.source, original.contributor.label);
    }
  },
  outcomes: ({ state, contributors }) => {
    const earned = (label: string) => BigInt(contributors.find((c) => c.label === label)?.entitled ?? "0");
    return contributors
      .filter((c) => c.kind === "copycat")
      .map((c) => {
        const record = state.contributions.find((r) => r.contributor.label === c.label);
        const author = record?.imitates ?? "";
        return {
          scenario: "copycat",
          attacker: c.label,
          earned: c.entitled,
          imitated: author,
          imitatedEarned: earned(author).toString(),
          expectation: "far less than the author (at most 10%)",
          met: BigInt(c.entitled) * 10n <= earned(author),
          note: record?.reason,
        };
      });
  },
};
