// The simulation's gas ledger: one place books every transaction of an operation's result under its name.
import { expect } from "chai";
import type { ContractTransactionReceipt } from "ethers";
import type { OpResult } from "../../src/ops/result";
import { book, type SimState } from "../../src/sim/state";

/** A result whose transactions used `gas`, one receipt each: the ledger reads nothing else of a receipt. */
const resultOf = (...gas: bigint[]): OpResult => ({
  transactions: gas.map((gasUsed) => ({ gasUsed }) as ContractTransactionReceipt),
});

describe("gas ledger", function () {
  it("books each transaction of a result under the operation, after what was booked before", function () {
    const state = { gas: new Map<string, bigint[]>() } as SimState;
    book(state, "rewards.claimMany", resultOf(300_000n, 250_000n));
    book(state, "rewards.claimMany", resultOf(280_000n));
    book(state, "rewards.pay", resultOf(127_000n));
    expect([...state.gas]).to.deep.equal([
      ["rewards.claimMany", [300_000n, 250_000n, 280_000n]],
      ["rewards.pay", [127_000n]],
    ]);
  });

  it("books nothing for a result that sent no transaction, and hands the result back", function () {
    const state = { gas: new Map<string, bigint[]>() } as SimState;
    const dryRun = { ...resultOf(), epoch: 3 };
    expect(book(state, "rewards.postRoot", dryRun)).to.equal(dryRun);
    expect(state.gas.has("rewards.postRoot")).to.equal(false);
  });
});
