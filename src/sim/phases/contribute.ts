// Phase 2: honest contributors submit files from their datanets' pools; `submit` is how scenarios submit too.
import { contributeBytes } from "../../ops/data";
import type { ContributorKind } from "../../report/types";
import { STAKE, book, makeActor, type Actor, type ContributionRecord, type SimState } from "../state";
import type { PhaseContext } from "./phase";

/** Submits `text` to the `d`-th datanet as `actor`, books its gas, and queues it for review. */
export async function submit(
  state: SimState,
  actor: Actor,
  d: number,
  text: string,
  kind: ContributorKind,
  source: string,
  imitates?: string,
): Promise<ContributionRecord> {
  const { datanet, token } = state.suite;
  const datanetId = state.datanetIds[d];
  const bytes = Buffer.from(text, "utf8");
  const { contributionId } = book(
    state,
    "datanet.contribute",
    await contributeBytes(datanet, token, state.store, actor.signer, datanetId, bytes),
  );
  const rec: ContributionRecord = {
    contributionId,
    datanetId,
    source,
    contributor: actor,
    kind,
    imitates,
    outcome: "approved",
    text,
  };
  state.pending.push(rec);
  return rec;
}

/** Each honest contributor submits `filesPerContributor` files, round-robin over the datanets. */
export async function contribute(state: SimState, { progress }: PhaseContext): Promise<void> {
  const { contributors, filesPerContributor } = state.options;
  progress.phase("contribute", contributors * filesPerContributor);
  for (let c = 0; c < contributors; c++) {
    const actor = await makeActor(state, `c${c + 1}`, "honest", STAKE * 20n);
    state.honest.push(actor);
    for (let f = 0; f < filesPerContributor; f++) {
      const d = (c + f) % state.datanetIds.length;
      const file = state.pools[d].pop();
      if (file) await submit(state, actor, d, file.text, "honest", file.name);
      progress.tick();
    }
  }
  progress.done();
}
