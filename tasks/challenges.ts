// Root challenges and attributor stakes: `rewards:challenge`, `rewards:challenges`, `rewards:expire-challenge`,
// `rewards:challenge-withdraw`, `rewards:resolution`, `attributor:stake`, `attributor:unstake`, `attributor:show`.
// Thin: every argument is parsed (src/cli/args) before anything connects, then src/ops or src/read does the work.
import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { optional, parseAccount, parseChoice, parseFile, parseId, parsePositiveOpen, parseUri } from "../src/cli/args";
import { CommandError, argumentError, readingArgument, runCommand as run } from "../src/cli/errors";
import { withCommonOptions, type CommonArgs as Common } from "../src/cli/options";

export type Json = Common & { json: boolean };

export const sending = <T extends ReturnType<typeof task>>(
  t: T,
  options: (keyof Common)[] = ["deploymentId", "from"],
) => withCommonOptions(t, options).addFlag("json", "Print the result as JSON");
export const reading = <T extends ReturnType<typeof task>>(t: T) =>
  withCommonOptions(t, ["deploymentId"]).addFlag("json", "Print the result as JSON");

export async function print<T>(args: Json, value: T, text: (value: T) => string[]): Promise<T> {
  const { toJson } = await import("../src/read/json");
  // The receipts are the transactions' own record; JSON prints their hashes instead.
  const { transactions, ...fields } = value as T & { transactions?: { hash: string }[] };
  const json = transactions ? { ...fields, transactions: transactions.map((t) => t.hash) } : value;
  console.log(args.json ? toJson(json) : text(value).join("\n"));
  return value;
}

export const open = (hre: HardhatRuntimeEnvironment, wei: bigint) => `${hre.ethers.formatEther(wei)} OPEN`;
export const date = (seconds: bigint) => new Date(Number(seconds) * 1000).toISOString();

sending(task("rewards:challenge", "Challenges the pending root with a bond, naming a file as the evidence"), [
  "deploymentId",
  "store",
  "from",
])
  .addParam("epoch", "The pending epoch to challenge", undefined, types.string)
  .addParam("evidence", "The evidence file, e.g. the JSON of attribution:verify --json", undefined, types.string)
  .addOptionalParam("bond", "OPEN to lock (default the contract's challenge bond)", undefined, types.string)
  .addOptionalParam("uri", "Where the evidence is published (default: put in the store, named by hash)")
  .setAction(async (args: Json & { epoch: string; evidence: string; bond?: string; uri?: string }, hre) =>
    run(async () => {
      const { readFile } = await import("node:fs/promises");
      const epoch = parseId(args.epoch, "epoch");
      const bond = optional(args.bond, "bond", (t, n) => parsePositiveOpen(t, n, "a challenge bond"));
      const uri = optional(args.uri, "uri", parseUri);
      const evidence = await readingArgument("evidence", () => readFile(parseFile(args.evidence, "evidence")));
      if (evidence.length === 0) throw argumentError("evidence", `${args.evidence} is empty`);
      const { ContentStore, defaultStorePath } = await import("../src/store/ContentStore");
      const { chainContext } = await import("../src/cli/context");
      const { challengeRoot } = await import("../src/ops/challenges");
      const { suite, signer } = await chainContext(hre, args);
      const store = new ContentStore(args.store ?? defaultStorePath());
      const done = await challengeRoot(suite.challenges, suite.token, signer, { epoch, evidence, uri, bond, store });
      return print(args, done, (c) => [
        `Challenge ${c.challengeId} of epoch ${c.epoch}: ${open(hre, c.bond)} locked, root held`,
        `  evidence ${c.evidenceHash} at ${c.evidenceURI}`,
        `  governance may resolve it until ${date(c.deadline)}; anyone may expire it from then`,
        `  transaction ${c.transactions.at(-1)!.hash}`,
      ]);
    }),
  );

reading(task("rewards:challenges", "Lists the root challenges with their status, and the challenge parameters"))
  .addOptionalParam("epoch", "Only the challenges of this epoch", undefined, types.string)
  .setAction(async (args: Json & { epoch?: string }, hre) =>
    run(async () => {
      const epoch = optional(args.epoch, "epoch", parseId);
      const { suiteContext } = await import("../src/cli/context");
      const { readChallenges } = await import("../src/read/challenges");
      const status = await readChallenges((await suiteContext(hre, args)).challenges, epoch);
      return print(args, status, (s) => [
        `Bond ${open(hre, s.challengeBond)}, resolution period ${s.resolutionPeriodSeconds} s, ` +
          `slash ${s.slashBps} bps, minimum stake ${open(hre, s.minStake)}`,
        `  staked ${open(hre, s.totalStaked)}, bonded ${open(hre, s.totalBonded)}, owed ${open(hre, s.totalOwed)}`,
        ...(s.challenges.length === 0
          ? ["  no challenges"]
          : s.challenges.map(
              (c) =>
                `  challenge ${c.id} of epoch ${c.epoch}: ${c.status}, bond ${open(hre, c.bond)} by ${c.challenger}` +
                (c.status === "Open" ? `, resolvable until ${c.deadline}` : "") +
                `, evidence ${c.evidenceURI}`,
            )),
      ]);
    }),
  );

sending(task("rewards:expire-challenge", "Closes a challenge nobody resolved in time: bond forfeited, root released"))
  .addParam("id", "Challenge id", undefined, types.string)
  .setAction(async (args: Json & { id: string }, hre) =>
    run(async () => {
      const id = parseId(args.id, "id");
      const { chainContext } = await import("../src/cli/context");
      const { mined } = await import("../src/ops/result");
      const { suite, signer } = await chainContext(hre, args);
      const receipt = await mined(suite.challenges.connect(signer).expireChallenge(id));
      return print(args, { id, transactions: [receipt] }, () => [
        `Challenge ${id} expired in transaction ${receipt.hash}: its bond is owed to the treasury, the root released`,
      ]);
    }),
  );

sending(task("rewards:challenge-withdraw", "Withdraws what RootChallenges owes the sender (bonds, rewards, forfeits)"))
  .addOptionalParam("to", "Where to send it (default the sender)", undefined, types.string)
  .setAction(async (args: Json & { to?: string }, hre) =>
    run(async () => {
      const to = optional(args.to, "to", parseAccount);
      const { chainContext } = await import("../src/cli/context");
      const { mined } = await import("../src/ops/result");
      const { suite, signer } = await chainContext(hre, args);
      const amount = await suite.challenges.owed(signer.address);
      if (amount === 0n) throw new CommandError(`RootChallenges owes ${signer.address} nothing`);
      const receipt = await mined(suite.challenges.connect(signer).withdraw(to ?? signer.address));
      return print(args, { amount, to: to ?? signer.address, transactions: [receipt] }, (w) => [
        `Withdrew ${open(hre, w.amount)} to ${w.to} in transaction ${receipt.hash}`,
      ]);
    }),
  );

reading(task("rewards:resolution", "Writes the proposal file that upholds or dismisses a challenge, for gov:propose"))
  .addParam("id", "Challenge id", undefined, types.string)
  .addParam("outcome", "uphold or dismiss", undefined, types.string)
  .addParam("out", "The proposal file to write", undefined, types.string)
  .setAction(async (args: Json & { id: string; outcome: string; out: string }, hre) =>
    run(async () => {
      const id = parseId(args.id, "id");
      const outcome = parseChoice(args.outcome, "outcome", ["uphold", "dismiss"] as const);
      if (args.out.trim() === "") throw argumentError("out", "give a file to write");
      const { writeFile } = await import("node:fs/promises");
      const { suiteContext } = await import("../src/cli/context");
      const { readChallenge } = await import("../src/read/challenges");
      const { resolutionDescription, resolutionFile } = await import("../src/gov/resolution");
      const challenge = await readChallenge((await suiteContext(hre, args)).challenges, id);
      if (challenge.status !== "Open") throw new CommandError(`challenge ${id} is ${challenge.status}, not Open`);
      await writeFile(args.out, resolutionFile(id, outcome));
      const description = resolutionDescription(id, outcome, challenge.epoch, challenge.evidenceURI);
      return print(args, { file: args.out, description, deadline: challenge.deadline }, (r) => [
        `Wrote ${r.file}; the proposal must be executed before ${r.deadline}, or the challenge can only expire:`,
        `  npx hardhat gov:propose --actions ${r.file} --description "${r.description}"`,
      ]);
    }),
  );

sending(task("attributor:stake", "Locks OPEN as the sender's attributor stake (approving RootChallenges if needed)"))
  .addParam("amount", "OPEN to stake, a decimal such as 2.5", undefined, types.string)
  .setAction(async (args: Json & { amount: string }, hre) =>
    run(async () => {
      const amount = parsePositiveOpen(args.amount, "amount", "a stake");
      const { chainContext } = await import("../src/cli/context");
      const { stake } = await import("../src/ops/challenges");
      const { suite, signer } = await chainContext(hre, args);
      const done = await stake(suite.challenges, suite.token, signer, amount);
      return print(args, done, (s) => [
        `Staked ${open(hre, s.amount)} as ${s.attributor}: ${open(hre, s.active)} active, ` +
          `${open(hre, s.unstaking)} unstaking`,
      ]);
    }),
  );

sending(task("attributor:unstake", "Requests part of the stake back (--amount), or takes it back after the delay"))
  .addOptionalParam("amount", "OPEN to request back", undefined, types.string)
  .addFlag("complete", "Take back what was requested, once its delay has passed")
  .setAction(async (args: Json & { amount?: string; complete: boolean }, hre) =>
    run(async () => {
      if ((args.amount === undefined) === !args.complete) {
        throw argumentError("amount", "give either --amount OPEN (a request) or --complete");
      }
      const amount = optional(args.amount, "amount", (t, n) => parsePositiveOpen(t, n, "an unstake"));
      const { chainContext } = await import("../src/cli/context");
      const { completeUnstake, requestUnstake } = await import("../src/ops/challenges");
      const { suite, signer } = await chainContext(hre, args);
      const done =
        amount === undefined
          ? await completeUnstake(suite.challenges, signer)
          : await requestUnstake(suite.challenges, signer, amount);
      return print(args, done, (s) =>
        amount === undefined
          ? [`Took back ${open(hre, s.amount)}; ${open(hre, s.active)} stays active`]
          : [`Requested ${open(hre, s.amount)} back; ${open(hre, s.unstaking)} may be taken from ${date(s.unlockAt)}`],
      );
    }),
  );

reading(task("attributor:show", "Prints an account's attributor stake, whether it may post, and what it is owed"))
  .addOptionalParam("account", "The account (default the first)", undefined, types.string)
  .setAction(async (args: Json & { account?: string }, hre) =>
    run(async () => {
      const account = optional(args.account, "account", parseAccount);
      const { suiteContext } = await import("../src/cli/context");
      const { readStake } = await import("../src/read/challenges");
      const suite = await suiteContext(hre, args);
      const who = account ?? (await hre.ethers.getSigners())[0]?.address;
      if (who === undefined) throw argumentError("account", `network "${hre.network.name}" has no account: name one`);
      const view = await readStake(suite.challenges, who);
      return print(args, view, (s) => [
        `${s.attributor}: ${open(hre, s.active)} active, ${open(hre, s.unstaking)} unstaking` +
          (s.unlockAt ? ` (from ${s.unlockAt})` : ""),
        `  minimum to post ${open(hre, s.minStake)}: ${s.canPost ? "may post" : "may not post"}; ` +
          `owed ${open(hre, s.owed)}`,
      ]);
    }),
  );
