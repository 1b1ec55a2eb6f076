// Tasks that deploy call this first: a fresh clone has no artifacts yet, and Ignition needs them.
import type { HardhatRuntimeEnvironment } from "hardhat/types";

export async function ensureCompiled(hre: HardhatRuntimeEnvironment): Promise<void> {
  // Under solidity-coverage the instrumented artifacts are already built; compiling again would replace them.
  if ((hre as unknown as { __SOLIDITY_COVERAGE_RUNNING?: boolean }).__SOLIDITY_COVERAGE_RUNNING) return;
  await hre.run("compile", { quiet: true });
}
