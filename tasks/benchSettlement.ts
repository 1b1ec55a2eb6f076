// `bench:settlement`: times settlement of a synthetic epoch at scale, and reading receipts from the selected network.
import { task, types } from "hardhat/config";
import { parseCount, parseWholeNumber } from "../src/cli/args";
import { runCommand } from "../src/cli/errors";

task("bench:settlement", "Times settling a synthetic epoch of many paid inferences; writes a JSON report")
  .addOptionalParam("inferences", "Paid inferences in the synthetic epoch", "1e5", types.string)
  .addOptionalParam("contributions", "Contributions of the version the model cites", "3000", types.string)
  .addOptionalParam("nodeInferences", "Inferences paid on the network and read back (0: skip)", "200", types.string)
  .addOptionalParam("out", "Where to write the JSON report", "reports/bench-settlement.json", types.string)
  .setAction(async (args: { inferences: string; contributions: string; nodeInferences: string; out: string }, hre) =>
    runCommand(async () => {
      const inferences = parseCount(args.inferences, "inferences");
      const contributions = parseCount(args.contributions, "contributions");
      const nodeInferences = parseWholeNumber(args.nodeInferences, "nodeInferences", { min: 0 });
      const { runSettlementBench, formatSettlementTable, writeSettlementReport } =
        await import("../src/bench/settlement");
      const report = await runSettlementBench(hre, {
        inferences,
        contributions,
        nodeInferences,
        onPhase: (phase) => process.stderr.write(`  ${phase}…\n`),
      });
      await writeSettlementReport(args.out, report);
      process.stdout.write(formatSettlementTable(report));
      console.log(`written to ${args.out}`);
      return report;
    }),
  );
