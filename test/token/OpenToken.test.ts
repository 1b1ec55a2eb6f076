// OpenToken: fixed supply, no mint path, permit, votes on a timestamp clock, burn.
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { Signer } from "ethers";
import { OpenToken__factory, type OpenToken } from "../../typechain-types";
import { signPermit, type PermitSignature } from "../helpers/permit";
import { expectUnchanged } from "../helpers/snapshot";

const SUPPLY = ethers.parseEther("1000000000");

async function deployToken() {
  const [deployer, treasury, alice, bob, carol] = await ethers.getSigners();
  const token = await new OpenToken__factory(deployer).deploy(treasury.address);
  return { token, deployer, treasury, alice, bob, carol };
}

type TokenFixture = Awaited<ReturnType<typeof deployToken>>;

/** Everything a refused call could move: supply, balances, allowances between the parties, nonces, delegates, votes. */
async function tokenState({ token, deployer, treasury, alice, bob, carol }: TokenFixture) {
  const people = [deployer, treasury, alice, bob, carol].map((p) => p.address);
  return {
    totalSupply: await token.totalSupply(),
    balances: await Promise.all(people.map((p) => token.balanceOf(p))),
    allowances: await Promise.all(people.flatMap((owner) => people.map((spender) => token.allowance(owner, spender)))),
    nonces: await Promise.all(people.map((p) => token.nonces(p))),
    delegates: await Promise.all(people.map((p) => token.delegates(p))),
    votes: await Promise.all(people.map((p) => token.getVotes(p))),
  };
}

/** `signer`'s EIP-712 delegation of its votes to `delegatee` at nonce 0, valid until `expiry`, for delegateBySig. */
async function signDelegation(token: OpenToken, signer: Signer, delegatee: string, expiry: bigint) {
  const { chainId } = await ethers.provider.getNetwork();
  const domain = { name: "OpenLedger", version: "1", chainId, verifyingContract: await token.getAddress() };
  const types = {
    Delegation: [
      { name: "delegatee", type: "address" },
      { name: "nonce", type: "uint256" },
      { name: "expiry", type: "uint256" },
    ],
  };
  return ethers.Signature.from(await signer.signTypedData(domain, types, { delegatee, nonce: 0n, expiry }));
}

describe("OpenToken", function () {
  describe("supply", function () {
    it("is named OpenLedger, has the symbol OPEN and 18 decimals", async function () {
      const { token } = await loadFixture(deployToken);
      expect(await token.name()).to.equal("OpenLedger");
      expect(await token.symbol()).to.equal("OPEN");
      expect(await token.decimals()).to.equal(18n);
    });

    it("mints exactly one billion OPEN to the treasury at deployment", async function () {
      const { token, treasury, deployer } = await loadFixture(deployToken);
      expect(await token.TOTAL_SUPPLY()).to.equal(SUPPLY);
      expect(await token.totalSupply()).to.equal(SUPPLY);
      expect(await token.balanceOf(treasury.address)).to.equal(SUPPLY);
      expect(await token.balanceOf(deployer.address)).to.equal(0n);
    });

    it("announces the mint with SupplyMinted and a Transfer from the zero address", async function () {
      const [deployer, treasury] = await ethers.getSigners();
      const token = await new OpenToken__factory(deployer).deploy(treasury.address);
      const receipt = await token.deploymentTransaction()!.wait();
      const events = receipt!.logs.map((log) => token.interface.parseLog(log)!);
      expect(events.map((e) => e.name)).to.deep.equal(["Transfer", "SupplyMinted"]);
      expect(events[0].args).to.deep.equal([ethers.ZeroAddress, treasury.address, SUPPLY]);
      expect(events[1].args).to.deep.equal([treasury.address, SUPPLY]);
    });

    it("refuses a zero treasury", async function () {
      const [deployer] = await ethers.getSigners();
      const factory = new OpenToken__factory(deployer);
      await expect(factory.deploy(ethers.ZeroAddress)).to.be.revertedWithCustomError(factory, "ZeroAddress");
    });

    it("exposes no function that can mint after deployment", async function () {
      const { token } = await loadFixture(deployToken);
      const names = token.interface.fragments
        .filter((f) => f.type === "function")
        .map((f) => (f as unknown as { name: string }).name.toLowerCase());
      expect(names.filter((n) => n.includes("mint") || n.includes("issue"))).to.deep.equal([]);
      // A raw call with the usual mint selectors hits no function.
      for (const signature of ["mint(address,uint256)", "mint(uint256)", "_mint(address,uint256)"]) {
        const data = ethers.id(signature).slice(0, 10) + "00".repeat(64);
        await expect(token.runner!.call!({ to: await token.getAddress(), data })).to.be.reverted;
      }
      expect(await token.totalSupply()).to.equal(SUPPLY);
    });
  });

  describe("burn", function () {
    it("burns from the holder's balance and lowers the total supply", async function () {
      const { token, treasury } = await loadFixture(deployToken);
      const amount = ethers.parseEther("1000");
      await expect(token.connect(treasury).burn(amount)).to.changeTokenBalance(token, treasury, -amount);
      expect(await token.totalSupply()).to.equal(SUPPLY - amount);
    });

    it("burns from another holder only within an allowance", async function () {
      const f = await loadFixture(deployToken);
      const { token, treasury, alice } = f;
      const state = () => tokenState(f);
      const amount = ethers.parseEther("10");
      await expectUnchanged(state, () =>
        expect(token.connect(alice).burnFrom(treasury.address, amount))
          .to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance")
          .withArgs(alice.address, 0n, amount),
      );
      await token.connect(treasury).approve(alice.address, amount);
      await token.connect(alice).burnFrom(treasury.address, amount);
      expect(await token.totalSupply()).to.equal(SUPPLY - amount);
      expect(await token.allowance(treasury.address, alice.address)).to.equal(0n);
    });

    it("refuses to burn more than the balance and changes nothing", async function () {
      const f = await loadFixture(deployToken);
      const { token, alice } = f;
      const state = () => tokenState(f);
      await expectUnchanged(state, () =>
        expect(token.connect(alice).burn(1n))
          .to.be.revertedWithCustomError(token, "ERC20InsufficientBalance")
          .withArgs(alice.address, 0n, 1n),
      );
      expect(await token.totalSupply()).to.equal(SUPPLY);
    });
  });

  describe("permit (EIP-2612)", function () {
    it("sets an allowance from a valid signature and consumes the nonce", async function () {
      const { token, treasury, alice } = await loadFixture(deployToken);
      const value = ethers.parseEther("5");
      const sig = await signPermit(token, treasury, alice.address, value);
      await token.connect(alice).permit(treasury.address, alice.address, value, sig.deadline, sig.v, sig.r, sig.s);
      expect(await token.allowance(treasury.address, alice.address)).to.equal(value);
      expect(await token.nonces(treasury.address)).to.equal(1n);
    });

    it("rejects an expired permit", async function () {
      const f = await loadFixture(deployToken);
      const { token, treasury, alice } = f;
      const state = () => tokenState(f);
      const now = BigInt(await time.latest());
      const sig = await signPermit(token, treasury, alice.address, 1n, { deadline: now - 1n });
      await expectUnchanged(state, () =>
        expect(token.permit(treasury.address, alice.address, 1n, sig.deadline, sig.v, sig.r, sig.s))
          .to.be.revertedWithCustomError(token, "ERC2612ExpiredSignature")
          .withArgs(sig.deadline),
      );
      expect(await token.allowance(treasury.address, alice.address)).to.equal(0n);
    });

    /** The treasury's permit of `value` to alice with `sig` is refused as signed by someone else, changing nothing. */
    async function expectInvalidSigner(f: TokenFixture, value: bigint, sig: PermitSignature) {
      const { token, treasury, alice } = f;
      await expectUnchanged(
        () => tokenState(f),
        () =>
          expect(
            token.permit(treasury.address, alice.address, value, sig.deadline, sig.v, sig.r, sig.s),
          ).to.be.revertedWithCustomError(token, "ERC2612InvalidSigner"),
      );
    }

    it("rejects a replayed permit", async function () {
      const f = await loadFixture(deployToken);
      const { token, treasury, alice } = f;
      const sig = await signPermit(token, treasury, alice.address, 7n);
      await token.permit(treasury.address, alice.address, 7n, sig.deadline, sig.v, sig.r, sig.s);
      await token.connect(alice).transferFrom(treasury.address, alice.address, 7n);
      await expectInvalidSigner(f, 7n, sig);
      expect(await token.allowance(treasury.address, alice.address)).to.equal(0n);
    });

    it("rejects a permit signed for another chain", async function () {
      const f = await loadFixture(deployToken);
      await expectInvalidSigner(f, 1n, await signPermit(f.token, f.treasury, f.alice.address, 1n, { chainId: 1n }));
      expect(await f.token.nonces(f.treasury.address)).to.equal(0n);
    });

    it("rejects a permit signed for another contract", async function () {
      const f = await loadFixture(deployToken);
      const { token, treasury, alice, deployer } = f;
      const other = await new OpenToken__factory(deployer).deploy(treasury.address);
      const sig = await signPermit(token, treasury, alice.address, 1n, {
        verifyingContract: await other.getAddress(),
      });
      await expectInvalidSigner(f, 1n, sig);
      expect(await token.allowance(treasury.address, alice.address)).to.equal(0n);
    });

    it("rejects a permit for a different value than signed", async function () {
      const f = await loadFixture(deployToken);
      await expectInvalidSigner(f, 2n, await signPermit(f.token, f.treasury, f.alice.address, 1n));
    });
  });

  describe("votes", function () {
    it("uses a timestamp clock, as EIP-6372 describes", async function () {
      const { token } = await loadFixture(deployToken);
      expect(await token.CLOCK_MODE()).to.equal("mode=timestamp");
      await time.increase(10);
      const now = await time.latest();
      // A view runs in a pending block, which is at or after the latest block's timestamp.
      expect(await token.clock()).to.be.gte(BigInt(now));
    });

    it("counts no votes until a holder delegates", async function () {
      const { token, treasury } = await loadFixture(deployToken);
      expect(await token.getVotes(treasury.address)).to.equal(0n);
      await expect(token.connect(treasury).delegate(treasury.address))
        .to.emit(token, "DelegateChanged")
        .withArgs(treasury.address, ethers.ZeroAddress, treasury.address);
      expect(await token.getVotes(treasury.address)).to.equal(SUPPLY);
      expect(await token.delegates(treasury.address)).to.equal(treasury.address);
    });

    it("moves checkpointed votes with transfers and keeps past totals by timestamp", async function () {
      const { token, treasury, alice, bob } = await loadFixture(deployToken);
      const amount = ethers.parseEther("100");
      await token.connect(treasury).transfer(alice.address, amount);
      await token.connect(alice).delegate(bob.address);
      const afterDelegation = await time.latest();
      expect(await token.getVotes(bob.address)).to.equal(amount);

      await time.increase(60);
      await token.connect(alice).transfer(treasury.address, amount / 4n);
      const afterTransfer = await time.latest();
      expect(await token.getVotes(bob.address)).to.equal((amount * 3n) / 4n);

      await time.increase(60);
      expect(await token.getPastVotes(bob.address, afterDelegation)).to.equal(amount);
      expect(await token.getPastVotes(bob.address, afterTransfer)).to.equal((amount * 3n) / 4n);
      expect(await token.numCheckpoints(bob.address)).to.equal(2n);
    });

    it("tracks the past total supply through burns", async function () {
      const { token, treasury } = await loadFixture(deployToken);
      await token.connect(treasury).burn(ethers.parseEther("1"));
      const afterBurn = await time.latest();
      await time.increase(5);
      expect(await token.getPastTotalSupply(afterBurn)).to.equal(SUPPLY - ethers.parseEther("1"));
    });

    it("refuses to look up a timestamp that has not passed", async function () {
      const { token, alice } = await loadFixture(deployToken);
      const future = BigInt(await time.latest()) + 1000n;
      await expect(token.getPastVotes(alice.address, future)).to.be.revertedWithCustomError(
        token,
        "ERC5805FutureLookup",
      );
    });

    it("delegates by signature", async function () {
      const f = await loadFixture(deployToken);
      const { token, treasury, alice } = f;
      const state = () => tokenState(f);
      const expiry = BigInt(await time.latest()) + 3600n;
      const sig = await signDelegation(token, treasury, alice.address, expiry);
      await token.delegateBySig(alice.address, 0n, expiry, sig.v, sig.r, sig.s);
      expect(await token.delegates(treasury.address)).to.equal(alice.address);
      expect(await token.getVotes(alice.address)).to.equal(SUPPLY);
      await expectUnchanged(state, () =>
        expect(token.delegateBySig(alice.address, 0n, expiry, sig.v, sig.r, sig.s))
          .to.be.revertedWithCustomError(token, "InvalidAccountNonce")
          .withArgs(treasury.address, 1n),
      );
    });

    it("shares one nonce between permit and delegateBySig: submitting a permit voids a pending delegation signature", async function () {
      const f = await loadFixture(deployToken);
      const { token, treasury, alice, bob } = f;
      const expiry = BigInt(await time.latest()) + 3600n;
      // Both are signed at nonce 0; whichever is submitted first consumes it.
      const delegation = await signDelegation(token, treasury, alice.address, expiry);
      const permit = await signPermit(token, treasury, bob.address, 1n);
      await token.permit(treasury.address, bob.address, 1n, permit.deadline, permit.v, permit.r, permit.s);
      expect(await token.nonces(treasury.address)).to.equal(1n);
      await expectUnchanged(
        () => tokenState(f),
        () =>
          expect(token.delegateBySig(alice.address, 0n, expiry, delegation.v, delegation.r, delegation.s))
            .to.be.revertedWithCustomError(token, "InvalidAccountNonce")
            .withArgs(treasury.address, 1n),
      );
      expect(await token.delegates(treasury.address)).to.equal(ethers.ZeroAddress);
    });
  });
});
