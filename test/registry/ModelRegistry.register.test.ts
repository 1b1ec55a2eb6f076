// ModelRegistry: deploying it, registering base models and LoRA adapters, and refusing bad registrations.
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { IModelRegistry__factory, ModelRegistry__factory } from "../../typechain-types";
import {
  FEE,
  URI,
  WEIGHTS,
  deployRegistries,
  lineage,
  modelState,
  plain,
  registration,
  withBaseModel,
  ADAPTER_WEIGHTS,
  withAdapter,
} from "../helpers/registry";
import { expectUnchanged } from "../helpers/snapshot";
import { interfaceId } from "../../src/registry";

/** The default registration's lineage as the registry announces it and reads it back: datanet, version, weight. */
const DEFAULT_LINEAGE = [
  [1n, 1n, 6000n],
  [2n, 1n, 4000n],
];

describe("ModelRegistry", function () {
  describe("deployment", function () {
    it("is the ERC-721 'OpenLedger Model' (OLMODEL) reading versions from the datanet it was given", async function () {
      const { models, datanet } = await loadFixture(deployRegistries);
      expect(await models.name()).to.equal("OpenLedger Model");
      expect(await models.symbol()).to.equal("OLMODEL");
      expect(await models.datanet()).to.equal(await datanet.getAddress());
      expect(await models.modelCount()).to.equal(0n);
      expect(await models.MAX_LINEAGE()).to.equal(16n);
      expect(await models.MAX_PAGE()).to.equal(500n);
    });

    it("refuses a zero datanet address", async function () {
      const [deployer] = await ethers.getSigners();
      const factory = new ModelRegistry__factory(deployer);
      await expect(factory.deploy(ethers.ZeroAddress)).to.be.revertedWithCustomError(factory, "ZeroAddress");
    });

    it("declares ERC-165 support for ERC-721, its metadata extension and IModelRegistry, and nothing else", async function () {
      const { models } = await loadFixture(deployRegistries);
      for (const id of [
        "0x01ffc9a7",
        "0x80ac58cd",
        "0x5b5e139f",
        interfaceId(IModelRegistry__factory.createInterface()),
      ]) {
        expect(await models.supportsInterface(id), id).to.equal(true);
      }
      expect(await models.supportsInterface("0xffffffff")).to.equal(false);
      expect(await models.supportsInterface("0x780e9d63")).to.equal(false); // ERC721Enumerable
    });
  });

  describe("registering a base model", function () {
    it("mints the next id to the caller, stores the record and lineage, and announces it", async function () {
      const { models, alice } = await loadFixture(deployRegistries);
      const reg = registration();
      expect(await models.connect(alice).registerModel.staticCall(reg)).to.equal(1n);
      await expect(models.connect(alice).registerModel(reg))
        .to.emit(models, "ModelRegistered")
        .withArgs(1n, alice.address, 0n, WEIGHTS, FEE, 0n, DEFAULT_LINEAGE, URI)
        .and.to.emit(models, "Transfer")
        .withArgs(ethers.ZeroAddress, alice.address, 1n);

      const model = await models.getModel(1n);
      expect(model.weightsHash).to.equal(WEIGHTS);
      expect(model.baseModelId).to.equal(0n);
      expect(model.supersedes).to.equal(0n);
      expect(model.feePerInference).to.equal(FEE);
      expect(model.active).to.equal(true);
      expect(model.registeredAt).to.equal(BigInt(await time.latest()));
      expect(model.metadataURI).to.equal(URI);
      expect((await models.lineageOf(1n)).map(plain)).to.deep.equal(DEFAULT_LINEAGE);
      expect(await models.modelCount()).to.equal(1n);
      expect(await models.ownerOf(1n)).to.equal(alice.address);
      expect(await models.balanceOf(alice.address)).to.equal(1n);
      expect(await models.tokenURI(1n)).to.equal(URI);
      expect(await models.isActive(1n)).to.equal(true);
      expect(await models.paymentInfo(1n)).to.deep.equal([alice.address, FEE, true]);
    });

    it("numbers models consecutively from 1, whoever registers them", async function () {
      const { models, alice, bob } = await loadFixture(deployRegistries);
      await models.connect(alice).registerModel(registration());
      await models.connect(bob).registerModel(registration());
      await models.connect(alice).registerModel(registration());
      expect(await models.modelCount()).to.equal(3n);
      expect([await models.ownerOf(1n), await models.ownerOf(2n), await models.ownerOf(3n)]).to.deep.equal([
        alice.address,
        bob.address,
        alice.address,
      ]);
    });

    it("accepts an empty lineage, which cites no datanet", async function () {
      const { models, alice } = await loadFixture(deployRegistries);
      await expect(models.connect(alice).registerModel(registration({ lineage: [] })))
        .to.emit(models, "ModelRegistered")
        .withArgs(1n, alice.address, 0n, WEIGHTS, FEE, 0n, [], URI);
      expect(await models.lineageOf(1n)).to.deep.equal([]);
      for (const datanetId of [1n, 2n, 3n]) expect(await models.modelsTrainedOnCount(datanetId)).to.equal(0n);
    });

    it("accepts a free model (a fee of zero)", async function () {
      const { models, alice } = await loadFixture(deployRegistries);
      await models.connect(alice).registerModel(registration({ feePerInference: 0n }));
      expect(await models.paymentInfo(1n)).to.deep.equal([alice.address, 0n, true]);
    });

    it("accepts a lineage of exactly MAX_LINEAGE entries", async function () {
      const { models, datanet, alice } = await loadFixture(deployRegistries);
      for (let version = 3; version <= 16; version++) await datanet.publish(1n, version);
      const entries = Array.from({ length: 16 }, (_, i) => [1n, i + 1, 625] as [bigint, number, number]);
      await models.connect(alice).registerModel(registration({ lineage: lineage(...entries) }));
      expect(await models.lineageOf(1n)).to.have.length(16);
      expect(await models.modelsTrainedOn(1n, 0n, 10n)).to.deep.equal([1n]);
    });

    it("records the model it supersedes", async function () {
      const { models, alice } = await loadFixture(withBaseModel);
      const retrained = ethers.keccak256(ethers.toUtf8Bytes("weights of model A, retrained"));
      await expect(models.connect(alice).registerModel(registration({ weightsHash: retrained, supersedes: 1n })))
        .to.emit(models, "ModelRegistered")
        .withArgs(2n, alice.address, 0n, retrained, FEE, 1n, DEFAULT_LINEAGE, URI);
      expect((await models.getModel(2n)).supersedes).to.equal(1n);
      // The older model is untouched: still active and payable.
      expect(await models.paymentInfo(1n)).to.deep.equal([alice.address, FEE, true]);
    });

    it("refuses to name a model its caller neither owns nor operates as superseded, changing nothing", async function () {
      const { models, bob } = await loadFixture(withBaseModel);
      await expectUnchanged(
        () => modelState(models, [1n, 2n, 3n, 99n]),
        async () => {
          await expect(models.connect(bob).registerModel(registration({ supersedes: 1n })))
            .to.be.revertedWithCustomError(models, "NotModelOwnerOrOperator")
            .withArgs(1n, bob.address);
          await expect(
            models
              .connect(bob)
              .registerAdapter(1n, registration({ supersedes: 1n, lineage: lineage([3n, 1, 10_000]) })),
          )
            .to.be.revertedWithCustomError(models, "NotModelOwnerOrOperator")
            .withArgs(1n, bob.address);
        },
      );
      expect(await models.balanceOf(bob.address)).to.equal(0n);
    });

    it("lets an operator of the superseded model, or its new owner after a transfer, name its successor", async function () {
      const { models, alice, bob, carol } = await loadFixture(withBaseModel);
      const state = () => modelState(models);
      await models.connect(alice).setApprovalForAll(bob.address, true);
      await models.connect(bob).registerModel(registration({ supersedes: 1n }));
      expect((await models.getModel(2n)).supersedes).to.equal(1n);
      await models.connect(alice).transferFrom(alice.address, carol.address, 1n);
      await expectUnchanged(state, () =>
        expect(models.connect(alice).registerModel(registration({ supersedes: 1n })))
          .to.be.revertedWithCustomError(models, "NotModelOwnerOrOperator")
          .withArgs(1n, alice.address),
      );
      await models.connect(carol).registerModel(registration({ supersedes: 1n }));
      expect((await models.getModel(3n)).supersedes).to.equal(1n);
    });

    it("lists a model once under each datanet it cites, however many versions of it", async function () {
      const { models, alice } = await loadFixture(deployRegistries);
      await models
        .connect(alice)
        .registerModel(registration({ lineage: lineage([1n, 1, 3000], [2n, 1, 4000], [1n, 2, 3000]) }));
      await models.connect(alice).registerModel(registration({ lineage: lineage([1n, 2, 10_000]) }));
      expect(await models.modelsTrainedOn(1n, 0n, 10n)).to.deep.equal([1n, 2n]);
      expect(await models.modelsTrainedOnCount(1n)).to.equal(2n);
      expect(await models.modelsTrainedOn(2n, 0n, 10n)).to.deep.equal([1n]);
      expect(await models.modelsTrainedOnCount(3n)).to.equal(0n);
    });
  });

  describe("refusing a bad registration, changing nothing", function () {
    const cases: {
      title: string;
      overrides: Parameters<typeof registration>[0];
      error: string;
      args: unknown[];
    }[] = [
      { title: "a zero weights hash", overrides: { weightsHash: ethers.ZeroHash }, error: "ZeroWeightsHash", args: [] },
      {
        title: "a lineage citing an unknown datanet",
        overrides: { lineage: lineage([1n, 1, 5000], [99n, 1, 5000]) },
        error: "UnpublishedVersion",
        args: [99n, 1n],
      },
      {
        title: "a lineage citing a version not yet published",
        overrides: { lineage: lineage([1n, 3, 10_000]) },
        error: "UnpublishedVersion",
        args: [1n, 3n],
      },
      {
        title: "a lineage citing version 0",
        overrides: { lineage: lineage([2n, 0, 10_000]) },
        error: "UnpublishedVersion",
        args: [2n, 0n],
      },
      {
        title: "lineage weights summing to less than 10,000",
        overrides: { lineage: lineage([1n, 1, 6000], [2n, 1, 3999]) },
        error: "LineageWeightsNot10000",
        args: [9999n],
      },
      {
        title: "lineage weights summing to more than 10,000",
        overrides: { lineage: lineage([1n, 1, 6000], [2n, 1, 4001]) },
        error: "LineageWeightsNot10000",
        args: [10_001n],
      },
      {
        title: "a repeated (datanet, version) entry",
        overrides: { lineage: lineage([1n, 1, 3000], [2n, 1, 4000], [1n, 1, 3000]) },
        error: "DuplicateLineageEntry",
        args: [1n, 1n],
      },
      {
        title: "a zero weight",
        overrides: { lineage: lineage([1n, 1, 10_000], [2n, 1, 0]) },
        error: "ZeroLineageWeight",
        args: [2n, 1n],
      },
      {
        title: "a lineage longer than MAX_LINEAGE",
        overrides: {
          lineage: lineage(
            ...Array.from({ length: 17 }, (_, i) => [1n, i + 1, i < 16 ? 588 : 592] as [bigint, number, number]),
          ),
        },
        error: "LineageTooLong",
        args: [17n, 16n],
      },
      {
        title: "a superseded model that does not exist",
        overrides: { supersedes: 2n },
        error: "UnknownModel",
        args: [2n],
      },
    ];

    for (const { title, overrides, error, args } of cases) {
      it(`refuses ${title}`, async function () {
        const { models, alice } = await loadFixture(withBaseModel);
        await expectUnchanged(
          () => modelState(models, [1n, 2n, 3n, 99n]),
          () =>
            expect(models.connect(alice).registerModel(registration(overrides)))
              .to.be.revertedWithCustomError(models, error)
              .withArgs(...args),
        );
        expect(await models.balanceOf(alice.address)).to.equal(1n);
      });
    }
  });

  describe("registering a LoRA adapter", function () {
    it("mints an adapter naming its base, lists it under the base, and announces it", async function () {
      const { models, alice, bob } = await loadFixture(withBaseModel);
      const reg = registration({ weightsHash: ADAPTER_WEIGHTS, lineage: lineage([3n, 1, 10_000]) });
      expect(await models.connect(bob).registerAdapter.staticCall(1n, reg)).to.equal(2n);
      await expect(models.connect(bob).registerAdapter(1n, reg))
        .to.emit(models, "ModelRegistered")
        .withArgs(2n, bob.address, 1n, ADAPTER_WEIGHTS, FEE, 0n, [[3n, 1n, 10_000n]], URI);

      expect((await models.getModel(2n)).baseModelId).to.equal(1n);
      expect(await models.ownerOf(2n)).to.equal(bob.address);
      expect(await models.ownerOf(1n)).to.equal(alice.address);
      expect(await models.adaptersOf(1n, 0n, 10n)).to.deep.equal([2n]);
      expect(await models.adapterCount(1n)).to.equal(1n);
      expect(await models.adapterCount(2n)).to.equal(0n);
      // The adapter's own lineage is indexed; the base's lineage is not copied into it.
      expect((await models.lineageOf(2n)).map(plain)).to.deep.equal([[3n, 1n, 10_000n]]);
      expect(await models.modelsTrainedOn(3n, 0n, 10n)).to.deep.equal([2n]);
      expect(await models.modelsTrainedOn(1n, 0n, 10n)).to.deep.equal([1n]);
    });

    it("accepts an adapter on an inactive base, which stays unusable until the base is reactivated", async function () {
      const { models, alice, bob } = await loadFixture(withBaseModel);
      await models.connect(alice).setActive(1n, false);
      await models.connect(bob).registerAdapter(1n, registration({ lineage: lineage([3n, 1, 10_000]) }));
      expect(await models.adaptersOf(1n, 0n, 10n)).to.deep.equal([2n]);
      expect((await models.getModel(2n)).active).to.equal(true);
      expect(await models.isActive(2n)).to.equal(false);
      expect((await models.paymentInfo(2n))[2]).to.equal(false);

      await models.connect(alice).setActive(1n, true);
      expect(await models.isActive(2n)).to.equal(true);
      expect((await models.paymentInfo(2n))[2]).to.equal(true);
    });

    it("retires an active adapter with its base: it cannot be paid for while the base is inactive", async function () {
      const { models, alice, bob } = await loadFixture(withBaseModel);
      await models.connect(bob).registerAdapter(1n, registration({ lineage: lineage([3n, 1, 10_000]) }));
      expect(await models.isActive(2n)).to.equal(true);
      await models.connect(alice).setActive(1n, false);
      expect(await models.isActive(2n)).to.equal(false);
      expect(await models.paymentInfo(2n)).to.deep.equal([bob.address, FEE, false]);
    });

    const refusals: {
      title: string;
      base: bigint;
      overrides: Parameters<typeof registration>[0];
      error: string;
      args: unknown[];
    }[] = [
      {
        title: "an adapter with an empty lineage",
        base: 1n,
        overrides: { lineage: [] },
        error: "EmptyAdapterLineage",
        args: [],
      },
      { title: "an adapter on an unknown model", base: 7n, overrides: {}, error: "UnknownModel", args: [7n] },
      { title: "an adapter on model 0", base: 0n, overrides: {}, error: "UnknownModel", args: [0n] },
      { title: "an adapter on another adapter", base: 2n, overrides: {}, error: "BaseIsAdapter", args: [2n] },
      {
        title: "an adapter whose lineage cites an unpublished version",
        base: 1n,
        overrides: { lineage: lineage([3n, 2, 10_000]) },
        error: "UnpublishedVersion",
        args: [3n, 2n],
      },
      {
        title: "an adapter with a zero weights hash",
        base: 1n,
        overrides: { weightsHash: ethers.ZeroHash },
        error: "ZeroWeightsHash",
        args: [],
      },
    ];

    for (const { title, base, overrides, error, args } of refusals) {
      it(`refuses ${title}, changing nothing`, async function () {
        const { models, alice } = await loadFixture(withAdapter);
        await expectUnchanged(
          () => modelState(models),
          () =>
            expect(models.connect(alice).registerAdapter(base, registration(overrides)))
              .to.be.revertedWithCustomError(models, error)
              .withArgs(...args),
        );
        expect(await models.adapterCount(1n)).to.equal(1n);
      });
    }
  });
});
