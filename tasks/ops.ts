// Operations over a deployed suite: `datanet:contribute`, `model:train`, `model:infer`, `attribution:settle`,
// `attribution:verify`, `rewards:claim`. Thin: each parses its arguments and calls src/ops.
// Every argument is parsed before `context` connects, so that a bad one stops the task before anything is sent.
import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import {
  optional,
  parseAccount,
  parseFile,
  parseId,
  parseOpen,
  parseQuality,
  parseSource,
  parseStake,
  parseWholeNumber,
} from "../src/cli/args";
import { CommandError, argumentError, readingArgument, runCommand as run } from "../src/cli/errors";
import { withCommonOptions, type CommonArgs as Common } from "../src/cli/options";

/** The deployed suite, the content store and the `--from` account (the sender of every transaction), announced. */
async function context(hre: HardhatRuntimeEnvironment, args: Common) {
  const { ContentStore, defaultStorePath } = await import("../src/store/ContentStore");
  const { chainContext } = await import("../src/cli/context");
  const { suite, signer } = await chainContext(hre, args);
  const store = new ContentStore(args.store ?? defaultStorePath());
  return { suite, store, signer };
}

/** A datanet version: a whole number from 1 that fits the contract's uint32. */
const parseVersion = (text: string, name: string) => parseWholeNumber(text, name, { min: 1, max: 2 ** 32 - 1 });
/** A datanet's review period in seconds, a uint32; the contract holds it to its caps (ReviewPeriodOutOfRange). */
const parseReviewPeriod = (text: string, name: string) =>
  BigInt(parseWholeNumber(text, name, { min: 1, max: 2 ** 32 - 1 }));
/** A number of at least one (an epoch, a token count, a span). */
const parsePositive = (text: string, name: string) => parseWholeNumber(text, name, { min: 1 });

const withCommon = <T extends ReturnType<typeof task>>(t: T) => withCommonOptions(t, ["deploymentId", "store", "from"]);

withCommon(task("datanet:contribute", "Stores a file and contributes it to a datanet, staking with a permit"))
  .addParam("datanet", "Datanet id", undefined, types.string)
  .addParam("file", "The file to contribute", undefined, types.inputFile)
  .addOptionalParam("pointer", "Pointer URI recorded with the contribution", "", types.string)
  .addFlag("commitReveal", "Commit first, reveal a block later: a front-runner cannot take the authorship")
  .setAction(async (args: Common & { datanet: string; file: string; pointer: string; commitReveal: boolean }, hre) =>
    run(async () => {
      const { readFile } = await import("node:fs/promises");
      const { commitRevealBytes, contributeBytes } = await import("../src/ops/data");
      const datanetId = parseId(args.datanet, "datanet");
      const bytes = await readingArgument("file", () => readFile(parseFile(args.file, "file")));
      if (bytes.length === 0) throw argumentError("file", `${args.file} is empty; a contribution has data`);
      const { suite, store, signer } = await context(hre, args);
      const contributeWith = args.commitReveal ? commitRevealBytes : contributeBytes;
      const done = await contributeWith(suite.datanet, suite.token, store, signer, datanetId, bytes, args.pointer);
      console.log(`Contribution ${done.contributionId} to datanet ${datanetId} (pending curation)`);
      console.log(`  content hash ${done.contentHash}, ${done.sizeBytes} bytes`);
      console.log(`  stored at    ${store.pathOf(done.contentHash)}`);
      console.log(`  transaction  ${done.transactions.at(-1)!.hash}`);
      return done;
    }),
  );

withCommon(task("datanet:create", "Creates a datanet owned by the sender (or --owner) and prints its id"))
  .addParam("uri", "Metadata URI: name, topic, modality, licence", undefined, types.string)
  .addParam("stake", "OPEN a contribution locks while pending, a decimal such as 10", undefined, types.string)
  .addOptionalParam("owner", "Owner address (default the sender)", undefined, types.string)
  .addOptionalParam(
    "reviewPeriod",
    "Seconds a contribution waits for review before it may be withdrawn (default three days)",
    undefined,
    types.string,
  )
  .setAction(async (args: Common & { uri: string; stake: string; owner?: string; reviewPeriod?: string }, hre) =>
    run(async () => {
      const { createDatanet } = await import("../src/ops/data");
      const stake = parseStake(args.stake, "stake");
      const owner = optional(args.owner, "owner", parseAccount);
      const reviewPeriod = optional(args.reviewPeriod, "reviewPeriod", parseReviewPeriod);
      const { suite, signer } = await context(hre, args);
      const created = await createDatanet(suite.datanet, signer, args.uri, stake, owner, reviewPeriod);
      const { datanetId, transactions } = created;
      console.log(`Datanet ${datanetId} created (stake ${args.stake} OPEN) in transaction ${transactions[0].hash}`);
      return datanetId;
    }),
  );

withCommon(task("datanet:curator", "Appoints (or with --remove, removes) a curator of a datanet; owner only"))
  .addParam("datanet", "Datanet id", undefined, types.string)
  .addParam("account", "The curator's address", undefined, types.string)
  .addFlag("remove", "Remove the curator instead")
  .setAction(async (args: Common & { datanet: string; account: string; remove: boolean }, hre) =>
    run(async () => {
      const datanetId = parseId(args.datanet, "datanet");
      const account = parseAccount(args.account, "account");
      const { suite, signer } = await context(hre, args);
      const tx = await suite.datanet.connect(signer).setCurator(datanetId, account, !args.remove);
      await tx.wait();
      console.log(`${account} ${args.remove ? "no longer curates" : "now curates"} datanet ${datanetId}`);
    }),
  );

withCommon(task("datanet:review", "Approves a pending contribution with --quality BPS, or rejects it with --reject"))
  .addParam("contribution", "Contribution id", undefined, types.string)
  .addOptionalParam("quality", "Quality score in basis points, 0 to 10000 (approves)", undefined, types.string)
  .addFlag("reject", "Reject the contribution and slash its stake")
  .setAction(async (args: Common & { contribution: string; quality?: string; reject: boolean }, hre) =>
    run(async () => {
      if (args.reject === (args.quality !== undefined)) {
        throw argumentError("quality", "give either --quality BPS or --reject");
      }
      const { reviewContribution, storedDataCheck } = await import("../src/ops/data");
      const id = parseId(args.contribution, "contribution");
      const quality = optional(args.quality, "quality", parseQuality);
      const { suite, signer, store } = await context(hre, args);
      const verdict =
        quality === undefined ? { approve: false as const } : { approve: true as const, qualityBps: quality };
      // The stored bytes must match the on-chain record before an approval: settlement pays a mismatch nothing.
      if (verdict.approve) {
        const check = await storedDataCheck(suite.datanet, store, id);
        if (!check.ok) throw new CommandError(`contribution ${id} cannot be approved: ${check.reason}`);
      }
      const { transactions } = await reviewContribution(suite.datanet, signer, id, verdict);
      console.log(
        `Contribution ${id} ${args.reject ? "rejected" : `approved with quality ${quality}`} in ${transactions[0].hash}`,
      );
    }),
  );

withCommon(task("datanet:novelty", "A curator's copy check: how much of a contribution the datanet already holds"))
  .addParam("contribution", "Contribution id", undefined, types.string)
  .addOptionalParam("minSpan", "Shortest repeated run of tokens that counts", undefined, types.string)
  .addFlag("json", "Print the report as JSON")
  .setAction(async (args: Common & { contribution: string; minSpan?: string; json: boolean }, hre) =>
    run(async () => {
      const { checkNovelty } = await import("../src/ops/data");
      const id = parseId(args.contribution, "contribution");
      const minSpanTokens = optional(args.minSpan, "minSpan", parsePositive);
      const { suite, store } = await context(hre, args);
      const report = await checkNovelty(suite.datanet, store, id, { minSpanTokens });
      if (args.json) {
        console.log(JSON.stringify(report));
        return report;
      }
      console.log(
        `Contribution ${id}: ${(report.coverage * 100).toFixed(1)}% of ${report.tokens} tokens already in ` +
          `${report.approvedCompared} approved contributions — ${report.isCopy ? "a COPY" : "new data"}`,
      );
      for (const { id: other, share } of report.overlaps) {
        console.log(`  repeats contribution ${other} (attribution share ${(share * 100).toFixed(1)}%)`);
      }
      return report;
    }),
  );

withCommon(task("datanet:publish", "Publishes the next version of a datanet: every contribution approved so far"))
  .addParam("datanet", "Datanet id", undefined, types.string)
  .setAction(async (args: Common & { datanet: string }, hre) =>
    run(async () => {
      const { publishVersion } = await import("../src/ops/data");
      const datanetId = parseId(args.datanet, "datanet");
      const { suite, signer } = await context(hre, args);
      const published = await publishVersion(suite.datanet, signer, datanetId);
      console.log(
        `Datanet ${datanetId} version ${published.version} covers its first ${published.approvedCount} approved contributions`,
      );
      return published;
    }),
  );

withCommon(task("rewards:withdraw", "Withdraws everything the sender accrued (treasury, model or agent owner)"))
  .addOptionalParam("to", "Where to send it (default the sender)", undefined, types.string)
  .setAction(async (args: Common & { to?: string }, hre) =>
    run(async () => {
      const to = optional(args.to, "to", parseAccount);
      const { suite, signer } = await context(hre, args);
      const amount = await suite.rewards.accrued(signer.address);
      if (amount === 0n) throw new CommandError(`${signer.address} has nothing accrued to withdraw`);
      await (await suite.rewards.connect(signer).withdraw(to ?? signer.address)).wait();
      console.log(`Withdrew ${hre.ethers.formatEther(amount)} OPEN to ${to ?? signer.address}`);
      return amount;
    }),
  );

withCommon(task("model:train", "Trains an n-gram model on a published datanet version and registers it"))
  .addParam("datanet", "Datanet id", undefined, types.string)
  // `--version` is Hardhat's own flag, so the version is `--datanet-version`.
  .addParam("datanetVersion", "Published version of the datanet", undefined, types.string)
  .addOptionalParam("order", "N-gram order", undefined, types.string)
  .addOptionalParam("fee", "Fee per inference in OPEN", "1", types.string)
  .addOptionalParam("base", "Base model id: registers a LoRA adapter on it", undefined, types.string)
  .setAction(
    async (
      args: Common & { datanet: string; datanetVersion: string; order?: string; fee: string; base?: string },
      hre,
    ) =>
      run(async () => {
        const { trainAndRegister } = await import("../src/ops/factory");
        const { MAX_ORDER } = await import("../src/factory/ngram");
        const request = {
          datanetId: parseId(args.datanet, "datanet"),
          version: parseVersion(args.datanetVersion, "datanetVersion"),
          order: optional(args.order, "order", (text, name) =>
            parseWholeNumber(text, name, { min: 1, max: MAX_ORDER }),
          ),
          feePerInference: parseOpen(args.fee, "fee"),
          baseModelId: optional(args.base, "base", parseId),
        };
        const { suite, store, signer } = await context(hre, args);
        const trained = await trainAndRegister(suite, store, signer, request);
        console.log(`Model ${trained.modelId} trained on ${trained.documents} contributions`);
        console.log(`  weights hash ${trained.weightsHash}`);
        console.log(`  weights file ${trained.weightsFile}`);
        return trained;
      }),
  );

withCommon(task("rewards:deposit-credit", "Deposits OPEN as the sender's voucher credit (approving it first)"))
  .addParam("amount", "OPEN to deposit, a decimal such as 10", undefined, types.string)
  .setAction(async (args: Common & { amount: string }, hre) =>
    run(async () => {
      const { depositCreditApproving } = await import("../src/ops/vouchers");
      const amount = parseOpen(args.amount, "amount");
      if (amount === 0n) throw argumentError("amount", "give more than 0 OPEN to deposit");
      const { suite, signer } = await context(hre, args);
      const deposited = await depositCreditApproving(suite, signer, amount);
      console.log(`Deposited ${hre.ethers.formatEther(amount)} OPEN as voucher credit of ${signer.address}`);
      console.log(`  credit ${hre.ethers.formatEther(deposited.credit)} OPEN`);
      return deposited;
    }),
  );

withCommon(task("model:infer", "Runs a model on a prompt, pays for the inference with a permit, and logs it"))
  .addParam("model", "Model id", undefined, types.string)
  .addOptionalParam("agent", "Agent id calling the model", undefined, types.string)
  .addParam("prompt", "The prompt", undefined, types.string)
  .addOptionalParam("seed", "Sampling seed (default random)", undefined, types.string)
  .addOptionalParam("maxTokens", "Tokens to generate", undefined, types.string)
  .addOptionalParam("log", "Inference log (JSON Lines) to append to", "data/inferences.jsonl", types.string)
  .addFlag("voucher", "Pay from the sender's voucher credit by a signed voucher (a batch of one)")
  .setAction(
    async (
      args: Common & {
        model: string;
        agent?: string;
        prompt: string;
        seed?: string;
        maxTokens?: string;
        log: string;
        voucher: boolean;
      },
      hre,
    ) =>
      run(async () => {
        const { randomBytes } = await import("node:crypto");
        const { inferAndPay } = await import("../src/ops/factory");
        const request = {
          modelId: parseId(args.model, "model"),
          agentId: optional(args.agent, "agent", parseId),
          prompt: args.prompt,
          seed: args.seed ?? randomBytes(8).toString("hex"),
          maxTokens: optional(args.maxTokens, "maxTokens", parsePositive),
          logFile: args.log,
          voucher: args.voucher,
        };
        if (args.log.trim() === "") throw argumentError("log", "give the inference log to append to");
        const { suite, signer } = await context(hre, args);
        const inferred = await inferAndPay(suite, signer, request);
        console.log(inferred.output);
        console.log(`Inference ${inferred.inferenceId}`);
        const by = args.voucher ? " by voucher" : "";
        console.log(`  paid ${hre.ethers.formatEther(inferred.price)} OPEN${by}, logged to ${args.log}`);
        return inferred;
      }),
  );

withCommon(task("attribution:settle", "Settles the next epoch from an inference log and posts its root"))
  .addOptionalParam("epoch", "The epoch expected (must be the next one)", undefined, types.string)
  .addParam("inferences", "Inference log (JSON Lines) written by model:infer", undefined, types.string)
  .setAction(async (args: Common & { epoch?: string; inferences: string }, hre) =>
    run(async () => {
      const { readInferenceLog } = await import("../src/settlement/inferenceLog");
      const { checkAttributor, settleNextEpoch } = await import("../src/ops/settlement");
      const epoch = optional(args.epoch, "epoch", parsePositive);
      const file = parseFile(args.inferences, "inferences");
      const log = await readingArgument("inferences", () => readInferenceLog(file));
      const { suite, store, signer } = await context(hre, args);
      await checkAttributor(suite.rewards, signer.address);
      const next = Number(await suite.rewards.epochCount()) + 1;
      if (epoch !== undefined && epoch !== next) {
        throw new CommandError(`--epoch ${epoch} is not the next epoch: ${next} is`);
      }
      const settled = await settleNextEpoch(suite, store, signer, { log });
      console.log(`Epoch ${settled.epoch} posted`);
      console.log(`  root        ${settled.file.root}`);
      console.log(`  total       ${hre.ethers.formatEther(settled.file.totalAllocated)} OPEN (cumulative)`);
      console.log(`  receipts    ${settled.receipts.length}, ${settled.file.inferences.length} with a proven output`);
      // Entries and data settlement set aside are listed in the file with their reasons (docs/settlement.md).
      console.log(`  rejected    ${settled.file.rejected.length} log entries (settled as unlogged)`);
      console.log(`  excluded    ${settled.file.excluded.length} contributions`);
      console.log(`  settlement  ${settled.files.settlement}`);
      console.log(`  proofs      ${settled.files.proofs}`);
      return settled;
    }),
  );

withCommon(task("attribution:verify", "Recomputes a posted epoch from public inputs and compares it with the chain"))
  .addParam("epoch", "Epoch number", undefined, types.string)
  .addOptionalParam(
    "source",
    "Where the published settlement is read: a store directory or an http(s):// base URL (default --store)",
    undefined,
    types.string,
  )
  .addFlag("json", "Print the verification report as one JSON document and nothing else")
  .setAction(async (args: Common & { epoch: string; source?: string; json: boolean }, hre) =>
    run(async () => {
      const { verifyEpoch } = await import("../src/ops/settlement");
      const { contentReaderFor } = await import("../src/store/ContentStore");
      const { formatReport } = await import("../src/settlement/verifyReport");
      const epoch = parsePositive(args.epoch, "epoch");
      const source = optional(args.source, "source", parseSource);
      const { suite, store } = await context(hre, args);
      const report = await verifyEpoch(suite, store, epoch, source ? contentReaderFor(source) : store);
      if (args.json) console.log(JSON.stringify(report, null, 2));
      if (!report.ok) {
        throw new CommandError(args.json ? `epoch ${epoch}: mismatch` : formatReport(report));
      }
      if (!args.json) console.log(formatReport(report));
      return report;
    }),
  );

withCommon(task("rewards:claim", "Claims OPEN for accounts in a proofs file (default: the sender's own account)"))
  .addParam("proofs", "Proofs file written by attribution:settle", undefined, types.string)
  .addOptionalParam("account", "The account to claim for", undefined, types.string)
  .addFlag("all", "Claim for every account in the file")
  .setAction(async (args: Common & { proofs: string; account?: string; all: boolean }, hre) =>
    run(async () => {
      const { readProofsFile } = await import("../src/settlement/files");
      const { claimWithProofs } = await import("../src/ops/settlement");
      if (args.all && args.account) throw argumentError("account", "give --account or --all, not both");
      const account = optional(args.account, "account", parseAccount);
      const file = parseFile(args.proofs, "proofs");
      const proofs = await readingArgument("proofs", () => readProofsFile(file));
      const { suite, signer } = await context(hre, args);
      const accounts = args.all ? undefined : [account ?? signer.address];
      const { outcomes } = await claimWithProofs(suite.rewards, signer, proofs, accounts);
      if (outcomes.length === 0) console.log(`Nothing new to claim against epoch ${proofs.epoch}`);
      for (const { account, paid, skipped } of outcomes) {
        if (skipped) console.log(`Skipped ${account}: claimed by someone else in the meantime`);
        else console.log(`Paid ${hre.ethers.formatEther(paid)} OPEN to ${account}`);
      }
      return outcomes;
    }),
  );
