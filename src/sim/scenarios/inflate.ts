// The inflate scenario: a contributor declares its file 2^64 − 1 bytes long, hoping the remainder rule pays by size.
import { emittedEvent } from "../../chain/events";
import { submit } from "../phases/contribute";
import { STAKE, makeActor } from "../state";
import { earningsOfKind } from "./earnings";
import type { Scenario } from "./scenario";

/** The size the attacker declares: the largest a uint64 holds, whatever its file's real length. */
export const INFLATED_SIZE = 2n ** 64n - 1n;

export const inflate: Scenario = {
  name: "inflate",
  description: "a contributor declares its file 2^64 − 1 bytes; it must earn no more than with its real size",
  // The counterfactual run submits the same file with its real size.
  counterfactual: true,
  async afterContribute(state) {
    const attacker = await makeActor(state, "inflater", "inflate", STAKE * 5n);
    const file = state.pools[0].pop();
    if (!file) return;
    if (state.options.counterfactual) {
      await submit(state, attacker, 0, file.text, "inflate", file.name);
      return;
    }
    const { datanet, token } = state.suite;
    const datanetId = state.datanetIds[0];
    const { hash } = await state.store.put(Buffer.from(file.text, "utf8"));
    const { stake } = await datanet.getDatanet(datanetId);
    await (await token.connect(attacker.signer).approve(datanet, stake)).wait();
    const sent = await datanet.connect(attacker.signer).contribute(datanetId, hash, INFLATED_SIZE, "");
    const receipt = (await sent.wait())!;
    const contributionId = emittedEvent(datanet, receipt, "ContributionSubmitted").args.contributionId as bigint;
    state.pending.push({
      contributionId,
      datanetId,
      source: file.name,
      contributor: attacker,
      kind: "inflate",
      outcome: "approved",
      text: file.text,
    });
  },
  outcomes: ({ state, counterfactual }) => {
    if (!counterfactual) return [];
    const earned = earningsOfKind(state, "inflate");
    const honest = earningsOfKind(counterfactual, "inflate");
    return [
      {
        scenario: "inflate",
        attacker: "a contributor declaring 2^64 − 1 bytes",
        earned: earned.toString(),
        imitated: "the same file with its real size (measured in a second run)",
        imitatedEarned: honest.toString(),
        expectation: "no more than with its real size",
        met: earned <= honest,
        note:
          "the curator compares the stored bytes with the declared size and rejects the mismatch (slashing its " +
          "stake); settlement itself weighs the remainder by measured bytes and excludes a mismatch",
      },
    ];
  },
};
