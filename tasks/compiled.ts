// Tasks that deploy call this first: a fresh clone has no artifacts yet, and Ignition needs them.
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { isCoverageRun } from "../src/chain/config";

/**
 * Compiles if anything changed, keeping the compiler's "Compiled N files" line off stdout (a task's stdout may be
 * JSON). Skipped under solidity-coverage, whose instrumented artifacts must not be replaced, and when
 * `OPENLEDGER_SKIP_COMPILE=1` (tests that run tasks in a child process after compiling themselves).
 */
export async function ensureCompiled(hre: HardhatRuntimeEnvironment): Promise<void> {
  if (isCoverageRun(hre)) return;
  if (process.env.OPENLEDGER_SKIP_COMPILE === "1") return;
  const log = console.log;
  console.log = () => {};
  try {
    await hre.run("compile", { quiet: true });
  } finally {
    console.log = log;
  }
}
