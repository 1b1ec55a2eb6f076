// `payout:run` as cron runs it, against a separate node (anvil): one JSON status object per run on stdout and the
// documented exit code for each outcome (waiting, done, nothing to do, error); and a guardian command's proposal.
import { expect } from "chai";
import { ethers } from "hardhat";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { contributeBytes, createDatanet, publishVersion, reviewContribution, setCurator } from "../../src/ops/data";
import { inferAndPay, trainAndRegister } from "../../src/ops/factory";
import { EXIT_CODES, type PayoutStatus } from "../../src/payout/status";
import { ContentStore } from "../../src/store/ContentStore";
import { advance, connectSuite, useSeparateNode } from "../helpers/node";

describe("payout:run on a separate node", function () {
  const node = useSeparateNode("payout-task");
  /** Runs a task against anvil; resolves with its exit code and output whatever the code. */
  const hardhat = node.run;
  const payout = async (...args: string[]) => {
    const dirs = ["--store", path.join(node.tmp, "store"), "--logs", path.join(node.tmp, "logs")];
    const { code, stdout, stderr } = await hardhat("payout:run", "--json", "--from", "1", ...dirs, ...args);
    return { code, status: JSON.parse(stdout) as PayoutStatus, stderr };
  };

  before(async function () {
    const [admin, attributor] = [await node.provider.getSigner(0), await node.provider.getSigner(1)];
    const deployed = await hardhat("deploy", "--json", "--attributor", attributor.address);
    const a = (JSON.parse(deployed.stdout) as { addresses: Record<string, string> }).addresses;
    const suite = connectSuite(a, admin);
    await (await suite.rewards.setChallengeWindow(await suite.rewards.MIN_CHALLENGE_WINDOW())).wait();
    const store = new ContentStore(path.join(node.tmp, "store"));
    const { datanetId } = await createDatanet(suite.datanet, admin, "ipfs://task", ethers.parseEther("1"));
    await setCurator(suite.datanet, admin, datanetId, admin.address, true);
    const text = Buffer.from("function transfer(address to, uint256 amount) external returns (bool) { return true; }");
    const { contributionId } = await contributeBytes(suite.datanet, suite.token, store, admin, datanetId, text);
    await reviewContribution(suite.datanet, admin, contributionId, { approve: true, qualityBps: 9_000 });
    const { version } = await publishVersion(suite.datanet, admin, datanetId);
    const modelsDir = path.join(node.tmp, "models");
    const { modelId } = await trainAndRegister(suite, store, admin, {
      datanetId,
      version,
      feePerInference: ethers.parseEther("1"),
      modelsDir,
    });
    await mkdir(path.join(node.tmp, "logs"));
    const logFile = path.join(node.tmp, "logs", "server-1.jsonl");
    await inferAndPay(suite, admin, { modelId, prompt: "function transfer(", seed: "1", modelsDir, logFile });
  });

  it("exits with the error code and prints the error as a status object when the state cannot be used", async function () {
    const broken = path.join(node.tmp, "broken");
    await mkdir(broken);
    await writeFile(path.join(broken, "journal.json"), "not json");
    const { code, status } = await payout("--state", broken);
    expect([code, status.outcome, status.exitCode]).to.deep.equal([EXIT_CODES.error, "error", 1]);
    expect(status.error).to.include("journal.json is not JSON");
  });

  it("posts the epoch and exits with the waiting code, the network named on stderr", async function () {
    const { code, status, stderr } = await payout("--state", path.join(node.tmp, "state"));
    expect([code, status.outcome, status.pendingEpoch]).to.deep.equal([EXIT_CODES.waiting, "waiting", 1]);
    expect(status.actions.map((a) => a.step)).to.deep.equal(["settle", "post", "verify"]);
    expect(stderr).to.include(`network localhost (http://127.0.0.1:${node.anvil.port}), chain id 31337`);
  });

  it("after the window, claims and exits 0; then a dry run finds nothing to do and exits with that code", async function () {
    await advance(node.provider, 3_601);
    const done = await payout("--state", path.join(node.tmp, "state"), "--batch", "1");
    expect([done.code, done.status.outcome]).to.deep.equal([EXIT_CODES.done, "done"]);
    expect(done.status.actions.map((a) => a.step)).to.deep.equal(["accept", "claim"]);
    const idle = await payout("--state", path.join(node.tmp, "state"), "--dry-run");
    expect([idle.code, idle.status.outcome, idle.status.dryRun]).to.deep.equal([2, "nothing-to-do", true]);
  });

  it("rewards:set-window from an account without the admin role writes the proposal, prints gov:propose and exits 2", async function () {
    const file = path.join(node.tmp, "window.json");
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
        ` --network localhost --deployment-id ${node.deploymentId}`,
    );
    expect(JSON.parse(await readFile(file, "utf8"))).to.deep.equal(printed.proposal);
  });
});
