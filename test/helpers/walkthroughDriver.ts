// The child process test/helpers/walkthrough.ts starts on the `localhost` network: it runs a walk-through's commands
// in order, `npx hardhat …` in this one process through hre.run, anything else in bash, and records what each printed.
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import hre from "hardhat";
import { splitWords, taskArguments } from "../docs/markdown";
import { captureOutput } from "./output";
import type { Ran } from "./walkthrough";

const exec = promisify(execFile);

async function runHardhat(command: string): Promise<Ran> {
  const [, , task, ...rest] = splitWords(command);
  const network = rest.indexOf("--network");
  if (network < 0 || rest[network + 1] !== "localhost") {
    return {
      command,
      stdout: "",
      stderr: "",
      error: "it does not say --network localhost: it would run on a throwaway chain",
    };
  }
  rest.splice(network, 2);
  const definition = hre.tasks[task];
  if (!definition) return { command, stdout: "", stderr: "", error: `there is no task ${task}` };
  const ran = await captureOutput(async () => hre.run(task, taskArguments(definition, rest)) as Promise<unknown>);
  return { command, stdout: ran.stdout, stderr: ran.stderr, error: ran.error?.message };
}

async function runShell(command: string): Promise<Ran> {
  try {
    const { stdout, stderr } = await exec("bash", ["-c", command], { env: process.env });
    // A JSON-RPC error comes back with HTTP 200: the command "works" and the node refused it.
    const refused = /"error"\s*:/.test(stdout) ? `the node answered with an error: ${stdout}` : undefined;
    return { command, stdout, stderr, error: refused };
  } catch (error) {
    const { stdout, stderr, message } = error as { stdout?: string; stderr?: string; message: string };
    return { command, stdout: stdout ?? "", stderr: stderr ?? "", error: message };
  }
}

async function main(): Promise<void> {
  const { WALKTHROUGH_COMMANDS, WALKTHROUGH_RESULTS, WALKTHROUGH_CWD } = process.env;
  if (!WALKTHROUGH_COMMANDS || !WALKTHROUGH_RESULTS || !WALKTHROUGH_CWD) {
    throw new Error("started without WALKTHROUGH_COMMANDS, WALKTHROUGH_RESULTS and WALKTHROUGH_CWD");
  }
  const { commands, refusals } = JSON.parse(readFileSync(WALKTHROUGH_COMMANDS, "utf8")) as {
    commands: string[];
    refusals: string[];
  };
  // The reader's clone: relative paths resolve there, and Ignition records the deployment there.
  hre.config.paths.ignition = path.join(WALKTHROUGH_CWD, "ignition");
  process.chdir(WALKTHROUGH_CWD);
  const results: Ran[] = [];
  const record = async (command: string) => {
    const before = await hre.ethers.provider.getBlockNumber();
    const ran = command.startsWith("npx hardhat ") ? await runHardhat(command) : await runShell(command);
    results.push({ ...ran, blocksMined: (await hre.ethers.provider.getBlockNumber()) - before });
    // After every command, so that a crash still leaves what ran before it.
    writeFileSync(WALKTHROUGH_RESULTS, JSON.stringify(results));
    return ran;
  };
  for (const command of commands) {
    if ((await record(command)).error !== undefined) return;
  }
  // Each expected to fail, so each runs whatever the one before it did.
  for (const command of refusals) await record(command);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exitCode = 1;
});
