// Operations over a deployed suite: `datanet:contribute`, `model:train`, `model:infer`, `attribution:settle`,
// `attribution:verify`, `rewards:claim`. Thin: each parses its arguments and calls src/ops.
import { task, types } from "hardhat/config";
import { HardhatPluginError } from "hardhat/plugins";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

interface Common {
  deploymentId?: string;
  store?: string;
}

/** Runs a command, turning any failure into Hardhat's one-line plugin error. */
async function run<T>(command: () => Promise<T>): Promise<T> {
  try {
    return await command();
  } catch (error) {
    if (error instanceof HardhatPluginError) throw error;
    throw new HardhatPluginError("openledger", (error as Error).message, error as Error);
  }
}

/** The deployed suite, the content store and the first account of the network (the sender of every transaction). */
async function context(hre: HardhatRuntimeEnvironment, args: Common) {
  const { loadDeployedSuite } = await import("../src/ops/suite");
  const { ContentStore, defaultStorePath } = await import("../src/store/ContentStore");
  const suite = await loadDeployedSuite(hre, args.deploymentId);
  const store = new ContentStore(args.store ?? defaultStorePath());
  const [signer] = await hre.ethers.getSigners();
  return { suite, store, signer };
}

function bigintArg(name: string, value: string): bigint {
  if (!/^\d+$/.test(value))
    throw new HardhatPluginError("openledger", `--${name} must be a whole number, not ${value}`);
  return BigInt(value);
}

const withCommon = <T extends ReturnType<typeof task>>(t: T) =>
  t
    .addOptionalParam("deploymentId", "Ignition deployment id (default chain-<chainId>)", undefined, types.string)
    .addOptionalParam(
      "store",
      "Content store directory (default $OPENLEDGER_STORE or data/store)",
      undefined,
      types.string,
    );

withCommon(task("datanet:contribute", "Stores a file and contributes it to a datanet, staking with a permit"))
  .addParam("datanet", "Datanet id", undefined, types.string)
  .addParam("file", "The file to contribute", undefined, types.inputFile)
  .addOptionalParam("pointer", "Pointer URI recorded with the contribution", "", types.string)
  .setAction(async (args: Common & { datanet: string; file: string; pointer: string }, hre) =>
    run(async () => {
      const { readFile } = await import("node:fs/promises");
      const { contributeBytes } = await import("../src/ops/data");
      const { suite, store, signer } = await context(hre, args);
      const bytes = await readFile(args.file);
      const datanetId = bigintArg("datanet", args.datanet);
      const done = await contributeBytes(suite.datanet, suite.token, store, signer, datanetId, bytes, args.pointer);
      console.log(`Contribution ${done.contributionId} to datanet ${datanetId} (pending curation)`);
      console.log(`  content hash ${done.contentHash}, ${done.sizeBytes} bytes`);
      console.log(`  stored at    ${store.pathOf(done.contentHash)}`);
      console.log(`  transaction  ${done.transactions[0].hash}`);
      return done;
    }),
  );

withCommon(task("datanet:create", "Creates a datanet owned by the sender (or --owner) and prints its id"))
  .addParam("uri", "Metadata URI: name, topic, modality, licence", undefined, types.string)
  .addParam("stake", "OPEN a contribution locks while pending, a decimal such as 10", undefined, types.string)
  .addOptionalParam("owner", "Owner address (default the sender)", undefined, types.string)
  .setAction(async (args: Common & { uri: string; stake: string; owner?: string }, hre) =>
    run(async () => {
      const { createDatanet } = await import("../src/ops/data");
      const { suite, signer } = await context(hre, args);
      const { datanetId, transactions } = await createDatanet(
        suite.datanet,
        signer,
        args.uri,
        hre.ethers.parseEther(args.stake),
        args.owner,
      );
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
      const { suite, signer } = await context(hre, args);
      const datanetId = bigintArg("datanet", args.datanet);
      const tx = await suite.datanet.connect(signer).setCurator(datanetId, args.account, !args.remove);
      await tx.wait();
      console.log(`${args.account} ${args.remove ? "no longer curates" : "now curates"} datanet ${datanetId}`);
    }),
  );

withCommon(task("datanet:review", "Approves a pending contribution with --quality BPS, or rejects it with --reject"))
  .addParam("contribution", "Contribution id", undefined, types.string)
  .addOptionalParam("quality", "Quality score in basis points, 0 to 10000 (approves)", undefined, types.int)
  .addFlag("reject", "Reject the contribution and slash its stake")
  .setAction(async (args: Common & { contribution: string; quality?: number; reject: boolean }, hre) =>
    run(async () => {
      if (args.reject === (args.quality !== undefined)) throw new Error("give either --quality BPS or --reject");
      const { reviewContribution } = await import("../src/ops/data");
      const { suite, signer } = await context(hre, args);
      const id = bigintArg("contribution", args.contribution);
      const { transactions } = await reviewContribution(
        suite.datanet,
        signer,
        id,
        args.reject ? { approve: false } : { approve: true, qualityBps: args.quality! },
      );
      console.log(
        `Contribution ${id} ${args.reject ? "rejected" : `approved with quality ${args.quality}`} in ${transactions[0].hash}`,
      );
    }),
  );

withCommon(task("datanet:novelty", "A curator's copy check: how much of a contribution the datanet already holds"))
  .addParam("contribution", "Contribution id", undefined, types.string)
  .addOptionalParam("minSpan", "Shortest repeated run of tokens that counts", undefined, types.int)
  .addFlag("json", "Print the report as JSON")
  .setAction(async (args: Common & { contribution: string; minSpan?: number; json: boolean }, hre) =>
    run(async () => {
      const { checkNovelty } = await import("../src/ops/data");
      const { suite, store } = await context(hre, args);
      const id = bigintArg("contribution", args.contribution);
      const report = await checkNovelty(suite.datanet, store, id, { minSpanTokens: args.minSpan });
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
      const { suite, signer } = await context(hre, args);
      const datanetId = bigintArg("datanet", args.datanet);
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
      const { suite, signer } = await context(hre, args);
      const amount = await suite.rewards.accrued(signer.address);
      if (amount === 0n) throw new Error(`${signer.address} has nothing accrued to withdraw`);
      await (await suite.rewards.connect(signer).withdraw(args.to ?? signer.address)).wait();
      console.log(`Withdrew ${hre.ethers.formatEther(amount)} OPEN to ${args.to ?? signer.address}`);
      return amount;
    }),
  );

withCommon(task("model:train", "Trains an n-gram model on a published datanet version and registers it"))
  .addParam("datanet", "Datanet id", undefined, types.string)
  // `--version` is Hardhat's own flag, so the version is `--datanet-version`.
  .addParam("datanetVersion", "Published version of the datanet", undefined, types.int)
  .addOptionalParam("order", "N-gram order", undefined, types.int)
  .addOptionalParam("fee", "Fee per inference in OPEN", "1", types.string)
  .addOptionalParam("base", "Base model id: registers a LoRA adapter on it", undefined, types.string)
  .setAction(
    async (
      args: Common & { datanet: string; datanetVersion: number; order?: number; fee: string; base?: string },
      hre,
    ) =>
      run(async () => {
        const { trainAndRegister } = await import("../src/ops/factory");
        const { suite, store, signer } = await context(hre, args);
        const trained = await trainAndRegister(suite, store, signer, {
          datanetId: bigintArg("datanet", args.datanet),
          version: args.datanetVersion,
          order: args.order,
          feePerInference: hre.ethers.parseEther(args.fee),
          baseModelId: args.base === undefined ? undefined : bigintArg("base", args.base),
        });
        console.log(`Model ${trained.modelId} trained on ${trained.documents} contributions`);
        console.log(`  weights hash ${trained.weightsHash}`);
        console.log(`  weights file ${trained.weightsFile}`);
        return trained;
      }),
  );

withCommon(task("model:infer", "Runs a model on a prompt, pays for the inference with a permit, and logs it"))
  .addParam("model", "Model id", undefined, types.string)
  .addOptionalParam("agent", "Agent id calling the model", undefined, types.string)
  .addParam("prompt", "The prompt", undefined, types.string)
  .addOptionalParam("seed", "Sampling seed (default random)", undefined, types.string)
  .addOptionalParam("maxTokens", "Tokens to generate", undefined, types.int)
  .addOptionalParam("log", "Inference log (JSON Lines) to append to", "data/inferences.jsonl", types.string)
  .setAction(
    async (
      args: Common & { model: string; agent?: string; prompt: string; seed?: string; maxTokens?: number; log: string },
      hre,
    ) =>
      run(async () => {
        const { randomBytes } = await import("node:crypto");
        const { inferAndPay } = await import("../src/ops/factory");
        const { suite, signer } = await context(hre, args);
        const inferred = await inferAndPay(suite, signer, {
          modelId: bigintArg("model", args.model),
          agentId: args.agent === undefined ? undefined : bigintArg("agent", args.agent),
          prompt: args.prompt,
          seed: args.seed ?? randomBytes(8).toString("hex"),
          maxTokens: args.maxTokens,
          logFile: args.log,
        });
        console.log(inferred.output);
        console.log(`Inference ${inferred.inferenceId}`);
        console.log(`  paid ${hre.ethers.formatEther(inferred.price)} OPEN, logged to ${args.log}`);
        return inferred;
      }),
  );

withCommon(task("attribution:settle", "Settles the next epoch from an inference log and posts its root"))
  .addOptionalParam("epoch", "The epoch expected (must be the next one)", undefined, types.int)
  .addParam("inferences", "Inference log (JSON Lines) written by model:infer", undefined, types.string)
  .setAction(async (args: Common & { epoch?: number; inferences: string }, hre) =>
    run(async () => {
      const { readInferenceLog } = await import("../src/ops/factory");
      const { settleNextEpoch } = await import("../src/ops/settlement");
      const { suite, store, signer } = await context(hre, args);
      const next = Number(await suite.rewards.epochCount()) + 1;
      if (args.epoch !== undefined && args.epoch !== next) {
        throw new Error(`--epoch ${args.epoch} is not the next epoch: ${next} is`);
      }
      const settled = await settleNextEpoch(suite, store, signer, { log: await readInferenceLog(args.inferences) });
      console.log(`Epoch ${settled.epoch} posted`);
      console.log(`  root        ${settled.file.root}`);
      console.log(`  total       ${hre.ethers.formatEther(settled.file.totalAllocated)} OPEN (cumulative)`);
      console.log(`  receipts    ${settled.receipts.length}`);
      console.log(`  settlement  ${settled.files.settlement}`);
      console.log(`  proofs      ${settled.files.proofs}`);
      return settled;
    }),
  );

withCommon(task("attribution:verify", "Recomputes a posted epoch from public inputs and compares it with the chain"))
  .addParam("epoch", "Epoch number", undefined, types.int)
  .addOptionalParam("file", "Settlement file (default the posted data URI)", undefined, types.string)
  .setAction(async (args: Common & { epoch: number; file?: string }, hre) =>
    run(async () => {
      const { verifyEpoch } = await import("../src/ops/settlement");
      const { suite, store } = await context(hre, args);
      const verification = await verifyEpoch(suite, store, args.epoch, args.file);
      if (!verification.ok) {
        throw new Error(`epoch ${args.epoch}: mismatch\n  ${verification.problems.join("\n  ")}`);
      }
      console.log(`Epoch ${args.epoch}: match`);
      console.log(`  root      ${verification.postedRoot}`);
      console.log(`  data hash ${verification.postedDataHash}`);
      return verification;
    }),
  );

withCommon(task("rewards:claim", "Claims OPEN for accounts in a proofs file (default: the sender's own account)"))
  .addParam("proofs", "Proofs file written by attribution:settle", undefined, types.string)
  .addOptionalParam("account", "The account to claim for", undefined, types.string)
  .addFlag("all", "Claim for every account in the file")
  .setAction(async (args: Common & { proofs: string; account?: string; all: boolean }, hre) =>
    run(async () => {
      const { readProofsFile } = await import("../src/settlement/tree");
      const { claimWithProofs } = await import("../src/ops/settlement");
      const { suite, signer } = await context(hre, args);
      if (args.all && args.account) throw new Error("give --account or --all, not both");
      const proofs = await readProofsFile(args.proofs);
      const accounts = args.all ? undefined : [args.account ?? signer.address];
      const { outcomes } = await claimWithProofs(suite.rewards, signer, proofs, accounts);
      if (outcomes.length === 0) console.log(`Nothing new to claim against epoch ${proofs.epoch}`);
      for (const { account, paid } of outcomes) {
        console.log(`Paid ${hre.ethers.formatEther(paid)} OPEN to ${account}`);
      }
      return outcomes;
    }),
  );
