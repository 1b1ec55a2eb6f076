// `bench`: measures the gas of the suite's hot paths on a fresh deployment and writes reports/bench.json.
import { task, types } from "hardhat/config";
import { parseCount, parseList } from "../src/cli/args";
import { argumentError, runCommand } from "../src/cli/errors";
import { ensureCompiled } from "./compiled";

task("bench", "Measures the gas of transfers, contributions, payments, roots and claims; writes a JSON report")
  .addOptionalParam("out", "Where to write the JSON report", "reports/bench.json", types.string)
  .addOptionalParam("maxLeaves", "Largest claim tree to build: 1e1, 1e3, 1e5 or 1e6 leaves", "1e6", types.string)
  .addOptionalParam(
    "contributors",
    "Approved contributions of the small and large datanet paid for, as small,large",
    "1e1,1e4",
    types.string,
  )
  .setAction(async (args: { out: string; maxLeaves: string; contributors: string }, hre) =>
    runCommand(async () => {
      const maxLeaves = parseCount(args.maxLeaves, "maxLeaves");
      if (maxLeaves < 10) throw argumentError("maxLeaves", `${args.maxLeaves} is below the smallest claim tree (1e1)`);
      const sizes = parseList(args.contributors, "contributors", parseCount, { min: 2, max: 2, what: "counts" });
      await ensureCompiled(hre);
      const { runGasBench, writeReport, formatTable } = await import("../src/bench/gas");
      const report = await runGasBench(hre, { maxLeaves, contributors: [sizes[0], sizes[1]], progress: true });
      await writeReport(args.out, report);
      process.stdout.write(formatTable(report));
      console.log(`\nwritten to ${args.out} (${hre.network.name}, solc ${report.meta.solc})`);
      return report;
    }),
  );
