// Phase 1: one datanet per largest area of the corpus, owned and curated by the run's curator.
import path from "node:path";
import { createDatanet, setCurator } from "../../ops/data";
import { openZeppelinSources, shuffle, type SourceFile } from "../corpus";
import { STAKE, book, makeActor, type SimState } from "../state";

/** Creates `options.datanets` datanets, one per largest folder of the corpus, and deals each its files. */
export async function setUpDatanets(state: SimState): Promise<void> {
  const { datanet } = state.suite;
  state.sources = openZeppelinSources();
  const groups = new Map<string, SourceFile[]>();
  for (const file of state.sources) {
    const area = file.name.split(path.sep)[0];
    groups.set(area, [...(groups.get(area) ?? []), file]);
  }
  const areas = [...groups.keys()]
    .sort((a, b) => groups.get(b)!.length - groups.get(a)!.length)
    .slice(0, state.options.datanets);
  const curator = await makeActor(state, "curator", "curator", 0n);
  state.curator = curator;
  // The shortest review period, so that the late withdrawal waits as little simulated time as the contract allows.
  const reviewPeriod = await datanet.MIN_REVIEW_PERIOD();
  for (const area of areas) {
    const uri = `openledger:datanet:${area}`;
    const created = await createDatanet(datanet, curator.signer, uri, STAKE, undefined, reviewPeriod);
    const { datanetId } = book(state, "datanet.create", created);
    await setCurator(datanet, curator.signer, datanetId, curator.address);
    state.datanetIds.push(datanetId);
  }
  state.pools = areas.map((area) => shuffle(groups.get(area)!, state.random.corpus));
}
