// `payout:run` as cron runs it, against a separate node (anvil): one JSON status object per run on stdout and the
// documented exit code for each outcome (waiting, done, nothing to do, error); and a guardian command's proposal.
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { JsonRpcProvider } from "ethers";
import { startAnvil, type AnvilNode } from "../../src/chain/anvil";
import { isCoverageRun } from "../../src/chain/config";
import { contributeBytes, createDatanet, publishVersion, reviewContribution, setCurator } from "../../src/ops/data";
import { inferAndPay, trainAndRegister } from "../../src/ops/factory";
import { EXIT_CODES, type PayoutStatus } from "../../src/payout/status";
import { ContentStore } from "../../src/store/ContentStore";
import {
  AgentRegistry__factory,
  AttributionRewards__factory,
  Datanet__factory,
  ModelRegistry__factory,
  OpenToken__factory,
} from "../../typechain-types";

const ROOT = hre.config.paths.root;

describe("payout:run on a separate node", function () {
  let anvil: AnvilNode;
  let provider: JsonRpcProvider;
  let tmp: string;
  const deploymentId = `test-payout-${process.pid}-${Date.now()}`;

  /** Runs a task against anvil; resolves with its exit code and output whatever the code. */
  const hardhat = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const all = ["hardhat", ...args, "--network", "localhost", "--deployment-id", deploymentId];
      const env = { ...process.env, LOCAL_RPC_URL: anvil.url, OPENLEDGER_SKIP_COMPILE: "1" };
      execFile("npx", all, { env, cwd: ROOT }, (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code) : 0, stdout, stderr }),
      );
    });
  const payout = async (...args: string[]) => {
    const dirs = ["--store", path.join(tmp, "store"), "--logs", path.join(tmp, "logs")];
    const { code, stdout, stderr } = await hardhat("payout:run", "--json", "--from", "1", ...dirs, ...args);
    return { code, status: JSON.parse(stdout) as PayoutStatus, stderr };
  };

  before(async function () {
    anvil = await startAnvil({ disableCodeSizeLimit: isCoverageRun(hre) });
    provider = new ethers.JsonRpcProvider(anvil.url);
    tmp = await mkdtemp(path.join(os.tmpdir(), "openledger-payout-task-"));
    const [admin, attributor] = [await provider.getSigner(0), await provider.getSigner(1)];
    const deployed = await hardhat("deploy", "--json", "--attributor", attributor.address);
    const a = (JSON.parse(deployed.stdout) as { addresses: Record<string, string> }).addresses;
    const suite = {
      token: OpenToken__factory.connect(a.token, admin),
      datanet: Datanet__factory.connect(a.datanet, admin),
      models: ModelRegistry__factory.connect(a.models, admin),
      agents: AgentRegistry__factory.connect(a.agents, admin),
      rewards: AttributionRewards__factory.connect(a.rewards, admin),
    };
    await (await suite.rewards.setChallengeWindow(await suite.rewards.MIN_CHALLENGE_WINDOW())).wait();
    const store = new ContentStore(path.join(tmp, "store"));
    const { datanetId } = await createDatanet(suite.datanet, admin, "ipfs://task", ethers.parseEther("1"));
    await setCurator(suite.datanet, admin, datanetId, admin.address, true);
    const text = Buffer.from("function transfer(address to, uint256 amount) external returns (bool) { return true; }");
    const { contributionId } = await contributeBytes(suite.datanet, suite.token, store, admin, datanetId, text);
    await reviewContribution(suite.datanet, admin, contributionId, { approve: true, qualityBps: 9_000 });
    const { version } = await publishVersion(suite.datanet, admin, datanetId);
    const modelsDir = path.join(tmp, "models");
    const { modelId } = await trainAndRegister(suite, store, admin, {
      datanetId,
      version,
      feePerInference: ethers.parseEther("1"),
      modelsDir,
    });
    await mkdir(path.join(tmp, "logs"));
    const logFile = path.join(tmp, "logs", "server-1.jsonl");
    await inferAndPay(suite, admin, { modelId, prompt: "function transfer(", seed: "1", modelsDir, logFile });
  });

  after(async function () {
    provider?.destroy();
    await anvil?.stop();
    for (const dir of [path.join(ROOT, "ignition", "deployments", deploymentId), tmp]) {
      if (dir) await rm(dir, { recursive: true, force: true });
    }
  });

  it("exits with the error code and prints the error as a status object when the state cannot be used", async function () {
    const broken = path.join(tmp, "broken");
    await mkdir(broken);
    await writeFile(path.join(broken, "journal.json"), "not json");
    const { code, status } = await payout("--state", broken);
    expect([code, status.outcome, status.exitCode]).to.deep.equal([EXIT_CODES.error, "error", 1]);
    expect(status.error).to.include("journal.json is not JSON");
  });

  it("posts the epoch and exits with the waiting code, the network named on stderr", async function () {
    const { code, status, stderr } = await payout("--state", path.join(tmp, "state"));
    expect([code, status.outcome, status.pendingEpoch]).to.deep.equal([EXIT_CODES.waiting, "waiting", 1]);
    expect(status.actions.map((a) => a.step)).to.deep.equal(["settle", "post", "verify"]);
    expect(stderr).to.include(`network localhost (http://127.0.0.1:${anvil.port}), chain id 31337`);
  });

  it("after the window, claims and exits 0; then a dry run finds nothing to do and exits with that code", async function () {
    await provider.send("evm_increaseTime", [3_601]);
    await provider.send("evm_mine", []);
    const done = await payout("--state", path.join(tmp, "state"), "--batch", "1");
    expect([done.code, done.status.outcome]).to.deep.equal([EXIT_CODES.done, "done"]);
    expect(done.status.actions.map((a) => a.step)).to.deep.equal(["accept", "claim"]);
    const idle = await payout("--state", path.join(tmp, "state"), "--dry-run");
    expect([idle.code, idle.status.outcome, idle.status.dryRun]).to.deep.equal([2, "nothing-to-do", true]);
  });

  it("rewards:set-window from an account without the admin role writes the proposal, prints gov:propose and exits 2", async function () {
    const file = path.join(tmp, "window.json");
    const { code, stdout } = await hardhat(
      "rewards:set-window",
      "--seconds",
      "7200",
      "--from",
      "1",
      "--proposal",
      file,
      "--json",
    );
    const printed = JSON.parse(stdout) as { sent: boolean; command: string; proposal: unknown };
    expect([code, printed.sent]).to.deep.equal([2, false]);
    expect(printed.command).to.equal(
      `npx hardhat gov:propose --actions ${file} --description "Set the challenge window to 7200 seconds"` +
        ` --network localhost --deployment-id ${deploymentId}`,
    );
    expect(JSON.parse(await readFile(file, "utf8"))).to.deep.equal(printed.proposal);
  });
});
