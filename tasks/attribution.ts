// `attribution:score` and `bench:attribution`: the off-chain Proof-of-Attribution engine from the command line.
import * as path from "path";
import { task, types } from "hardhat/config";
import { checkWholeNumber, optional, parseChoice } from "../src/cli/args";
import { runCommand } from "../src/cli/errors";
import type { ScoreReport } from "../src/attribution/score";
import type { BenchReport } from "../src/bench/attribution";

/** The bench's phases, as its progress bars name them. */
const LABELS: Readonly<Record<string, string>> = {
  read: "read corpus",
  tokenize: "tokenize (chars)",
  "suffix-array": "suffix array",
  lcp: "lcp + intervals",
  attribute: "attribute",
};

interface ScoreArgs {
  corpus: string;
  output: string;
  minSpan?: number;
  maxOccurrences?: number;
  method?: string;
  model?: string;
  json: boolean;
}

task("attribution:score", "Measures whose data (one file per contribution) shaped an output file")
  .addParam("corpus", "Directory whose files are the contributions (id = file name)", undefined, types.string)
  .addParam("output", "File holding the generated output to attribute", undefined, types.string)
  .addOptionalParam("minSpan", "Shortest matching span that counts, in tokens (default 4)", undefined, types.int)
  .addOptionalParam(
    "maxOccurrences",
    "Spans found at more corpus positions than this are common knowledge (default 100)",
    undefined,
    types.int,
  )
  .addOptionalParam("method", "spans (any model, default) or influence (a Factory model)", undefined, types.string)
  .addOptionalParam("model", "Factory weights file trained on the corpus (--method influence)", undefined, types.string)
  .addFlag("json", "Print one JSON document and nothing else")
  .setAction(async (args: ScoreArgs): Promise<ScoreReport> =>
    runCommand(async () => {
      // Loaded here, not at the top, so that the Hardhat config loads without the engine.
      const { scoreFiles, formatScoreTable, SCORE_METHODS } = await import("../src/attribution/score");
      const method = optional(args.method, "method", (text, name) => parseChoice(text, name, SCORE_METHODS));
      const options = {
        minSpanTokens: optional(args.minSpan, "minSpan", positive),
        maxOccurrences: optional(args.maxOccurrences, "maxOccurrences", positive),
        method,
        modelFile: args.model === undefined ? undefined : path.resolve(args.model),
      };
      // A missing corpus, output or model (AttributionInputError) is the user's: the error policy prints its line.
      const report = scoreFiles(path.resolve(args.corpus), path.resolve(args.output), options);
      console.log(args.json ? JSON.stringify(report) : formatScoreTable(report));
      return report;
    }),
  );

interface BenchArgs {
  out?: string;
  tokens: number;
  outputs: number;
  outputTokens: number;
  seed: number;
}

task("bench:attribution", "Indexes >= 5M tokens of node_modules sources and attributes 1,000 outputs, timing both")
  .addOptionalParam(
    "out",
    "Where to write the JSON report (default reports/bench-attribution.json)",
    undefined,
    types.string,
  )
  .addOptionalParam("tokens", "Minimum corpus size in tokens", 5_000_000, types.int)
  .addOptionalParam("outputs", "Number of outputs to attribute", 1000, types.int)
  .addOptionalParam("outputTokens", "Tokens per output", 200, types.int)
  .addOptionalParam("seed", "Seed of the outputs' PRNG", 1, types.int)
  .setAction(async (args: BenchArgs, hre): Promise<BenchReport> =>
    runCommand(async () => {
      for (const name of ["tokens", "outputs", "outputTokens"] as const) checkWholeNumber(args[name], name, { min: 1 });
      const fs = await import("fs");
      const { runBench, formatBenchTable } = await import("../src/bench/attribution");
      const { ProgressBars } = await import("../src/cli/progress");
      const bars = new ProgressBars();
      let report: BenchReport;
      try {
        report = runBench({
          nodeModules: path.join(hre.config.paths.root, "node_modules"),
          minTokens: args.tokens,
          outputs: args.outputs,
          outputTokens: args.outputTokens,
          seed: args.seed,
          onProgress: ({ phase, done, total }) => bars.update(LABELS[phase] ?? phase, done, total),
        });
      } finally {
        bars.done();
      }
      // The default lives in the project; a path given on the command line is relative to where it was typed.
      const out = args.out
        ? path.resolve(args.out)
        : path.join(hre.config.paths.root, "reports", "bench-attribution.json");
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, JSON.stringify(report, null, 2) + "\n");
      console.log(formatBenchTable(report));
      console.log(`report written to ${path.relative(process.cwd(), out) || out}`);
      return report;
    }),
  );

/** A count Hardhat read as an integer that must be at least 1. */
function positive(value: number, name: string): number {
  return checkWholeNumber(value, name, { min: 1 });
}
