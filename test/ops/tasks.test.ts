// The operations tasks against a separate node (anvil): deploy, contribute, train, infer, settle, verify, claim.
import { expect } from "chai";
import { ethers } from "hardhat";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { ContentStore } from "../../src/store/ContentStore";
import type { AttributionRewards, Datanet } from "../../typechain-types";
import { readSubmission } from "../../src/read/submissions";
import { ROOT, useSeparateNode } from "../helpers/node";

const ERC20 = path.join(ROOT, "node_modules", "@openzeppelin", "contracts", "token", "ERC20", "ERC20.sol");

describe("Operations tasks on a separate node", function () {
  const node = useSeparateNode("ops");
  const { hardhat } = node;
  const cleanup: string[] = [];
  const common = () => ["--store", path.join(node.tmp, "store")];

  after(async function () {
    for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
  });

  it("refuses to run before the suite is deployed, saying how to deploy", async function () {
    await expect(hardhat("datanet:contribute", "--datanet", "1", "--file", ERC20, ...common())).to.be.rejectedWith(
      "deploy first with `npx hardhat deploy --network <name>`",
    );
  });

  it("contributes a file, trains, infers, settles, verifies and claims through the tasks", async function () {
    const deployed = JSON.parse(await hardhat("deploy", "--json")) as {
      addresses: Record<string, string>;
    };
    const owner = await node.provider.getSigner(0);
    const datanet = (await ethers.getContractAt("Datanet", deployed.addresses.datanet, owner)) as unknown as Datanet;
    expect(await hardhat("datanet:create", "--uri", "ipfs://ops", "--stake", "1", ...common())).to.match(
      /^Datanet 1 created \(stake 1 OPEN\)/,
    );
    expect(await hardhat("datanet:curator", "--datanet", "1", "--account", owner.address, ...common())).to.equal(
      `${owner.address} now curates datanet 1\n`,
    );
    expect((await datanet.getDatanet(1n)).stake).to.equal(ethers.parseEther("1"));
    const rewards = (await ethers.getContractAt(
      "AttributionRewards",
      deployed.addresses.rewards,
      owner,
    )) as unknown as AttributionRewards;
    const window = await rewards.MIN_CHALLENGE_WINDOW();
    await (await rewards.setChallengeWindow(window)).wait();

    const contributed = await hardhat("datanet:contribute", "--datanet", "1", "--file", ERC20, ...common());
    expect(contributed).to.match(/^Contribution 1 to datanet 1/);
    const bytes = await readFile(ERC20);
    const contribution = await readSubmission(datanet, 1n);
    expect(contribution.contentHash).to.equal(ethers.keccak256(bytes));
    expect(contribution.sizeBytes).to.equal(BigInt(bytes.length));
    const stored = await new ContentStore(path.join(node.tmp, "store")).get(contribution.contentHash);
    expect(Buffer.from(stored).equals(bytes)).to.equal(true);

    await expect(hardhat("datanet:review", "--contribution", "1", ...common())).to.be.rejectedWith(
      "give either --quality BPS or --reject",
    );
    expect(await hardhat("datanet:review", "--contribution", "1", "--quality", "9000", ...common())).to.match(
      /^Contribution 1 approved with quality 9000/,
    );
    expect((await datanet.getContribution(1n)).qualityBps).to.equal(9_000n);
    expect(await hardhat("datanet:publish", "--datanet", "1", ...common())).to.equal(
      "Datanet 1 version 1 covers its first 1 approved contributions\n",
    );

    const trained = await hardhat("model:train", "--datanet", "1", "--datanet-version", "1", "--fee", "2", ...common());
    expect(trained).to.match(/^Model 1 trained on 1 contributions/);
    cleanup.push(trained.match(/weights file (\S+)/)![1]);

    const log = path.join(node.tmp, "inferences.jsonl");
    const inferred = await hardhat(
      "model:infer",
      "--model",
      "1",
      "--prompt",
      "function transferFrom(address from,",
      "--seed",
      "7",
      "--log",
      log,
      ...common(),
    );
    expect(inferred).to.match(/Inference 0x[0-9a-f]{64}\n {2}paid 2\.0 OPEN/);

    const settled = await hardhat("attribution:settle", "--epoch", "1", "--inferences", log, ...common());
    expect(settled).to.match(/^Epoch 1 posted/);
    expect(settled).to.include("total       1.0 OPEN");
    // model:train put the weights in the store, so settlement reran them and proved the logged output.
    expect(settled).to.include("receipts    1, 1 with a proven output");
    expect(settled).to.include("rejected    0 log entries");
    const proofs = settled.match(/proofs {6}(\S+)/)![1];
    cleanup.push(path.dirname(path.join(ROOT, proofs)));

    await expect(hardhat("attribution:settle", "--epoch", "3", "--inferences", log, ...common())).to.be.rejectedWith(
      "--epoch 3 is not the next epoch: 2 is",
    );
    expect(await hardhat("attribution:verify", "--epoch", "1", ...common())).to.match(/^Epoch 1: match/);
    const report = JSON.parse(await hardhat("attribution:verify", "--epoch", "1", "--json", ...common()));
    expect([report.ok, report.problems, report.leaves]).to.deep.equal([true, [], []]);

    await node.provider.send("evm_increaseTime", [Number(window)]);
    await node.provider.send("evm_mine", []);
    const claimed = await hardhat("rewards:claim", "--proofs", proofs, "--all", ...common());
    expect(claimed).to.equal(`Paid 1.0 OPEN to ${owner.address}\n`);

    // The deployer is the protocol treasury and the model's owner: it withdraws the other 1.0 OPEN of the fee.
    const accrued = await rewards.accrued(owner.address);
    expect(accrued).to.equal(ethers.parseEther("1"));
    expect(await hardhat("rewards:withdraw", ...common())).to.equal(`Withdrew 1.0 OPEN to ${owner.address}\n`);
    expect(await rewards.accrued(owner.address)).to.equal(0n);
    expect(await rewards.totalOwed()).to.equal(0n);

    // The status page of the same deployment: what it holds, from the attributor's proofs folder.
    const page = path.join(path.dirname(proofs), "status.html");
    expect(await hardhat("status", "--html", page)).to.equal(
      `Wrote ${page}: 1 datanets, 1 models, 0 agents, 1 epochs, 1 earners\n`,
    );
    const status = JSON.parse(await hardhat("status", "--json"));
    expect([status.epochs[0].state, status.earners[0].account, status.earners[0].claimable]).to.deep.equal([
      "accepted",
      owner.address,
      "0",
    ]);
  });

  it("refuses bad arguments against the deployed suite before sending anything, naming each", async function () {
    const owner = await node.provider.getSigner(0);
    const before = {
      block: await node.provider.getBlockNumber(),
      nonce: await node.provider.getTransactionCount(owner),
    };
    const refusals: [string[], string][] = [
      [["datanet:create", "--uri", "u", "--stake", "abc"], '--stake: "abc" is not an amount of OPEN'],
      [["datanet:create", "--uri", "u", "--stake", "0"], "--stake: a datanet's stake must be more than 0 OPEN"],
      [["datanet:review", "--contribution", "1", "--quality", "20000"], '--quality: "20000" is not a quality score'],
      [["rewards:withdraw", "--to", "0x123"], '--to: "0x123" is not an address'],
    ];
    for (const [args, message] of refusals) {
      const failed = await hardhat(...args, ...common()).then(
        () => expect.fail(`${args.join(" ")} succeeded`),
        (error: { stderr: string }) => error.stderr,
      );
      // Hardhat's own line; a stack follows only with --show-stack-traces (or on a CI server, where Hardhat adds it).
      // On a CI server Hardhat colours the line: compare the text without its ANSI escapes.
      const line = failed
        .replace(/\x1b\[[0-9;]*m/g, "")
        .trimStart()
        .split("\n")[0];
      expect(line.startsWith(`Error in plugin openledger: ${message}`), line).to.equal(true);
    }
    expect(await node.provider.getBlockNumber(), "no block was mined").to.equal(before.block);
    expect(await node.provider.getTransactionCount(owner), "no transaction was sent").to.equal(before.nonce);
  });
});
