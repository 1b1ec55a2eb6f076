// The audit fails, naming the check, on every kind of broken state: each is a real small run tampered with once.
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { expect } from "chai";
import hre from "hardhat";
import { AbiCoder, keccak256, toBeHex } from "ethers";
import { CHECKS, OPEN_SUPPLY, audit } from "../../src/sim/audit";
import { runSimulation } from "../../src/sim/run";
import type { SimState } from "../../src/sim/state";
import { BASE_CHECKS, SMALL } from "./scenarios/helpers";

const SILENT = { phase: () => {}, tick: () => {}, done: () => {} };
// The small economy of the scenario tests, with seed 7 as they run it.
const { files, ...counts } = SMALL;
const OPTIONS = { ...counts, filesPerContributor: files, seed: "7", scenario: "honest" };

async function honestRun(): Promise<SimState> {
  return runSimulation(hre, OPTIONS, SILENT);
}

/** The names of the checks that failed. */
async function failing(state: SimState): Promise<string[]> {
  const result = await audit(state);
  expect(result.ok).to.equal(result.checks.every((c) => c.ok));
  return result.checks.filter((c) => !c.ok).map((c) => c.name);
}

/** The run's state with its proofs files deep-copied, so that a test can edit them without touching the fixture. */
function withProofsCopy(state: SimState): SimState {
  return { ...state, proofs: structuredClone(state.proofs) };
}

/** The low 96 bits of an OpenToken account word: the balance (the delegatee sits above them, ERC20VotesPacked). */
const BALANCE_MASK = 2n ** 96n - 1n;

/** The storage slot of OpenToken's word of `account`, found by reading: no layout file is needed. */
async function balanceSlot(state: SimState, account: string): Promise<string> {
  const token = await state.suite.token.getAddress();
  const balance = await state.suite.token.balanceOf(account);
  for (let slot = 0; slot < 20; slot++) {
    const key = keccak256(AbiCoder.defaultAbiCoder().encode(["address", "uint256"], [account, slot]));
    const word = BigInt(await hre.ethers.provider.getStorage(token, key));
    if (word !== 0n && (word & BALANCE_MASK) === balance) return key;
  }
  throw new Error("OpenToken's balance mapping is not in its first 20 slots");
}

/** The storage slot of OpenToken's total supply. */
async function supplySlot(state: SimState): Promise<string> {
  const token = await state.suite.token.getAddress();
  for (let slot = 0; slot < 20; slot++) {
    if (BigInt(await hre.ethers.provider.getStorage(token, slot)) === OPEN_SUPPLY) return toBeHex(slot, 32);
  }
  throw new Error("OpenToken's total supply is not in its first 20 slots");
}

describe("audit", function () {
  it("passes an honest run, listing the seven checks it ran in order", async function () {
    const state = await loadFixture(honestRun);
    const result = await audit(state);
    expect(result.checks.map((c) => c.name)).to.deep.equal(BASE_CHECKS);
    expect(result.ok, JSON.stringify(result.checks)).to.equal(true);
  });

  it("fails the supply check when one wei sits with an account the run does not know", async function () {
    const state = await loadFixture(honestRun);
    const stranger = hre.ethers.Wallet.createRandom().address;
    await (await state.suite.token.connect(state.deployer).transfer(stranger, 1n)).wait();
    expect(await failing(state)).to.deep.equal([CHECKS.supply]);
  });

  it("fails the rewards balance when one wei more than owed is sent to the rewards contract from outside", async function () {
    const state = await loadFixture(honestRun);
    const { token, rewards } = state.suite;
    await (await token.connect(state.deployer).transfer(await rewards.getAddress(), 1n)).wait();
    expect(await failing(state)).to.deep.equal([CHECKS.rewardsBalance]);
  });

  it("fails the RootChallenges check when one wei more than its stakes, bonds and debts is sent to it", async function () {
    const state = await loadFixture(honestRun);
    const { token, challenges } = state.suite;
    await (await token.connect(state.deployer).transfer(await challenges.getAddress(), 1n)).wait();
    expect(await failing(state)).to.deep.equal([CHECKS.challengesBalance]);
  });

  it("counts a stake in the RootChallenges check: staked OPEN is held and accounted for", async function () {
    const state = await loadFixture(honestRun);
    const { token, challenges } = state.suite;
    await (await token.connect(state.deployer).approve(await challenges.getAddress(), 5n)).wait();
    await (await challenges.connect(state.deployer).stake(5n)).wait();
    const result = await audit(state);
    const check = result.checks.find((c) => c.name === CHECKS.challengesBalance)!;
    expect(check.ok, check.detail).to.equal(true);
    expect(check.detail).to.include("by 1 attributors");
  });

  it("fails the entitlement, proof and full-payment checks when an account claimed more than its final proofs entry", async function () {
    const state = withProofsCopy(await loadFixture(honestRun));
    const last = state.proofs.at(-1)!;
    const entry = last.claims.find((c) => BigInt(c.cumulativeAmount) > 0n)!;
    entry.cumulativeAmount = (BigInt(entry.cumulativeAmount) - 1n).toString();
    expect(await failing(state)).to.deep.equal([CHECKS.noOverclaim, CHECKS.claimsMatchProofs, CHECKS.claimedInFull]);
  });

  it("fails the stakes check when a pending contribution's stake is held but no record accounts for it", async function () {
    const state = await loadFixture(honestRun);
    const pending = state.contributions.filter((c) => c.outcome === "pending");
    expect(pending).to.have.length(1);
    const missing = { ...state, contributions: state.contributions.filter((c) => c.outcome !== "pending") };
    expect(await failing(missing)).to.deep.equal([CHECKS.stakes]);
  });

  it("fails the claims check when a Claimed event of an earlier epoch matches no entry of its proofs file", async function () {
    const state = withProofsCopy(await loadFixture(honestRun));
    const first = state.proofs[0];
    const claimedThen = await state.suite.rewards.queryFilter(state.suite.rewards.filters.Claimed(first.epoch));
    expect(claimedThen.length).to.be.greaterThan(0);
    const account = claimedThen[0].args.account.toLowerCase();
    first.claims = first.claims.filter((c) => c.account.toLowerCase() !== account);
    expect(await failing(state)).to.deep.equal([CHECKS.claimsMatchProofs]);
  });

  it("fails the supply check when OPEN is minted beyond the fixed billion, though totalSupply() rose with it", async function () {
    const state = await loadFixture(honestRun);
    const { token } = state.suite;
    const treasury = await state.deployer.getAddress();
    const extra = 1n;
    const [balanceKey, supplyKey] = [await balanceSlot(state, treasury), await supplySlot(state)];
    const address = await token.getAddress();
    const balance = await token.balanceOf(treasury);
    // The treasury has delegated its votes: only the balance bits of its word change.
    const word = BigInt(await hre.ethers.provider.getStorage(address, balanceKey));
    await hre.network.provider.send("hardhat_setStorageAt", [address, balanceKey, toBeHex(word + extra, 32)]);
    await hre.network.provider.send("hardhat_setStorageAt", [address, supplyKey, toBeHex(OPEN_SUPPLY + extra, 32)]);
    // Balances still add up to totalSupply(): only the fixed supply shows the minted wei.
    expect(await token.totalSupply()).to.equal(OPEN_SUPPLY + extra);
    expect(await token.balanceOf(treasury)).to.equal(balance + extra);
    expect(await failing(state)).to.deep.equal([CHECKS.supply]);
  });

  it("runs the attempts check only when a scenario made attempts, and fails it when one was accepted", async function () {
    const state = await loadFixture(honestRun);
    const accepted = {
      ...state,
      attempts: [{ attempt: "a call that should fail", refused: false, error: "accepted" }],
    };
    const result = await audit(accepted);
    expect(result.checks.map((c) => c.name)).to.deep.equal([...BASE_CHECKS, CHECKS.attemptsRefused]);
    expect(await failing(accepted)).to.deep.equal([CHECKS.attemptsRefused]);
  });
});
