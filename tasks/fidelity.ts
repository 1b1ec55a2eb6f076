// `bench:fidelity`: measures whether attribution pays the data that mattered, on real files from node_modules.
import * as path from "path";
import { task, types } from "hardhat/config";
import { HardhatPluginError } from "hardhat/plugins";
import type { FidelityReport } from "../src/bench/fidelity";

interface FidelityArgs {
  out?: string;
  corpusFiles: number;
  heldOutFiles: number;
  outputs: number;
  outputTokens: number;
  seed: number;
}

task("bench:fidelity", "Builds held-out attribution cases from node_modules and measures every fidelity metric")
  .addOptionalParam(
    "out",
    "Where to write the JSON report (default reports/bench-fidelity.json)",
    undefined,
    types.string,
  )
  .addOptionalParam("corpusFiles", "Indexed / trained files per domain", 80, types.int)
  .addOptionalParam("heldOutFiles", "Held-out files per domain", 30, types.int)
  .addOptionalParam("outputs", "Outputs per case and domain", 12, types.int)
  .addOptionalParam("outputTokens", "Tokens per Factory output", 200, types.int)
  .addOptionalParam("seed", "Seed of the cases' PRNG", 1, types.int)
  .setAction(async (args: FidelityArgs, hre): Promise<FidelityReport> => {
    const fs = await import("fs");
    const { runFidelity, formatFidelityTable } = await import("../src/bench/fidelity");
    let report: FidelityReport;
    try {
      report = runFidelity({
        nodeModules: path.join(hre.config.paths.root, "node_modules"),
        corpusFiles: args.corpusFiles,
        heldOutFiles: args.heldOutFiles,
        outputs: args.outputs,
        outputTokens: args.outputTokens,
        seed: args.seed,
        onProgress: (domain, step) => process.stderr.write(`${domain}: ${step}\n`),
      });
    } catch (error) {
      if (error instanceof RangeError) throw new HardhatPluginError("openledger", error.message);
      throw error;
    }
    const out = args.out ? path.resolve(args.out) : path.join(hre.config.paths.root, "reports", "bench-fidelity.json");
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(report, null, 2) + "\n");
    console.log(formatFidelityTable(report));
    console.log(`report written to ${path.relative(process.cwd(), out) || out}`);
    return report;
  });
