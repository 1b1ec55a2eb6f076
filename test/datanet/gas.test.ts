// Datanet: gas bounds of contributions and reviews.
import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { batchInputs, contentHash, contribute, deployDatanet, gasUsed, POINTER_URI, STAKE } from "./fixtures";
import { isCoverageRun } from "../../src/chain/config";

describe("Datanet", function () {
  describe("gas", function () {
    // Datanet already holds stake (bob's), as a live contract does; alice then contributes for the first time.
    it("costs at most 120k gas for a contributor's first contribution, 100k for a later one and 50k per item in a batch of 50", async function () {
      // Instrumented code spends more gas per statement: under coverage the calls run but the ceilings are not checked.
      const instrumented = isCoverageRun(hre);
      const f = await loadFixture(deployDatanet);
      const { datanet, alice, bob } = f;
      const ipfs = "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
      await contribute(f, bob, "warm-up");
      const first = await gasUsed(datanet.connect(alice).contribute(1n, contentHash("g-0"), 1000n, ""));
      const later = await gasUsed(datanet.connect(alice).contribute(1n, contentHash("g-1"), 1000n, ""));
      // bob's second and third contributions, like alice's second, add to a list word already in use.
      const shortPointer = await gasUsed(datanet.connect(bob).contribute(1n, contentHash("g-2"), 1n, POINTER_URI));
      const ipfsPointer = await gasUsed(datanet.connect(bob).contribute(1n, contentHash("g-3"), 1n, ipfs));
      const batch = await gasUsed(datanet.connect(alice).contributeBatch(1n, batchInputs("g-batch", 50)));
      const batchIpfs = await gasUsed(datanet.connect(alice).contributeBatch(1n, batchInputs("g-ipfs", 50, ipfs)));
      console.log(
        "      one contribution, no pointer: %d gas (a contributor's first), %d gas (a later one)\n" +
          "      one contribution with a %d-byte pointer: %d gas; with a %d-byte IPFS pointer: %d gas\n" +
          "      a batch of 50, no pointer: %d gas, %d per item; with IPFS pointers: %d per item",
        ...[
          first,
          later,
          POINTER_URI.length,
          shortPointer,
          ipfs.length,
          ipfsPointer,
          batch,
          batch / 50n,
          batchIpfs / 50n,
        ].map(Number),
      );
      if (!instrumented) {
        // Two fresh slots per contribution (its record and its hash's holder): 44,200 gas of the 100k. Each pull
        // also reads the balance twice to check that exactly the stake arrived (a fee-on-transfer token fails).
        expect(first).to.be.at.most(120_000n);
        expect(later).to.be.at.most(100_000n);
        expect(batch / 50n).to.be.at.most(50_000n);
        expect(batchIpfs / 50n).to.be.lessThan(ipfsPointer);
      }
      expect(await datanet.totalStaked()).to.equal(STAKE * 105n);
    });
  });
});
