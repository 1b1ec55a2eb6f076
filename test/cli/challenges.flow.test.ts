// The challenge and stake tasks against a separate node (anvil): stake, challenge a posted root with a file, read
// the challenge back, write its resolution proposal, let it expire, withdraw the forfeited bond, request the stake.
import { expect } from "chai";
import { ethers } from "hardhat";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { keccak256 } from "ethers";
import type { AttributionRewards } from "../../typechain-types";
import { advance, useSeparateNode } from "../helpers/node";

describe("Challenge and stake tasks on a separate node", function () {
  const node = useSeparateNode("challenges");
  const { hardhat } = node;

  it("stakes, challenges a root with a file, writes the resolution, expires it and pays the treasury", async function () {
    const deployed = JSON.parse(await hardhat("deploy", "--json")) as { addresses: Record<string, string> };
    const owner = await node.provider.getSigner(0);
    expect(await hardhat("attributor:stake", "--amount", "1000")).to.equal(
      `Staked 1000.0 OPEN as ${owner.address}: 1000.0 OPEN active, 0.0 OPEN unstaking\n`,
    );
    const rewards = (await ethers.getContractAt(
      "AttributionRewards",
      deployed.addresses.rewards,
      owner,
    )) as unknown as AttributionRewards;
    await (await rewards.postRoot(ethers.id("a bad root"), 0n, ethers.id("data"), "ipfs://data")).wait();

    const report = path.join(node.tmp, "verify.json");
    await writeFile(report, JSON.stringify({ epoch: 1, matches: false }));
    const store = path.join(node.tmp, "store");
    const challenged = JSON.parse(
      await hardhat("rewards:challenge", "--epoch", "1", "--evidence", report, "--store", store, "--json"),
    ) as { challengeId: string; evidenceHash: string; evidenceURI: string; bond: string };
    const hash = keccak256(await readFile(report));
    expect(challenged).to.include({
      challengeId: "1",
      evidenceHash: hash,
      bond: ethers.parseEther("10000").toString(),
    });
    expect(challenged.evidenceURI).to.equal(`openledger-store:keccak256:${hash}`);
    expect(await hardhat("rewards:status")).to.include("held by a challenge");

    const listed = JSON.parse(await hardhat("rewards:challenges", "--json")) as { challenges: { status: string }[] };
    expect(listed.challenges.map((c) => c.status)).to.deep.equal(["Open"]);
    const proposal = path.join(node.tmp, "resolve.json");
    expect(await hardhat("rewards:resolution", "--id", "1", "--outcome", "uphold", "--out", proposal)).to.include(
      `gov:propose --actions ${proposal} --description "Uphold challenge 1 of the root of epoch 1`,
    );
    expect(JSON.parse(await readFile(proposal, "utf8"))).to.deep.equal({
      actions: [{ target: "challenges", signature: "resolveChallenge(uint256,bool)", args: ["1", true] }],
    });

    await advance(node.provider, 15 * 24 * 60 * 60);
    expect(await hardhat("rewards:expire-challenge", "--id", "1")).to.match(/^Challenge 1 expired in transaction/);
    // The deployer is the treasury: it takes the forfeited bond.
    expect(await hardhat("rewards:challenge-withdraw")).to.match(/^Withdrew 10000.0 OPEN to 0x/);
    expect(await hardhat("attributor:unstake", "--amount", "400")).to.match(/^Requested 400.0 OPEN back; 400.0 OPEN/);
    const shown = JSON.parse(await hardhat("attributor:show", "--json")) as { active: string; unstaking: string };
    expect(shown).to.include({
      active: ethers.parseEther("600").toString(),
      unstaking: ethers.parseEther("400").toString(),
    });
  });
});
