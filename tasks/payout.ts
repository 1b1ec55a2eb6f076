// `payout:run`: one run of the payout job (src/payout), for cron. Thin: parses its arguments, runs the job, prints
// its status and sets the documented exit code (src/payout/status.ts EXIT_CODES).
import { task, types } from "hardhat/config";
import { optional, parseDirectory, parseWholeNumber } from "../src/cli/args";
import { runCommand } from "../src/cli/errors";
import { withCommonOptions, type CommonArgs } from "../src/cli/options";

interface PayoutArgs extends CommonArgs {
  state: string;
  logs: string;
  batch?: string;
  confirmations?: string;
  json: boolean;
  dryRun: boolean;
}

withCommonOptions(
  task("payout:run", "Settles, posts, verifies, accepts and claims as far as the chain allows; resumable, for cron"),
  ["deploymentId", "store", "from"],
  { from: "The attributor, who posts the roots: an account index (default 0), env:NAME or keystore:PATH" },
)
  .addOptionalParam("state", "State directory: journal, lock, proofs, reports", "data/payout", types.string)
  .addOptionalParam(
    "logs",
    "Directory of inference logs (*.jsonl), one per inference server",
    "data/logs",
    types.string,
  )
  .addOptionalParam(
    "batch",
    "Accounts per claim batch (default the contract's MAX_BATCH_CLAIMS)",
    undefined,
    types.string,
  )
  .addOptionalParam(
    "confirmations",
    "Blocks a payment must be below the head to be settled (default 0)",
    undefined,
    types.string,
  )
  .addFlag("json", "Print the run's status as one JSON object on stdout")
  .addFlag("dryRun", "Compute everything, send nothing, journal nothing")
  .setAction(async (args: PayoutArgs, hre) => {
    const { stateDir, logsDir, batchSize, confirmations } = await runCommand(() => ({
      stateDir: parseDirectory(args.state, "state"),
      logsDir: parseDirectory(args.logs, "logs", { mustExist: true }),
      batchSize: optional(args.batch, "batch", (text, name) => parseWholeNumber(text, name, { min: 1 })),
      confirmations: optional(args.confirmations, "confirmations", (text, name) => parseWholeNumber(text, name)),
    }));
    const { toJson } = await import("../src/read/json");
    const { failedStatus, statusLines } = await import("../src/payout/status");
    const { userMessage } = await import("../src/cli/errors");
    let status;
    try {
      status = await runCommand(async () => {
        const { ContentStore, defaultStorePath } = await import("../src/store/ContentStore");
        const { chainContext } = await import("../src/cli/context");
        const { runPayout } = await import("../src/payout/run");
        const { suite, signer } = await chainContext(hre, args);
        const store = new ContentStore(args.store ?? defaultStorePath());
        const options = { stateDir, logsDir, store, dryRun: args.dryRun, batchSize, confirmations };
        return runPayout(suite, signer, options);
      });
    } catch (error) {
      // A script reading --json gets one status object for a failed run too; people get Hardhat's one-line error.
      if (!args.json) throw error;
      status = failedStatus("error", userMessage(error), { stateDir, dryRun: args.dryRun });
    }
    console.log(args.json ? toJson(status) : statusLines(status).join("\n"));
    process.exitCode = status.exitCode;
    return status;
  });
