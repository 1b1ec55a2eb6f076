// Payment-side front-runners: a squatter who pays a victim's pending inference id first on its own one-wei model,
// and a griefer who front-runs one claim of an epoch's batch that also repeats an entry. Both race with automine
// off and a higher priority fee; both must leave the victim's payment and the batch standing and gain nothing.
import { keccak256, parseUnits, toUtf8Bytes, type ContractTransactionResponse } from "ethers";
import type { AttackerOutcome } from "../../report/types";
import type { ProofsFile } from "../../settlement/files";
import { signPermit } from "../../chain/permit";
import { makeActor, type Actor, type SimState } from "../state";
import type { FrontrunPart } from "./frontrun";

const VICTIM_FEE = { maxPriorityFeePerGas: parseUnits("1", "gwei"), maxFeePerGas: parseUnits("100", "gwei") };
const ATTACKER_FEE = { maxPriorityFeePerGas: parseUnits("50", "gwei"), maxFeePerGas: parseUnits("100", "gwei") };

/** What one race showed: both transactions in one block, the attacker first, and how each ended. */
interface Race {
  attackerFirst: boolean;
  attackerSucceeded: boolean;
  victimSucceeded: boolean;
}

interface Findings {
  squatter?: Actor;
  squatModelId?: bigint;
  squat?: Race & { victimPaid: boolean };
  grief?: Race & { skipped: number; paidInFull: boolean };
  griefer?: Actor;
}

const findings = new WeakMap<SimState, Findings>();
const findingsOf = (state: SimState): Findings => {
  if (!findings.has(state)) findings.set(state, {});
  return findings.get(state)!;
};

/** Sends the victim's and then the attacker's transaction with automine off, mines one block, and reports it. */
async function race(
  state: SimState,
  victim: () => Promise<ContractTransactionResponse>,
  attacker: () => Promise<ContractTransactionResponse>,
): Promise<Race> {
  const provider = state.hre.network.provider;
  await provider.send("evm_setAutomine", [false]);
  let sent: ContractTransactionResponse[];
  try {
    sent = [await victim(), await attacker()];
    await provider.send("evm_mine", []);
  } finally {
    await provider.send("evm_setAutomine", [true]);
  }
  const [v, a] = await Promise.all(sent.map((tx) => state.hre.ethers.provider.getTransactionReceipt(tx.hash)));
  return {
    attackerFirst: a!.blockNumber === v!.blockNumber && a!.index < v!.index,
    attackerSucceeded: a!.status === 1,
    victimSucceeded: v!.status === 1,
  };
}

/** The squatter registers its own one-wei model, with no lineage: everything it pays comes back to it. */
export async function registerSquatModel(state: SimState): Promise<void> {
  const found = findingsOf(state);
  found.squatter = await makeActor(state, "squatter", "user", 10n);
  const { models, token, rewards } = state.suite;
  const tx = await models.connect(found.squatter.signer).registerModel({
    metadataURI: "squat",
    weightsHash: keccak256(toUtf8Bytes("squat weights")),
    feePerInference: 1n,
    supersedes: 0n,
    lineage: [],
  });
  await tx.wait();
  found.squatModelId = await models.modelCount();
  await (await token.connect(found.squatter.signer).approve(await rewards.getAddress(), 10n)).wait();
}

/** A victim's payment sits in the mempool; the squatter pays the same id first on its own model. */
export async function squatInferenceId(state: SimState, epoch: number): Promise<void> {
  const found = findingsOf(state);
  if (epoch !== 1 || !found.squatter || found.squatModelId === undefined) return;
  const { rewards, token } = state.suite;
  const victim = state.users[0];
  const modelId = state.modelIds[0];
  const id = keccak256(toUtf8Bytes(`victim inference of seed ${state.options.seed}`));
  const [price] = await rewards.quote(modelId, 0n);
  const permit = await signPermit(token, victim.signer, await rewards.getAddress(), price);
  const squatter = found.squatter.signer;
  const result = await race(
    state,
    () =>
      rewards
        .connect(victim.signer)
        .payInferenceWithPermit(
          id,
          modelId,
          0n,
          price,
          { value: price, ...permit },
          { ...VICTIM_FEE, gasLimit: 600_000n },
        ),
    () =>
      rewards.connect(squatter).payInference(id, found.squatModelId!, 0n, 1n, { ...ATTACKER_FEE, gasLimit: 600_000n }),
  );
  found.squat = { ...result, victimPaid: await rewards.isInferencePaid(victim.address, modelId, 0n, id) };
}

/** The epoch's batch (with one entry repeated) is pending; the griefer claims one of its entries first. */
export async function griefClaimBatch(state: SimState, settled: { epoch: number; proofs: ProofsFile }): Promise<void> {
  const found = findingsOf(state);
  if (settled.epoch !== 1 || settled.proofs.claims.length === 0) return;
  found.griefer = await makeActor(state, "batch griefer", "user", 0n);
  const { rewards, token } = state.suite;
  const entries = settled.proofs.claims.map((c) => ({
    account: c.account,
    cumulativeAmount: BigInt(c.cumulativeAmount),
    proof: c.proof,
  }));
  const batch = [...entries, entries[0]];
  const target = entries[entries.length - 1];
  const claimer = state.users[1 % state.users.length].signer;
  const result = await race(
    state,
    () => rewards.connect(claimer).claimMany(batch, { ...VICTIM_FEE, gasLimit: 25_000_000n }),
    () =>
      rewards
        .connect(found.griefer!.signer)
        .claim(target.account, target.cumulativeAmount, target.proof, { ...ATTACKER_FEE, gasLimit: 600_000n }),
  );
  const claimed = await Promise.all(entries.map((e) => rewards.claimed(e.account)));
  const skipped = (await rewards.queryFilter(rewards.filters.ClaimSkipped(settled.epoch))).length;
  found.grief = {
    ...result,
    skipped,
    paidInFull: claimed.every((amount, i) => amount === entries[i].cumulativeAmount),
  };
  // The griefer's own balance shows what it gained: it starts with none.
  if ((await token.balanceOf(found.griefer.address)) !== 0n) found.grief.paidInFull = false;
}

/**
 * Met when the victim's payment and the batch went through, the attacker first in each block, for no gain (neither
 * attacker has a way to earn: each outcome's `earned` is zero).
 */
export function frontrunPaymentOutcomes(state: SimState): AttackerOutcome[] {
  const { squat, grief } = findingsOf(state);
  const outcomes: Omit<AttackerOutcome, "scenario" | "earned">[] = [];
  if (squat) {
    outcomes.push({
      attacker: "inference id squatter",
      expectation: "the victim's payment still goes through",
      met: squat.attackerFirst && squat.victimSucceeded && squat.victimPaid,
      note: `attacker first: ${squat.attackerFirst}; victim paid: ${squat.victimPaid}`,
    });
  }
  if (grief) {
    outcomes.push({
      attacker: "claim batch griefer",
      expectation: "the batch still goes through, skipping what was claimed",
      met: grief.attackerFirst && grief.victimSucceeded && grief.paidInFull && grief.skipped === 2,
      note: `attacker first: ${grief.attackerFirst}; skipped: ${grief.skipped}`,
    });
  }
  return outcomes.map(({ attacker, ...rest }) => ({ scenario: "frontrun-payments", attacker, earned: "0", ...rest }));
}

/** The payment half of the front-running attacks, joined into `frontrun` (./frontrun.ts). */
export const paymentRace: FrontrunPart = {
  afterRegister: registerSquatModel,
  beforeSettle: squatInferenceId,
  afterSettle: griefClaimBatch,
  outcomes: ({ state }) => frontrunPaymentOutcomes(state),
};
