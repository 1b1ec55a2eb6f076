// Datanet: a stake token that calls back cannot reenter anything that moves stakes.
import { expect } from "chai";
import { ethers } from "hardhat";
import { Datanet__factory, ReentrantStakeToken__factory } from "../../typechain-types";
import { batchInputs, contentHash, contributionsOf, REVIEW_PERIOD, STAKE, Status } from "./fixtures";
import { expectUnchanged, plain } from "../helpers/snapshot";

describe("Datanet", function () {
  describe("reentrancy", function () {
    it("stops a token that calls back into any function that moves stakes", async function () {
      const [deployer] = await ethers.getSigners();
      const token = await new ReentrantStakeToken__factory(deployer).deploy();
      const datanet = await new Datanet__factory(deployer).deploy(await token.getAddress(), deployer.address);
      const datanetAddress = await datanet.getAddress();
      await token.approve(datanetAddress, ethers.MaxUint256);
      await datanet.createDatanet("", STAKE, deployer.address, REVIEW_PERIOD);
      await datanet.setCurator(1n, deployer.address, true);
      await datanet.contribute(1n, contentHash("a"), 1n, "");
      const permit = { value: 0n, deadline: 0n, v: 27, r: ethers.ZeroHash, s: ethers.ZeroHash };
      const inputs = batchInputs("b", 1);
      const reentries = [
        datanet.interface.encodeFunctionData("contribute", [1n, contentHash("b"), 1n, ""]),
        datanet.interface.encodeFunctionData("contributeWithPermit", [1n, contentHash("b"), 1n, "", permit]),
        datanet.interface.encodeFunctionData("contributeBatch", [1n, inputs]),
        datanet.interface.encodeFunctionData("contributeBatchWithPermit", [1n, inputs, permit]),
        datanet.interface.encodeFunctionData("approve", [1n, 1]),
        datanet.interface.encodeFunctionData("reject", [1n]),
        datanet.interface.encodeFunctionData("withdraw", [1n]),
        datanet.interface.encodeFunctionData("reveal", [1n, [{ ...inputs[0], salt: ethers.ZeroHash }]]),
        datanet.interface.encodeFunctionData("sweep", [deployer.address]),
      ];
      const state = async () => ({
        contribution: plain(await datanet.getContribution(1n)),
        contributionCount: await datanet.contributionCount(),
        totalStaked: await datanet.totalStaked(),
        held: await token.balanceOf(datanetAddress),
        deployerBalance: await token.balanceOf(deployer.address),
        listed: await contributionsOf(datanet, deployer.address),
      });
      for (const callData of reentries) {
        // Pulling a stake in (transferFrom) and paying one out (transfer) both call the token.
        await token.reenterOnNextTransfer(datanetAddress, callData);
        await expectUnchanged(state, () =>
          expect(datanet.contribute(1n, contentHash("c"), 1n, "")).to.be.revertedWithCustomError(
            datanet,
            "ReentrancyGuardReentrantCall",
          ),
        );
        await token.reenterOnNextTransfer(datanetAddress, callData);
        await expectUnchanged(state, () =>
          expect(datanet.approve(1n, 1)).to.be.revertedWithCustomError(datanet, "ReentrancyGuardReentrantCall"),
        );
      }
      expect((await datanet.getContribution(1n)).status).to.equal(Status.Pending);
      expect(await datanet.contributionCount()).to.equal(1n);
      expect(await datanet.totalStaked()).to.equal(STAKE);
      expect(await token.balanceOf(datanetAddress)).to.equal(STAKE);
    });
  });
});
