// The griefing scenario: after the first settlement, a user tries calls that would break the books if accepted.
import { keccak256, parseEther, toUtf8Bytes } from "ethers";
import type { ProofsFile } from "../../settlement/files";
import type { SimState } from "../state";
import { attempt, attemptOutcomes } from "./attempts";
import type { Scenario } from "./scenario";

export const griefing: Scenario = {
  name: "griefing",
  description: "a user tries an oversized batch, a reused inference id and forged claims; each must be refused",
  async afterSettle(state, { epoch, proofs }) {
    if (epoch === 1) await grief(state, proofs);
  },
  outcomes: ({ state }) => attemptOutcomes(state),
};

/** Each attempt must be refused with the expected custom error and move nothing. */
async function grief(state: SimState, proofs: ProofsFile) {
  const { datanet, rewards, token } = state.suite;
  // The attacker is the payer of the first logged inference: ids are bound to their payer, model and agent, so
  // only its own payment, replayed, is a reuse the contract must refuse.
  const paid = state.log[0];
  const attacker = state.users.find((u) => u.address.toLowerCase() === paid.payer?.toLowerCase()) ?? state.users[0];
  const held = async () => Promise.all([datanet, rewards].map(async (c) => token.balanceOf(await c.getAddress())));
  const [leaf] = proofs.claims;
  const oversized = Array.from({ length: 101 }, (_, i) => ({
    contentHash: keccak256(toUtf8Bytes(`grief-${i}`)),
    sizeBytes: 1n,
    pointerURI: "",
  }));
  const asAttacker = { datanet: datanet.connect(attacker.signer), rewards: rewards.connect(attacker.signer) };
  await attempt(
    state,
    "oversized batch (101 contributions)",
    "BadBatchLength",
    () => asAttacker.datanet.contributeBatch(1n, oversized),
    held,
  );
  await attempt(
    state,
    "reused inference id",
    "InferenceAlreadyPaid",
    () =>
      asAttacker.rewards.payInference(paid.inferenceId, BigInt(paid.modelId), BigInt(paid.agentId), parseEther("1000")),
    held,
  );
  await attempt(
    state,
    "claim with a bad proof",
    "InvalidProof",
    () => asAttacker.rewards.claim(attacker.address, parseEther("1"), leaf.proof),
    held,
  );
  await attempt(
    state,
    "claim above the leaf amount",
    "InvalidProof",
    () => asAttacker.rewards.claim(leaf.account, BigInt(leaf.cumulativeAmount) + 1n, leaf.proof),
    held,
  );
}
