// The frontrun scenario: attackers who read the public mempool race their victims with a higher fee. Built from a
// list of parts, so that other front-running steps (payments: ./frontrunPayments.ts) compose in with one line.
import { hexlify, keccak256, parseUnits, toUtf8Bytes, type ContractTransactionResponse } from "ethers";
import type { AttackerOutcome } from "../../report/types";
import { junkText } from "../corpus";
import { STAKE, book, makeActor, type ContributionRecord, type SimState } from "../state";
import { paymentRace } from "./frontrunPayments";
import type { OutcomeContext, Scenario } from "./scenario";

/** One front-running attack: the hooks it runs in and the outcomes it reports. */
export type FrontrunPart = Omit<Scenario, "name" | "description" | "counterfactual">;

/** What the datanet attacks found, per run, for their outcomes. */
const found = new WeakMap<SimState, { authorship?: AttackerOutcome; slash?: AttackerOutcome }>();
const record = (state: SimState) => found.get(state) ?? found.set(state, {}).get(state)!;

/** A racing transaction's overrides: a fixed gas limit (nothing is estimated against the pending block) and a tip. */
const tip = (gwei: string) => ({
  gasLimit: 1_000_000n,
  maxPriorityFeePerGas: parseUnits(gwei, "gwei"),
  maxFeePerGas: parseUnits(gwei, "gwei") + parseUnits("100", "gwei"),
});

/** Sends every transaction with automine off and mines them in one block, higher tips first; returns each status. */
async function race(state: SimState, sends: (() => Promise<ContractTransactionResponse>)[]): Promise<boolean[]> {
  const provider = state.hre.network.provider;
  await provider.send("evm_setAutomine", [false]);
  const sent: ContractTransactionResponse[] = [];
  try {
    for (const send of sends) sent.push(await send());
    await provider.send("evm_mine", []);
  } finally {
    await provider.send("evm_setAutomine", [true]);
  }
  const receipts = await Promise.all(sent.map((tx) => state.hre.ethers.provider.getTransactionReceipt(tx.hash)));
  return receipts.map((r) => r?.status === 1);
}

/**
 * A copier watches an author's pending reveal and sends the same content hash with a one-step `contribute` and a
 * hundred times the tip. The copy is mined first, and the author's reveal (committed a block earlier) displaces it.
 */
export const authorshipRace: FrontrunPart = {
  async afterContribute(state) {
    const { datanet, token } = state.suite;
    const author = await makeActor(state, "committer", "honest", STAKE * 20n);
    const copier = await makeActor(state, "copier", "frontrun", STAKE * 20n);
    const file = state.pools[0].pop();
    if (!file) throw new Error("the frontrun scenario needs one more file in the first datanet's pool");
    const datanetId = state.datanetIds[0];
    const { hash, size } = await state.store.put(Buffer.from(file.text, "utf8"));
    const salt = hexlify(keccak256(toUtf8Bytes(`${state.options.seed}:salt:${file.name}`)));
    const commitment = await datanet.commitmentFor(datanetId, hash, author.address, salt);
    for (const who of [author, copier]) await (await token.connect(who.signer).approve(datanet, STAKE)).wait();
    book(state, "datanet.commit", {
      transactions: [(await (await datanet.connect(author.signer).commit([commitment])).wait())!],
    });
    const copierBefore = await token.balanceOf(copier.address);
    const input = { contentHash: hash, sizeBytes: size, salt, pointerURI: "" };
    await race(state, [
      () => datanet.connect(author.signer).reveal(datanetId, [input], tip("1")),
      () => datanet.connect(copier.signer).contribute(datanetId, hash, size, "", tip("100")),
    ]);
    const holderId = await datanet.contributionByHash(datanetId, hash);
    const holder = await datanet.getContribution(holderId);
    const kept = (await token.balanceOf(copier.address)) - copierBefore;
    const rec: ContributionRecord = {
      contributionId: holderId,
      datanetId,
      contributor: author,
      kind: "honest",
      source: file.name,
      outcome: "approved",
      text: file.text,
    };
    state.pending.push(rec); // the curator reviews the author's contribution with the others
    record(state).authorship = {
      scenario: "frontrun",
      attacker: "copier outbidding a reveal",
      earned: kept.toString(),
      expectation: "authorship stays with the committer; the copy's stake comes back, nothing more",
      met: holder.contributor === author.address && kept === 0n,
      note: `hash held by ${holder.contributor === author.address ? "the committer" : "the copier"}`,
    };
  },
  outcomes: ({ state }: OutcomeContext) => [record(state).authorship].filter((o): o is AttackerOutcome => !!o),
};

/**
 * A spammer submits junk, sees the curator's reject pending and sends `withdraw` with a hundred times the tip. The
 * withdrawal is mined first and reverts (the review period has not passed); the reject burns the stake.
 */
export const slashRace: FrontrunPart = {
  async afterContribute(state) {
    const { datanet, token } = state.suite;
    const spammer = await makeActor(state, "dodger", "frontrun", STAKE * 20n);
    const datanetId = state.datanetIds[0];
    const text = junkText(state.random.attack);
    const bytes = Buffer.from(text, "utf8");
    const { hash, size } = await state.store.put(bytes);
    await (await token.connect(spammer.signer).approve(datanet, STAKE)).wait();
    const contributionId = (await datanet.contributionCount()) + 1n;
    await (await datanet.connect(spammer.signer).contribute(datanetId, hash, size, "")).wait();
    const before = await token.balanceOf(spammer.address);
    const [rejected, withdrawn] = await race(state, [
      () => datanet.connect(state.curator!.signer).reject(contributionId, tip("1")),
      () => datanet.connect(spammer.signer).withdraw(contributionId, tip("100")),
    ]);
    const kept = (await token.balanceOf(spammer.address)) - before;
    state.contributions.push({
      contributionId,
      datanetId,
      contributor: spammer,
      kind: "frontrun",
      source: "junk",
      outcome: "rejected",
      reason: "spam, rejected while its withdrawal raced the review",
      text,
    });
    record(state).slash = {
      scenario: "frontrun",
      attacker: "spammer withdrawing ahead of a reject",
      earned: kept.toString(),
      expectation: "the withdrawal reverts; the stake is slashed (burned)",
      met: rejected && !withdrawn && kept === 0n,
      note: withdrawn ? "withdrawal accepted" : "withdrawal reverted (ReviewPending)",
    };
  },
  outcomes: ({ state }: OutcomeContext) => [record(state).slash].filter((o): o is AttackerOutcome => !!o),
};

/** The datanet half of the front-running attacks, in the order they run. */
export const DATANET_PARTS: readonly FrontrunPart[] = [authorshipRace, slashRace];

type Hook = "afterContribute" | "afterRegister" | "beforeSettle" | "afterPost" | "afterSettle";

/** A scenario that runs each part's hooks in order and reports every part's outcomes. */
export function composeFrontrun(name: string, description: string, parts: readonly FrontrunPart[]): Scenario {
  const each =
    (hook: Hook) =>
    async (...args: unknown[]): Promise<void> => {
      for (const part of parts) await (part[hook] as ((...a: unknown[]) => Promise<void>) | undefined)?.(...args);
    };
  return {
    name,
    description,
    afterContribute: each("afterContribute"),
    afterRegister: each("afterRegister"),
    beforeSettle: each("beforeSettle"),
    afterPost: each("afterPost"),
    afterSettle: each("afterSettle"),
    outcomes: (context) => parts.flatMap((part) => part.outcomes?.(context) ?? []),
  };
}

export const frontrun = composeFrontrun(
  "frontrun",
  "mempool readers outbid a reveal, race a reject, squat a pending inference id and front-run a claim batch",
  [...DATANET_PARTS, paymentRace],
);
