// The copycat scenario: accounts submit edits of honest authors' files, lightly edited or disguised, and each must
// earn at most a tenth of the author it imitates.
import { insertComments, renameAndReorder } from "../../attribution/disguise";
import { documentFrequencies, sharedVocabulary } from "../../attribution/normalize";
import { lightlyEdit } from "../corpus";
import { submit } from "../phases/contribute";
import { STAKE, makeActor, type SimState } from "../state";
import type { Scenario } from "./scenario";

/**
 * The disguise a copier uses against a copy check that reads text as written: a comment every three lines, a tenth
 * of the file's own identifiers renamed (the names the datanet's files share are kept, so the code still reads as
 * the domain's), and its blocks reordered.
 */
function disguise(state: SimState, text: string, file: string): string {
  const texts = state.pending.map((r) => r.text);
  const shared = sharedVocabulary(documentFrequencies(texts), texts.length);
  return renameAndReorder(insertComments(text, file, 3, state.random.attack), shared, 0.1, state.random.attack);
}

export const copycat: Scenario = {
  name: "copycat",
  description:
    "accounts submit light edits and disguised copies (comments, renames, reordered blocks) of honest authors' " +
    "files; each must earn at most 10% of its author",
  async afterContribute(state) {
    const originals = state.honest.slice(0, 3).map((author) => state.pending.find((r) => r.contributor === author)!);
    for (const [i, original] of originals.entries()) {
      const cat = await makeActor(state, `copycat${i + 1}`, "copycat", STAKE * 20n);
      const d = state.datanetIds.indexOf(original.datanetId);
      const text =
        i < 2 ? lightlyEdit(original.text, state.random.attack) : disguise(state, original.text, original.source);
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
