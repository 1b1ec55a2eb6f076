// A separate node (anvil) for the tests that run the project's tasks as an operator would: the node, a provider on
// it, a scratch folder, a deployment id of the suite's own, and the tasks run against them; removed after the suite.
import hre, { ethers } from "hardhat";
import { execFile, type ExecFileOptions } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { JsonRpcProvider, Signer } from "ethers";
import { startAnvil, type AnvilNode } from "../../src/chain/anvil";
import { isCoverageRun } from "../../src/chain/config";
import {
  AgentRegistry__factory,
  AttributionRewards__factory,
  Datanet__factory,
  ModelRegistry__factory,
  OpenToken__factory,
} from "../../typechain-types";

const exec = promisify(execFile);
/** The project's root, where `npx hardhat` finds its config. */
export const ROOT = hre.config.paths.root;

/** What a task printed, and the code it exited with. */
export interface TaskOutput {
  code: number;
  stdout: string;
  stderr: string;
}

export interface SeparateNode {
  /** The node; a test may stop it and start another in its place. */
  anvil: AnvilNode;
  provider: JsonRpcProvider;
  /** A scratch folder of the suite's own. */
  tmp: string;
  /** The deployment id every task below runs under. */
  readonly deploymentId: string;
  /** Runs `npx hardhat <args>` on the node: what it printed, rejecting with its output if it fails. */
  task(...args: string[]): Promise<{ stdout: string; stderr: string }>;
  /** The same, resolving with what it printed on stdout. */
  hardhat(...args: string[]): Promise<string>;
  /** The same, resolving with the exit code and the output whatever the code, as cron sees a run. */
  run(...args: string[]): Promise<TaskOutput>;
}

/**
 * Starts a separate node before the suite that calls this (inside its `describe`) and removes it, the deployment
 * record and the scratch folder after it. `name` names the deployment id and the folder; `env` is added to the
 * tasks' environment.
 */
export function useSeparateNode(name: string, env: Record<string, string> = {}): SeparateNode {
  const node = { deploymentId: `test-${name}-${process.pid}-${Date.now()}` } as SeparateNode;
  const command = (args: string[]) => [
    "hardhat",
    ...args,
    "--network",
    "localhost",
    "--deployment-id",
    node.deploymentId,
  ];
  const options = (): ExecFileOptions => ({
    env: { ...process.env, LOCAL_RPC_URL: node.anvil.url, OPENLEDGER_SKIP_COMPILE: "1", ...env },
    cwd: ROOT,
  });
  node.task = async (...args) => {
    const { stdout, stderr } = await exec("npx", command(args), { ...options(), encoding: "utf8" });
    return { stdout, stderr };
  };
  node.hardhat = async (...args) => (await node.task(...args)).stdout;
  node.run = (...args) =>
    new Promise((resolve) => {
      execFile("npx", command(args), { ...options(), encoding: "utf8" }, (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code) : 0, stdout, stderr }),
      );
    });

  before(async function () {
    node.anvil = await startAnvil({ disableCodeSizeLimit: isCoverageRun(hre) });
    node.provider = new ethers.JsonRpcProvider(node.anvil.url);
    node.tmp = await mkdtemp(path.join(os.tmpdir(), `openledger-${name}-`));
  });

  after(async function () {
    node.provider?.destroy();
    await node.anvil?.stop();
    for (const dir of [path.join(ROOT, "ignition", "deployments", node.deploymentId), node.tmp]) {
      if (dir) await rm(dir, { recursive: true, force: true });
    }
  });
  return node;
}

/** The suite's contracts at the addresses `deploy --json` printed, connected to `signer`. */
export function connectSuite(addresses: Record<string, string>, signer: Signer) {
  return {
    token: OpenToken__factory.connect(addresses.token, signer),
    datanet: Datanet__factory.connect(addresses.datanet, signer),
    models: ModelRegistry__factory.connect(addresses.models, signer),
    agents: AgentRegistry__factory.connect(addresses.agents, signer),
    rewards: AttributionRewards__factory.connect(addresses.rewards, signer),
  };
}

/** Moves the node's clock on by `seconds` and mines a block there. */
export async function advance(provider: JsonRpcProvider, seconds: bigint | number): Promise<void> {
  await provider.send("evm_increaseTime", [ethers.toQuantity(seconds)]);
  await provider.send("evm_mine", []);
}
