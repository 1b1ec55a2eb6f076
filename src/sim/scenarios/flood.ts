// The flood scenario: a payer makes 150 one-wei payments on a model it registers, hoping to bloat settlement.
import { registerModel } from "../../ops/factory";
import { readManifest, readSettlement } from "../../settlement/files";
import { makeActor, type SimState } from "../state";
import type { Scenario } from "./scenario";
import { readRoot } from "../../read/roots";

export const FLOOD_PAYMENTS = 150;
/** What the flood may add to a settlement file: one unlogged row per lineage entry of the flooded model. */
const ALLOWED_GROWTH_BYTES = 1_000;

/** Per run: the settlement file of each epoch, its size and its row counts. */
const files = new WeakMap<SimState, { bytes: number; rows: number }[]>();

export const flood: Scenario = {
  name: "flood",
  description: `a payer makes ${FLOOD_PAYMENTS} one-wei payments; the settlement file must not grow with them`,
  // The counterfactual run registers the same model and makes no payments.
  counterfactual: true,
  async afterRegister(state) {
    const flooder = await makeActor(state, "flooder", "builder", 1_000_000n);
    const { datanetId, version } = state.versions[0];
    const lineage = [{ datanetId, version, weightBps: 10_000 }];
    const registration = { metadataURI: "openledger:flood", weightsHash: `0x${"f1".repeat(32)}`, supersedes: 0n };
    await registerModel(state.suite.models, flooder.signer, { ...registration, feePerInference: 1n, lineage });
  },
  async beforeSettle(state, epoch) {
    if (epoch !== 1 || state.options.counterfactual) return;
    const flooder = state.actors.find((a) => a.label === "flooder")!;
    const { models, rewards, token } = state.suite;
    const modelId = await models.modelCount();
    await (await token.connect(flooder.signer).approve(rewards, BigInt(FLOOD_PAYMENTS))).wait();
    for (let i = 0; i < FLOOD_PAYMENTS; i++) {
      const id = `0x${(BigInt(i) + 1n).toString(16).padStart(64, "f")}`;
      await (await rewards.connect(flooder.signer).payInference(id, modelId, 0n, 1n)).wait();
    }
  },
  async afterPost(state, { epoch }) {
    const { dataURI } = await readRoot(state.suite.rewards, epoch);
    const manifest = await readManifest(state.store, dataURI);
    const bytes = Object.values(manifest.parts)
      .flat()
      .reduce((sum, chunk) => sum + chunk.size, 0);
    const settled = await readSettlement(state.store, dataURI);
    const rows = settled.allocations.length + settled.unlogged.length + settled.remainders.length;
    files.set(state, [...(files.get(state) ?? []), { bytes, rows }]);
  },
  outcomes: ({ state, counterfactual }) => {
    if (!counterfactual) return [];
    const [flooded, honest] = [files.get(state)?.[0], files.get(counterfactual)?.[0]];
    if (!flooded || !honest) return [];
    const growth = flooded.bytes - honest.bytes;
    return [
      {
        scenario: "flood",
        attacker: `a payer making ${FLOOD_PAYMENTS} one-wei payments`,
        earned: "0",
        imitated: "the same run without the payments (a second run)",
        imitatedEarned: "0",
        expectation: `the epoch's settlement file grows by at most ${ALLOWED_GROWTH_BYTES} bytes`,
        met: growth <= ALLOWED_GROWTH_BYTES,
        note:
          `epoch 1's file: ${flooded.bytes} bytes and ${flooded.rows} rows with the flood, ${honest.bytes} bytes ` +
          `and ${honest.rows} rows without: unlogged receipts aggregate into one row per model and version`,
      },
    ];
  },
};
