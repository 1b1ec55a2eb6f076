// OpenToken: the gas of a transfer against OpenZeppelin's ERC20Permit, and votes kept exact by the packed words.
import { expect } from "chai";
import fc from "fast-check";
import hre, { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { OpenToken__factory, OzPermitToken__factory } from "../../typechain-types";
import { isCoverageRun } from "../../src/chain/config";

const SUPPLY = ethers.parseEther("1000000000");
const NEW_HOLDER = "0x00000000000000000000000000000000000000a1";

async function deployTokens() {
  const signers = await ethers.getSigners();
  const [deployer] = signers;
  const token = await new OpenToken__factory(deployer).deploy(deployer.address);
  const oz = await new OzPermitToken__factory(deployer).deploy(SUPPLY);
  return { token, oz, holders: signers.slice(0, 4) };
}

async function gasOf(tx: Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>): Promise<bigint> {
  return (await (await tx).wait())!.gasUsed;
}

describe("OpenToken", function () {
  describe("gas", function () {
    it("transfers to a new holder for at most 52,000 gas, within 500 of OpenZeppelin's ERC20Permit", async function () {
      const { token, oz } = await loadFixture(deployTokens);
      const open = await gasOf(token.transfer(NEW_HOLDER, 1n));
      const baseline = await gasOf(oz.transfer(NEW_HOLDER, 1n));
      console.log(
        "      transfer to a new holder: OPEN %d gas, OpenZeppelin ERC20Permit %d gas",
        Number(open),
        Number(baseline),
      );
      if (!isCoverageRun(hre)) {
        expect(open).to.be.at.most(52_000n);
        expect(open - baseline).to.be.at.most(500n);
      }
    });

    it("still writes the checkpoints of a delegated holder's transfer", async function () {
      const { token, holders } = await loadFixture(deployTokens);
      const [treasury, alice] = holders;
      await token.delegate(alice.address);
      await token.transfer(NEW_HOLDER, 1n);
      expect(await token.getVotes(alice.address)).to.equal(SUPPLY - 1n);
      expect(await token.numCheckpoints(alice.address)).to.equal(2n);
      expect(await token.balanceOf(treasury.address)).to.equal(SUPPLY - 1n);
    });
  });

  describe("packed balances and delegatees", function () {
    // Each holder's word holds its balance and its delegatee: whatever the order of transfers, delegations and
    // burns, every balance, delegatee and vote count must be what a plain ledger says.
    it("keeps balances, delegatees, votes and the supply exact under any sequence of transfers, delegations and burns", async function () {
      const action = fc.oneof(
        fc.record({ kind: fc.constant("transfer" as const), from: fc.nat(3), to: fc.nat(3), share: fc.nat(100) }),
        fc.record({ kind: fc.constant("delegate" as const), from: fc.nat(3), to: fc.nat(4) }),
        fc.record({ kind: fc.constant("burn" as const), from: fc.nat(3), share: fc.nat(100) }),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 12 }), async (actions) => {
          const { token, holders } = await loadFixture(deployTokens);
          const addresses = holders.map((h) => h.address);
          const balances = [SUPPLY, 0n, 0n, 0n];
          const delegatee: (string | undefined)[] = [undefined, undefined, undefined, undefined];
          let supply = SUPPLY;
          for (const a of actions) {
            const amount = a.kind === "delegate" ? 0n : (balances[a.from] * BigInt(a.share)) / 100n;
            if (a.kind === "transfer") {
              await token.connect(holders[a.from]).transfer(addresses[a.to], amount);
              balances[a.from] -= amount;
              balances[a.to] += amount;
            } else if (a.kind === "burn") {
              await token.connect(holders[a.from]).burn(amount);
              balances[a.from] -= amount;
              supply -= amount;
            } else {
              // Index 4 delegates to the zero address: the holder's votes are withdrawn.
              const to = a.to === 4 ? ethers.ZeroAddress : addresses[a.to];
              await token.connect(holders[a.from]).delegate(to);
              delegatee[a.from] = a.to === 4 ? undefined : to;
            }
          }
          expect(await token.totalSupply()).to.equal(supply);
          for (const [i, address] of addresses.entries()) {
            expect(await token.balanceOf(address)).to.equal(balances[i]);
            expect(await token.delegates(address)).to.equal(delegatee[i] ?? ethers.ZeroAddress);
            const votes = balances.reduce((sum, b, j) => (delegatee[j] === address ? sum + b : sum), 0n);
            expect(await token.getVotes(address)).to.equal(votes);
          }
        }),
        { numRuns: 25 },
      );
    });
  });
});
