// `simulate`: the main job — a whole reward economy on the selected chain, audited, with reports.
import { task, types } from "hardhat/config";
import { checkWholeNumber, parseChoice } from "../src/cli/args";
import { CommandError, runCommand } from "../src/cli/errors";
import { ProgressBars } from "../src/cli/progress";
import { SCENARIO_NAMES } from "../src/sim/scenarios";
import { PAY_METHODS, type SimOptions } from "../src/sim/state";
import { ensureCompiled } from "./compiled";

/** The task's arguments: the run's options (with `--files` for `filesPerContributor`), where to write, how loud. */
type SimulateArgs = Omit<SimOptions, "filesPerContributor" | "counterfactual" | "workDir" | "pay"> & {
  pay: string;
  files: number;
  out: string;
  quiet: boolean;
};

/** The options that count things: a run needs at least one of each. */
const COUNTS = ["contributors", "files", "datanets", "models", "agents", "inferences", "epochs"] as const;

task("simulate", "Runs a whole OpenLedger economy on the selected network, audits it and writes reports")
  .addOptionalParam("contributors", "Honest contributors", 10, types.int)
  .addOptionalParam("files", "Files each honest contributor submits", 3, types.int)
  .addOptionalParam("datanets", "Datanets", 2, types.int)
  .addOptionalParam("models", "Models (beyond one per datanet version they are LoRA adapters)", 3, types.int)
  .addOptionalParam("agents", "Agents", 2, types.int)
  .addOptionalParam("inferences", "Paid inferences in all", 48, types.int)
  .addOptionalParam("epochs", "Settlement epochs", 3, types.int)
  .addOptionalParam("seed", "Seed: the same seed gives the same run", "1", types.string)
  .addOptionalParam("scenario", SCENARIO_NAMES.join(" | "), "honest", types.string)
  .addOptionalParam("pay", "How users pay: permit | voucher (from deposited credit)", "permit", types.string)
  .addOptionalParam("out", "Output directory for summary.json and report.html", "reports", types.string)
  .addFlag("quiet", "Print nothing on stdout (the reports are still written)")
  .setAction(async (args: SimulateArgs, hre) =>
    runCommand(async () => {
      const scenario = parseChoice(args.scenario, "scenario", SCENARIO_NAMES);
      const pay = parseChoice(args.pay, "pay", PAY_METHODS);
      for (const name of COUNTS) checkWholeNumber(args[name], name, { min: 1 });
      await ensureCompiled(hre);
      const { simulate } = await import("../src/sim/simulate");
      const { formatSummary, writeReports } = await import("../src/sim/report");
      const path = await import("node:path");
      const { rm } = await import("node:fs/promises");
      // The content store, weights and settlement files of the previous run in this folder are replaced.
      await rm(path.join(args.out, "data"), { recursive: true, force: true });
      const progress = new ProgressBars({ quiet: args.quiet });
      const summary = await simulate(
        hre,
        {
          contributors: args.contributors,
          filesPerContributor: args.files,
          datanets: args.datanets,
          models: args.models,
          agents: args.agents,
          inferences: args.inferences,
          epochs: args.epochs,
          seed: args.seed,
          scenario,
          pay,
          workDir: path.join(args.out, "data"),
        },
        progress,
      );
      const files = await writeReports(summary, args.out);
      if (!args.quiet) {
        console.log(formatSummary(summary));
        console.log(`\nWrote ${files.json} and ${files.html}`);
      }
      if (!summary.audit.ok) throw new CommandError("the audit failed: see the checks in the summary");
      return summary;
    }),
  );
