// Root challenges and attributor stakes: `rewards:challenge`, `rewards:challenges`, `rewards:expire-challenge`,
// `rewards:challenge-withdraw`, `rewards:resolution`, `attributor:stake`, `attributor:unstake`, `attributor:show`.
// Thin: every argument is parsed (src/cli/args) before anything connects, then src/ops or src/read does the work.
import { task, types } from "hardhat/config";
import { optional, parseAccount, parseId, parsePositiveOpen } from "../src/cli/args";
import { CommandError, argumentError, runCommand as run } from "../src/cli/errors";
import { print, reading, sending, type JsonArgs as Json } from "../src/cli/output";
import { formatDate as date, formatOpen as open } from "../src/read/json";
import { expireTask, filingEvidence, resolutionTask, unstakeAmount, type EvidenceArgs } from "./cases";

sending(task("rewards:challenge", "Challenges the pending root with a bond, naming a file as the evidence"), [
  "deploymentId",
  "store",
  "from",
])
  .addParam("epoch", "The pending epoch to challenge", undefined, types.string)
  .addParam("evidence", "The evidence file, e.g. the JSON of attribution:verify --json", undefined, types.string)
  .addOptionalParam("bond", "OPEN to lock (default the contract's challenge bond)", undefined, types.string)
  .addOptionalParam("uri", "Where the evidence is published (default: put in the store, named by hash)")
  .setAction(async (args: Json & EvidenceArgs & { epoch: string }, hre) =>
    run(async () => {
      const epoch = parseId(args.epoch, "epoch");
      const { evidence, bond, uri, store } = await filingEvidence(args, "a challenge bond");
      const { chainContext } = await import("../src/cli/context");
      const { challengeRoot } = await import("../src/ops/challenges");
      const { suite, signer } = await chainContext(hre, args);
      const done = await challengeRoot(suite.challenges, suite.token, signer, { epoch, evidence, uri, bond, store });
      return print(args, done, (c) => [
        `Challenge ${c.challengeId} of epoch ${c.epoch}: ${open(c.bond)} locked, root held`,
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
        `Bond ${open(s.challengeBond)}, resolution period ${s.resolutionPeriodSeconds} s, ` +
          `slash ${s.slashBps} bps, minimum stake ${open(s.minStake)}`,
        `  staked ${open(s.totalStaked)}, bonded ${open(s.totalBonded)}, owed ${open(s.totalOwed)}`,
        ...(s.challenges.length === 0
          ? ["  no challenges"]
          : s.challenges.map(
              (c) =>
                `  challenge ${c.id} of epoch ${c.epoch}: ${c.status}, bond ${open(c.bond)} by ${c.challenger}` +
                (c.status === "Open" ? `, resolvable until ${c.deadline}` : "") +
                `, evidence ${c.evidenceURI}`,
            )),
      ]);
    }),
  );

expireTask(
  "rewards:expire-challenge",
  "Closes a challenge nobody resolved in time: bond forfeited, root released",
  "challenge",
  (suite, signer, id) => suite.challenges.connect(signer).expireChallenge(id),
  "its bond is owed to the treasury, the root released",
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
        `Withdrew ${open(w.amount)} to ${w.to} in transaction ${receipt.hash}`,
      ]);
    }),
  );

resolutionTask(
  "rewards:resolution",
  "Writes the proposal file that upholds or dismisses a challenge, for gov:propose",
  "challenge",
  async (suite, id) => {
    const { readChallenge } = await import("../src/read/challenges");
    const challenge = await readChallenge(suite.challenges, id);
    return { ...challenge, about: challenge.epoch };
  },
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
        `Staked ${open(s.amount)} as ${s.attributor}: ${open(s.active)} active, ` + `${open(s.unstaking)} unstaking`,
      ]);
    }),
  );

sending(task("attributor:unstake", "Requests part of the stake back (--amount), or takes it back after the delay"))
  .addOptionalParam("amount", "OPEN to request back", undefined, types.string)
  .addFlag("complete", "Take back what was requested, once its delay has passed")
  .setAction(async (args: Json & { amount?: string; complete: boolean }, hre) =>
    run(async () => {
      const amount = unstakeAmount(args);
      const { chainContext } = await import("../src/cli/context");
      const { completeUnstake, requestUnstake } = await import("../src/ops/challenges");
      const { suite, signer } = await chainContext(hre, args);
      const done =
        amount === undefined
          ? await completeUnstake(suite.challenges, signer)
          : await requestUnstake(suite.challenges, signer, amount);
      return print(args, done, (s) =>
        amount === undefined
          ? [`Took back ${open(s.amount)}; ${open(s.active)} stays active`]
          : [`Requested ${open(s.amount)} back; ${open(s.unstaking)} may be taken from ${date(s.unlockAt)}`],
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
        `${s.attributor}: ${open(s.active)} active, ${open(s.unstaking)} unstaking` +
          (s.unlockAt ? ` (from ${s.unlockAt})` : ""),
        `  minimum to post ${open(s.minStake)}: ${s.canPost ? "may post" : "may not post"}; ` + `owed ${open(s.owed)}`,
      ]);
    }),
  );
