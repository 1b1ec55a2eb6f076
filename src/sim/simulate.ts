// One simulation from start to report: the run, its audit, the scenario's counterfactual run, and the summary.
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { SimulationSummary } from "../report/types";
import { suiteAddresses } from "../chain/deploy";
import { CHECKS, audit } from "./audit";
import { runSimulation } from "./run";
import type { Progress, SimOptions, SimState } from "./state";
import { contributorResults, summarize } from "./summary";

export async function simulate(
  hre: HardhatRuntimeEnvironment,
  options: SimOptions,
  progress: Progress,
): Promise<SimulationSummary> {
  const state = await runSimulation(hre, options, progress);
  const { scenario } = state;
  const result = await audit(state);
  let counterfactual: SimState | undefined;
  if (scenario.counterfactual) {
    // The run the outcomes are measured against: same options, fresh deployment, the scenario's honest version.
    counterfactual = await runSimulation(hre, { ...options, counterfactual: true }, progress);
    const own = await audit(counterfactual);
    result.checks.push({
      name: CHECKS.counterfactual,
      ok: own.ok,
      detail:
        own.checks
          .filter((c) => !c.ok)
          .map((c) => c.name)
          .join("; ") || "all checks passed",
    });
    result.ok = result.ok && own.ok;
  }
  const contributors = await contributorResults(state);
  const own = (await scenario.checks?.({ state, contributors, counterfactual })) ?? [];
  result.checks.push(...own);
  result.ok = result.ok && own.every((c) => c.ok);
  const attackers = scenario.outcomes?.({ state, contributors, counterfactual }) ?? [];
  return summarize(state, result, await suiteAddresses(state.suite), contributors, attackers);
}
