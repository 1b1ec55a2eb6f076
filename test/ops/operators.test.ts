// The operator commands against a separate node (anvil): --from picks the sender, the banner goes to stderr while
// --json stdout stays parseable, token and show commands, and a deployment record made stale by a node restart.
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { Wallet } from "ethers";
import { startAnvil } from "../../src/chain/anvil";
import { isCoverageRun } from "../../src/chain/config";
import { useSeparateNode } from "../helpers/node";
import { REWARDS_STATUS_FIELDS } from "../helpers/read";

describe("Operator commands on a separate node", function () {
  const operator = Wallet.createRandom();
  const node = useSeparateNode("operators", { OPERATOR_KEY: operator.privateKey });
  const hardhat = node.task;
  const json = async (...args: string[]) =>
    JSON.parse((await hardhat(...args, "--json")).stdout) as Record<string, unknown>;

  let deployStderr = "";

  before(async function () {
    deployStderr = (await hardhat("deploy")).stderr;
    const funder = await node.provider.getSigner(0);
    await (await funder.sendTransaction({ to: operator.address, value: ethers.parseEther("1") })).wait();
  });

  it("sends from the account --from names: an index, or a key in the environment", async function () {
    const third = await node.provider.getSigner(2);
    const { stdout } = await hardhat("datanet:create", "--uri", "ipfs://a", "--stake", "1", "--from", "2");
    const hash = stdout.match(/transaction (0x[0-9a-f]{64})/)![1];
    expect((await node.provider.getTransaction(hash))!.from).to.equal(third.address);

    await hardhat("datanet:create", "--uri", "ipfs://b", "--stake", "1", "--from", "env:OPERATOR_KEY");
    const shown = await json("datanet:show", "--datanet", "2");
    expect(shown.owner).to.equal(operator.address);
  });

  it("states the network, endpoint and chain id on stderr, leaving --json stdout parseable", async function () {
    const [, second] = [await node.provider.getSigner(0), await node.provider.getSigner(1)];
    const { stdout, stderr } = await hardhat("token:transfer", "--to", second.address, "--amount", "2.5", "--json");
    const banner = `network localhost (http://127.0.0.1:${node.anvil.port}), chain id 31337`;
    expect(stderr).to.include(banner);
    expect(deployStderr, "deploy states it too, before deploying").to.include(banner);
    const sent = JSON.parse(stdout) as Record<string, string>;
    expect(sent).to.include({ to: second.address, amount: ethers.parseEther("2.5").toString() });
    expect(sent.transaction).to.match(/^0x[0-9a-f]{64}$/);
    const balance = await json("token:balance", "--account", second.address);
    expect(balance).to.include({ account: second.address, balance: ethers.parseEther("2.5").toString() });
  });

  it("refuses a transfer larger than the sender's balance before sending", async function () {
    const nonce = await node.provider.getTransactionCount(operator.address);
    await expect(
      hardhat("token:transfer", "--to", operator.address, "--amount", "1", "--from", "env:OPERATOR_KEY"),
    ).to.be.rejectedWith(`${operator.address} holds 0.0 OPEN, less than the 1.0 OPEN to send`);
    expect(await node.provider.getTransactionCount(operator.address)).to.equal(nonce);
  });

  it("shows datanets, contributions, models, agents and the rewards ledger as JSON with the documented fields", async function () {
    const list = (await hardhat("datanet:list", "--json")).stdout;
    expect((JSON.parse(list) as { id: string }[]).map((d) => d.id)).to.deep.equal(["1", "2"]);
    expect(await json("model:list")).to.deep.equal([]);
    expect(await json("agent:list")).to.deep.equal([]);
    const status = await json("rewards:status");
    for (const field of REWARDS_STATUS_FIELDS) expect(status, field).to.have.property(field);
    await expect(hardhat("datanet:show", "--datanet", "9")).to.be.rejectedWith("--datanet: there is no datanet 9");
    await expect(hardhat("contribution:show", "--contribution", "1")).to.be.rejectedWith(
      "--contribution: there is no contribution 1: 0 exist",
    );
  });

  it("refuses to redeploy the recorded deployment with other parameters, saying what to do", async function () {
    const other = ethers.Wallet.createRandom().address;
    const failure = hardhat("deploy", "--treasury", other);
    await expect(failure).to.be.rejectedWith(`deployment "${node.deploymentId}" was made with other parameters`);
    await expect(failure).to.be.rejectedWith("deploy under a new --deployment-id");
  });

  it("refuses a deployment record whose contracts vanished with a node restart, saying what to do", async function () {
    const port = node.anvil.port;
    await node.anvil.stop();
    node.anvil = await startAnvil({ port, disableCodeSizeLimit: isCoverageRun(hre) });
    const failure = hardhat("token:balance");
    await expect(failure).to.be.rejectedWith(/the deployment record .* is stale: OpenLedger#OpenToken at 0x/);
    await expect(failure).to.be.rejectedWith(/Delete .*chain|Delete .*test-operators/);
    await expect(failure).to.be.rejectedWith("or pass --deployment-id");
  });
});
