// With the real registries: a model transferred as an ERC-721 pays its new owner from then on.
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { deploySuite } from "../../src/chain/deploy";
import { DEFAULT_SHARES } from "../helpers/rewards";
import { expectedSplit, splitTuple } from "../helpers/split";

async function suiteWithModel() {
  const [deployer, builder, buyer, user] = await ethers.getSigners();
  const suite = await deploySuite(hre);
  const fee = ethers.parseEther("2");
  await suite.models.connect(builder).registerModel({
    metadataURI: "m",
    weightsHash: ethers.id("weights"),
    feePerInference: fee,
    supersedes: 0n,
    lineage: [],
  });
  await suite.token.connect(deployer).transfer(user.address, ethers.parseEther("100"));
  await suite.token.connect(user).approve(await suite.rewards.getAddress(), ethers.MaxUint256);
  return { ...suite, builder, buyer, user, fee };
}

describe("AttributionRewards with the real registries", function () {
  it("pays a transferred model's new owner, and leaves what the old owner accrued with the old owner", async function () {
    const { models, rewards, builder, buyer, user, fee } = await loadFixture(suiteWithModel);
    await rewards.connect(user).payInference(ethers.id("before"), 1n, 0n, fee);
    const builderBefore = await rewards.accrued(builder.address);
    expect(builderBefore).to.be.greaterThan(0n);

    await models.connect(builder).transferFrom(builder.address, buyer.address, 1n);
    await expect(rewards.connect(user).payInference(ethers.id("after"), 1n, 0n, fee))
      .to.emit(rewards, "InferencePaid")
      .withArgs(
        ethers.id("after"),
        user.address,
        1n,
        0n,
        buyer.address,
        ethers.ZeroAddress,
        ethers.ZeroAddress,
        fee,
        splitTuple(expectedSplit(fee, DEFAULT_SHARES, false, false)),
      );

    expect(await rewards.accrued(builder.address)).to.equal(builderBefore);
    expect(await rewards.accrued(buyer.address)).to.equal(builderBefore);
    await expect(rewards.connect(buyer).withdraw(buyer.address)).to.changeTokenBalance(
      await ethers.getContractAt("OpenToken", await rewards.token()),
      buyer,
      builderBefore,
    );
  });
});
