// src/chain/revert.ts: the one revert decoder, for every suite contract's custom errors.
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { ZeroAddress, type Interface } from "ethers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { describeRevert, revertName, suiteErrors } from "../../src/chain/revert";
import {
  AgentStakes__factory,
  AttributionRewards__factory,
  Datanet__factory,
  ModelRegistry__factory,
  OpenToken__factory,
  RootChallenges__factory,
} from "../../typechain-types";
import { deploySuite } from "../../src/chain/deploy";

describe("revert decoder", function () {
  describe("describeRevert against one contract's interface", function () {
    const iface = ModelRegistry__factory.createInterface();
    const data = iface.encodeErrorResult("UnpublishedVersion", [1n, 3n]);

    it("names the custom error ethers decoded", function () {
      expect(describeRevert({ revert: { name: "UnknownModel", args: [4n] } }, iface)?.short).to.equal(
        "UnknownModel(4)",
      );
    });

    it("decodes raw revert data wherever the node nested it", function () {
      expect(describeRevert({ data }, iface)?.short).to.equal("UnpublishedVersion(1, 3)");
      // The Hardhat node's shape: { data: { message, data } }.
      expect(describeRevert({ data: { message: "reverted", data } }, iface)?.short).to.equal(
        "UnpublishedVersion(1, 3)",
      );
      expect(describeRevert({ info: { error: { data } } }, iface)?.short).to.equal("UnpublishedVersion(1, 3)");
    });

    it("explains nothing without revert data or with an error the registry does not declare", function () {
      expect(describeRevert(new Error("connection refused"), iface)).to.equal(undefined);
      expect(describeRevert(null, iface)).to.equal(undefined);
      expect(describeRevert({ data: "0xdeadbeef" }, iface)).to.equal(undefined);
      expect(describeRevert({ data: "0x" }, iface)).to.equal(undefined);
    });
  });

  describe("describeRevert against the whole suite", function () {
    const cases: [string, Interface, string, unknown[], string][] = [
      ["Datanet", Datanet__factory.createInterface(), "QualityTooHigh", [20_000n], "QualityTooHigh(qualityBps: 20000)"],
      ["Datanet", Datanet__factory.createInterface(), "ZeroStake", [], "ZeroStake()"],
      [
        "ModelRegistry",
        ModelRegistry__factory.createInterface(),
        "UnpublishedVersion",
        [1n, 3n],
        "UnpublishedVersion(datanetId: 1, version: 3)",
      ],
      [
        "AttributionRewards",
        AttributionRewards__factory.createInterface(),
        "BadBatchLength",
        [101n, 100n],
        "BadBatchLength(length: 101, max: 100)",
      ],
      [
        "RootChallenges",
        RootChallenges__factory.createInterface(),
        "StakeBelowMinimum",
        [ZeroAddress, 1n, 2n],
        `StakeBelowMinimum(attributor: ${ZeroAddress}, active: 1, minimum: 2)`,
      ],
      [
        "AgentStakes",
        AgentStakes__factory.createInterface(),
        "AgentStakeBelowMinimum",
        [7n, 1n, 2n],
        "AgentStakeBelowMinimum(agentId: 7, active: 1, minimum: 2)",
      ],
    ];
    for (const [contract, iface, name, args, long] of cases) {
      it(`decodes ${contract}'s ${name} by name, with its arguments named`, function () {
        const revert = describeRevert({ data: iface.encodeErrorResult(name, args) });
        expect(revert?.name).to.equal(name);
        expect(revert?.args).to.deep.equal(args);
        expect(revert?.long).to.equal(long);
      });
    }

    it("knows OpenZeppelin's errors the token inherits, with named arguments", function () {
      const iface = OpenToken__factory.createInterface();
      const account = ethers.Wallet.createRandom().address;
      const data = iface.encodeErrorResult("ERC20InsufficientBalance", [account, 1n, 2n]);
      const revert = describeRevert({ data });
      expect(revert?.named).to.deep.equal({ sender: account, balance: 1n, needed: 2n });
    });

    it("holds each error of the suite once, so that a shared name such as ZeroAddress decodes", function () {
      const selectors: string[] = [];
      suiteErrors().forEachError((fragment) => selectors.push(fragment.selector));
      expect(new Set(selectors).size).to.equal(selectors.length);
      expect(suiteErrors().getError("ZeroAddress")).to.not.equal(null);
    });
  });

  describe("revertName, as the simulation reports a refused call", function () {
    async function suite() {
      return deploySuite(hre);
    }

    it("gives Name(arg, ...) for a real revert from the chain", async function () {
      const { datanet } = await loadFixture(suite);
      const [owner] = await ethers.getSigners();
      const zero = await datanet.createDatanet("u", 0n, owner.address, 3600n).catch((e: unknown) => e);
      expect(revertName(zero)).to.equal("ZeroStake()");
      const max = 2n ** 96n - 1n;
      const huge = await datanet.createDatanet("u", max + 1n, owner.address, 3600n).catch((e: unknown) => e);
      expect(revertName(huge)).to.equal(`StakeTooHigh(${max + 1n}, ${max})`);
      expect(describeRevert(huge)?.long).to.equal(`StakeTooHigh(stake: ${max + 1n}, max: ${max})`);
    });

    it("falls back to the message when there is no custom error", function () {
      expect(revertName(new Error("connection refused"))).to.equal("connection refused");
      expect(revertName({ shortMessage: "could not coalesce error", message: "long" })).to.equal(
        "could not coalesce error",
      );
      expect(revertName(new Error("reverted with custom error 'Foo(1)'"))).to.equal("Foo(1)");
    });
  });
});
