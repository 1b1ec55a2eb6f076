// One simulation from start to report: the run, its audit, the sybil counterfactual where asked, and the summary.
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { SimulationSummary } from "../report/types";
import { audit, summarize, sybilPartyEarnings } from "./audit";
import { suiteAddresses } from "../chain/deploy";
import { runSimulation, type Progress, type SimOptions } from "./run";

export async function simulate(
  hre: HardhatRuntimeEnvironment,
  options: SimOptions,
  progress: Progress,
): Promise<SimulationSummary> {
  const state = await runSimulation(hre, options, progress);
  const result = await audit(state);
  const counterfactual: { sybilAsOneAccount?: bigint } = {};
  if (options.scenario === "sybil") {
    // What the same party earns with the same files submitted whole from one account, all else equal.
    const alone = await runSimulation(hre, { ...options, sybilAsOneAccount: true }, progress);
    const aloneAudit = await audit(alone);
    result.checks.push({
      name: "the one-account counterfactual run passed its own audit",
      ok: aloneAudit.ok,
      detail:
        aloneAudit.checks
          .filter((c) => !c.ok)
          .map((c) => c.name)
          .join("; ") || "all checks passed",
    });
    result.ok = result.ok && aloneAudit.ok;
    counterfactual.sybilAsOneAccount = await sybilPartyEarnings(alone);
  }
  return summarize(state, result, await suiteAddresses(state.suite), counterfactual);
}
