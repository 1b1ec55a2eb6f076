// The status page: what it reads of a deployment, and that it loads in headless Chromium with every chart drawn.
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { deploySuite } from "../../src/chain/deploy";
import { contributeBytes, createDatanet } from "../../src/ops/data";
import { registerAgent, trainAndRegister } from "../../src/ops/factory";
import { claimWithProofs, proofsDir, settleNextEpoch } from "../../src/ops/settlement";
import { dumpDom, findChromium } from "../../src/report/browser";
import { readProofsFile } from "../../src/settlement/files";
import { readStatus } from "../../src/status/snapshot";
import { renderStatusHtml, writeStatusPage } from "../../src/status/html";
import { ContentStore } from "../../src/store/ContentStore";

const FILES = [
  "contract Alpha { function alpha() public pure returns (uint256) { return 1; } }",
  "contract Beta { function beta() public pure returns (uint256) { return 2; } }",
  "contract Gamma { function gamma() public pure returns (uint256) { return 3; } }",
];
let tmp: string;

/** Two epochs settled, the first accepted and claimed by one contributor, the second pending. */
async function world() {
  const [deployer, alice, bob, builder, payer, curator] = await ethers.getSigners();
  const suite = await deploySuite(hre);
  const { token, datanet, models, agents, rewards } = suite;
  const store = new ContentStore(path.join(tmp, `store-${Date.now()}`));
  const base = path.join(tmp, `settlements-${Date.now()}`);
  for (const who of [alice, bob, payer]) await token.transfer(who.address, ethers.parseEther("100"));
  await token.connect(payer).approve(rewards, ethers.MaxUint256);
  await createDatanet(datanet, deployer, "ipfs://status", ethers.parseEther("1"));
  await datanet.setCurator(1n, curator.address, true);
  for (const [i, text] of FILES.entries()) {
    const { contributionId } = await contributeBytes(
      datanet,
      token,
      store,
      i === 0 ? alice : bob,
      1n,
      Buffer.from(text),
    );
    await datanet.connect(curator).approve(contributionId, 10_000);
  }
  await datanet.publishVersion(1n);
  const fee = ethers.parseEther("1");
  const trained = await trainAndRegister({ datanet, models }, store, builder, {
    datanetId: 1n,
    version: 1,
    feePerInference: fee,
    modelsDir: path.join(tmp, "models"),
  });
  await registerAgent(agents, builder, "ipfs://agent", [trained.modelId], 0n);
  const settle = async (payments: number) => {
    for (let i = 0; i < payments; i++) {
      await rewards.connect(payer).payInference(ethers.id(`status ${payments} ${i}`), trained.modelId, 0n, fee);
    }
    return settleNextEpoch(suite, store, deployer, { log: [], baseDir: base });
  };
  const first = await settle(2);
  await time.increase(await rewards.challengeWindow());
  await claimWithProofs(rewards, alice, await readProofsFile(first.files.proofs), [alice.address]);
  await settle(1);
  // The folder the attributor writes its proofs files to, under its base.
  return { suite, proofs: await proofsDir(rewards, base), alice, bob };
}

describe("status", function () {
  before(async function () {
    tmp = await mkdtemp(path.join(os.tmpdir(), "status-"));
  });
  after(async function () {
    await rm(tmp, { recursive: true, force: true });
  });

  it("reads epochs with their states, what each added, and the pending root's countdown", async function () {
    const { suite, proofs } = await loadFixture(world);
    const status = await readStatus(suite, "hardhat", { proofs });
    expect(status.epochs.map((e) => e.state)).to.deep.equal(["accepted", "pending"]);
    const [first, second] = status.epochs;
    expect(first.payout).to.equal(first.totalAllocated);
    expect(second.payout).to.equal(second.totalAllocated - first.totalAllocated);
    expect(second.payout > 0n).to.equal(true);
    expect(second.secondsToClaimable).to.be.greaterThan(0);
    expect(second.secondsToClaimable).to.be.at.most(Number(await suite.rewards.challengeWindow()));
    expect(first.secondsToClaimable).to.equal(0);
    expect([status.datanets.length, status.models.length, status.agents.length]).to.deep.equal([1, 1, 1]);
  });

  it("lists the latest proofs file's earners, most entitled first, and nothing claimable while its root is pending", async function () {
    const { suite, proofs, alice, bob } = await loadFixture(world);
    const status = await readStatus(suite, "hardhat", { proofs });
    expect(status.proofsEpoch).to.equal(2);
    const amounts = status.earners.map((e) => e.cumulativeAmount);
    expect(amounts).to.deep.equal([...amounts].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
    expect(status.earners.map((e) => e.account).sort()).to.deep.equal([alice.address, bob.address].sort());
    const claimedByAlice = status.earners.find((e) => e.account === alice.address)!.claimed;
    expect(claimedByAlice).to.equal(await suite.rewards.claimed(alice.address));
    expect(claimedByAlice > 0n).to.equal(true);
    expect(status.earners.map((e) => e.claimable)).to.deep.equal([0n, 0n]);
  });

  it("shows what is claimable once the pending root is accepted", async function () {
    const { suite, proofs, alice } = await loadFixture(world);
    await time.increase(await suite.rewards.challengeWindow());
    await suite.rewards.acceptRoot();
    const status = await readStatus(suite, "hardhat", { proofs });
    expect(status.epochs.map((e) => e.state)).to.deep.equal(["superseded", "accepted"]);
    for (const earner of status.earners) {
      expect(earner.claimable).to.equal(earner.cumulativeAmount - (await suite.rewards.claimed(earner.account)));
    }
    expect(status.earners.find((e) => e.account === alice.address)!.claimable > 0n).to.equal(true);
  });

  it("embeds the snapshot with bigints as decimal strings, and no string in it can close the script", async function () {
    const { suite, proofs } = await loadFixture(world);
    const status = await readStatus(suite, "hardhat", { proofs });
    status.datanets[0].metadataURI = "</script><b></b>";
    const html = renderStatusHtml(status);
    const embedded = html.match(/<script id="status" type="application\/json">([^]*?)<\/script>/)![1];
    const parsed = JSON.parse(embedded);
    expect(parsed.datanets[0].metadataURI).to.equal("</script><b></b>");
    expect(parsed.rewards.funded).to.equal(status.rewards.funded.toString());
  });

  describe("in headless Chromium", function () {
    const chromium = findChromium();

    before(function () {
      if (!chromium) {
        if (process.env.CI) throw new Error("CI must install Chromium (apt-get install chromium) for the status test");
        console.log("    (skipped: no Chromium installed; `apt-get install chromium` to run it)");
        this.skip();
      }
    });

    it("loads without script errors and draws a bar per epoch and per earner, and every table", async function () {
      const { suite, proofs } = await loadFixture(world);
      const status = await readStatus(suite, "hardhat", { proofs });
      const file = path.join(tmp, "page", "status.html");
      await writeStatusPage(file, status);
      const dom = await dumpDom(chromium!, file);
      expect(dom).to.include('data-rendered="ok"');
      const section = (id: string) => dom.split(`id="${id}"`)[1].split("</div>")[0];
      expect(section("chart-payouts").match(/<rect/g)).to.have.length(status.epochs.length);
      expect(section("chart-earners").match(/<rect/g)).to.have.length(status.earners.length);
      for (const id of ["ledger", "epochs", "datanets", "models", "agents"]) {
        expect(section(id), id).to.include("<table>");
      }
      expect(section("epochs")).to.match(/pending<\/td>.*in \d/);
      expect(await readFile(file, "utf8")).to.not.match(/https?:\/\/(?!www\.w3\.org)/);
    });

    it("reports a script error instead of claiming it rendered", async function () {
      const { suite, proofs } = await loadFixture(world);
      const file = path.join(tmp, "broken.html");
      const status = await readStatus(suite, "hardhat", { proofs });
      await writeStatusPage(file, { ...status, epochs: null as never });
      expect(await dumpDom(chromium!, file)).to.match(/data-rendered="error: /);
    });
  });
});
