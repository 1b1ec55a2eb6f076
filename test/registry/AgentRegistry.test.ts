// AgentRegistry: agents as ERC-721 tokens listing the active models they use, with a fee per task.
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { AgentRegistry__factory, IAgentRegistry__factory } from "../../typechain-types";
import type { AgentRegistry } from "../../typechain-types";
import { agentState, deployRegistries, registration } from "../helpers/registry";
import { expectUnchanged } from "../helpers/snapshot";
import { shouldRefuseOutsiders } from "../helpers/updateGate";
import { interfaceId } from "../../src/registry";

const TASK_FEE = ethers.parseEther("0.1");
const AGENT_URI = "ipfs://agent-1";
/** As many models as an agent may list (MAX_MODELS): models 1..8, all active. */
const EIGHT_MODELS = [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n];

/** Registries with alice owning models 1..9 (model 9 inactive) and no agent yet. */
async function withModels() {
  const fixture = await deployRegistries();
  const { models, alice } = fixture;
  for (let i = 0; i < 9; i++) await models.connect(alice).registerModel(registration());
  await models.connect(alice).setActive(9n, false);
  return fixture;
}

/** As `withModels`, with bob owning agent 1 on models [2, 1] and carol owning agent 2 on model 1. */
async function withAgents() {
  const fixture = await withModels();
  await fixture.agents.connect(fixture.bob).registerAgent(AGENT_URI, [2n, 1n], TASK_FEE);
  await fixture.agents.connect(fixture.carol).registerAgent("ipfs://agent-2", [1n], 0n);
  return fixture;
}

type Fixture = Awaited<ReturnType<typeof withAgents>>;

/** One test per refused model list: bob's call with the list (`send`) fails with its error and changes no agent. */
function refusesModelLists(
  refusals: { title: string; modelIds: bigint[]; error: string; args: unknown[] }[],
  send: (agents: AgentRegistry, bob: Fixture["bob"], modelIds: bigint[]) => Promise<unknown>,
) {
  for (const { title, modelIds, error, args } of refusals) {
    it(`refuses ${title}, changing nothing`, async function () {
      const { agents, bob } = await loadFixture(withAgents);
      await expectUnchanged(
        () => agentState(agents),
        () =>
          expect(send(agents, bob, modelIds))
            .to.be.revertedWithCustomError(agents, error)
            .withArgs(...args),
      );
    });
  }
}

describe("AgentRegistry", function () {
  describe("deployment", function () {
    it("is the ERC-721 'OpenLedger Agent' (OLAGENT) on the model registry it was given", async function () {
      const { agents, models } = await loadFixture(deployRegistries);
      expect(await agents.name()).to.equal("OpenLedger Agent");
      expect(await agents.symbol()).to.equal("OLAGENT");
      expect(await agents.modelRegistry()).to.equal(await models.getAddress());
      expect(await agents.agentCount()).to.equal(0n);
      expect(await agents.MAX_MODELS()).to.equal(8n);
      expect(await agents.MAX_PAGE()).to.equal(500n);
    });

    it("refuses a zero model registry address", async function () {
      const [deployer] = await ethers.getSigners();
      const factory = new AgentRegistry__factory(deployer);
      await expect(factory.deploy(ethers.ZeroAddress)).to.be.revertedWithCustomError(factory, "ZeroAddress");
    });

    it("declares ERC-165 support for ERC-721, its metadata extension and IAgentRegistry, and nothing else", async function () {
      const { agents } = await loadFixture(deployRegistries);
      for (const id of [
        "0x01ffc9a7",
        "0x80ac58cd",
        "0x5b5e139f",
        interfaceId(IAgentRegistry__factory.createInterface()),
      ]) {
        expect(await agents.supportsInterface(id), id).to.equal(true);
      }
      expect(await agents.supportsInterface("0xffffffff")).to.equal(false);
    });
  });

  describe("registering an agent", function () {
    it("mints the next id to the caller, stores the record and its models, and announces it", async function () {
      const { agents, bob } = await loadFixture(withModels);
      expect(await agents.connect(bob).registerAgent.staticCall(AGENT_URI, [2n, 1n], TASK_FEE)).to.equal(1n);
      await expect(agents.connect(bob).registerAgent(AGENT_URI, [2n, 1n], TASK_FEE))
        .to.emit(agents, "AgentRegistered")
        .withArgs(1n, bob.address, TASK_FEE, [2n, 1n], AGENT_URI)
        .and.to.emit(agents, "Transfer")
        .withArgs(ethers.ZeroAddress, bob.address, 1n);

      const agent = await agents.getAgent(1n);
      expect(agent.feePerTask).to.equal(TASK_FEE);
      expect(agent.active).to.equal(true);
      expect(agent.registeredAt).to.equal(BigInt(await time.latest()));
      expect(agent.metadataURI).to.equal(AGENT_URI);
      expect(await agents.modelsOf(1n)).to.deep.equal([2n, 1n]);
      expect(await agents.usesModel(1n, 1n)).to.equal(true);
      expect(await agents.usesModel(1n, 2n)).to.equal(true);
      expect(await agents.usesModel(1n, 3n)).to.equal(false);
      expect(await agents.agentsUsingModel(1n, 0n, 10n)).to.deep.equal([1n]);
      expect(await agents.agentsUsingModelCount(2n)).to.equal(1n);
      expect(await agents.agentsUsingModelCount(3n)).to.equal(0n);
      expect(await agents.agentCount()).to.equal(1n);
      expect(await agents.ownerOf(1n)).to.equal(bob.address);
      expect(await agents.tokenURI(1n)).to.equal(AGENT_URI);
      expect(await agents.paymentInfo(1n, 2n)).to.deep.equal([bob.address, TASK_FEE, true, true]);
    });

    it("accepts exactly MAX_MODELS models", async function () {
      const { agents, bob } = await loadFixture(withModels);
      await agents.connect(bob).registerAgent(AGENT_URI, EIGHT_MODELS, 0n);
      expect(await agents.modelsOf(1n)).to.deep.equal(EIGHT_MODELS);
    });

    // Unchanged state includes the agent count and every agent's owner: nothing was minted.
    refusesModelLists(
      [
        { title: "an agent with no models", modelIds: [], error: "NoModels", args: [] },
        { title: "an unknown model", modelIds: [1n, 10n], error: "ModelNotActive", args: [10n] },
        { title: "model 0", modelIds: [0n], error: "ModelNotActive", args: [0n] },
        { title: "an inactive model", modelIds: [9n, 1n], error: "ModelNotActive", args: [9n] },
        {
          title: "more than MAX_MODELS models",
          modelIds: [...EIGHT_MODELS, 1n],
          error: "TooManyModels",
          args: [9n, 8n],
        },
        { title: "a model listed twice", modelIds: [1n, 2n, 1n], error: "DuplicateModel", args: [1n] },
      ],
      (agents, bob, modelIds) => agents.connect(bob).registerAgent(AGENT_URI, modelIds, TASK_FEE),
    );
  });

  describe("changing an agent's models", function () {
    it("replaces the list and keeps each model's agents exact", async function () {
      const { agents, bob } = await loadFixture(withAgents);
      await expect(agents.connect(bob).setModels(1n, [3n, 2n]))
        .to.emit(agents, "ModelsSet")
        .withArgs(1n, [3n, 2n]);
      expect(await agents.modelsOf(1n)).to.deep.equal([3n, 2n]);
      expect(await agents.usesModel(1n, 1n)).to.equal(false);
      expect(await agents.usesModel(1n, 3n)).to.equal(true);
      // Model 1 keeps carol's agent only; model 2 still has bob's; model 3 gains it.
      expect(await agents.agentsUsingModel(1n, 0n, 10n)).to.deep.equal([2n]);
      expect(await agents.agentsUsingModel(2n, 0n, 10n)).to.deep.equal([1n]);
      expect(await agents.agentsUsingModel(3n, 0n, 10n)).to.deep.equal([1n]);
      expect(await agents.paymentInfo(1n, 1n)).to.deep.equal([bob.address, TASK_FEE, true, false]);
      // The other agent is untouched.
      expect(await agents.modelsOf(2n)).to.deep.equal([1n]);
    });

    it("accepts the same list again", async function () {
      const { agents, bob } = await loadFixture(withAgents);
      const before = await agentState(agents);
      await expect(agents.connect(bob).setModels(1n, [2n, 1n])).to.emit(agents, "ModelsSet");
      const after = await agentState(agents);
      expect(after.records).to.deep.equal(before.records);
      expect(after.using.map((ids) => [...ids].sort())).to.deep.equal(before.using.map((ids) => [...ids].sort()));
    });

    refusesModelLists(
      [
        { title: "an empty list", modelIds: [], error: "NoModels", args: [] },
        { title: "an unknown model", modelIds: [11n], error: "ModelNotActive", args: [11n] },
        { title: "an inactive model", modelIds: [3n, 9n], error: "ModelNotActive", args: [9n] },
        {
          title: "more than MAX_MODELS models",
          modelIds: [...EIGHT_MODELS, 9n],
          error: "TooManyModels",
          args: [9n, 8n],
        },
        { title: "a model listed twice", modelIds: [3n, 3n], error: "DuplicateModel", args: [3n] },
      ],
      (agents, bob, modelIds) => agents.connect(bob).setModels(1n, modelIds),
    );

    it("keeps a model that was deactivated after the agent chose it, but will not choose it again", async function () {
      const { agents, models, alice, bob } = await loadFixture(withAgents);
      const state = () => agentState(agents);
      await models.connect(alice).setActive(2n, false);
      // Payments check the model's own flag; the agent's list only records the choice.
      expect(await agents.modelsOf(1n)).to.deep.equal([2n, 1n]);
      expect(await agents.paymentInfo(1n, 2n)).to.deep.equal([bob.address, TASK_FEE, true, true]);
      await expectUnchanged(state, () =>
        expect(agents.connect(bob).setModels(1n, [2n, 1n]))
          .to.be.revertedWithCustomError(agents, "ModelNotActive")
          .withArgs(2n),
      );
      await expect(agents.connect(bob).setModels(1n, [1n]))
        .to.emit(agents, "ModelsSet")
        .withArgs(1n, [1n]);
      expect(await agents.agentsUsingModelCount(2n)).to.equal(0n);
    });
  });

  describe("updates by the owner", function () {
    it("sets the fee per task", async function () {
      const { agents, bob } = await loadFixture(withAgents);
      await expect(agents.connect(bob).setFee(1n, 5n)).to.emit(agents, "FeeSet").withArgs(1n, 5n);
      expect((await agents.getAgent(1n)).feePerTask).to.equal(5n);
      expect(await agents.paymentInfo(1n, 1n)).to.deep.equal([bob.address, 5n, true, true]);
    });

    it("deactivates and reactivates the agent, refusing a change to the state it is in", async function () {
      const { agents, bob } = await loadFixture(withAgents);
      const state = () => agentState(agents);
      await expectUnchanged(state, () =>
        expect(agents.connect(bob).setActive(1n, true))
          .to.be.revertedWithCustomError(agents, "ActiveUnchanged")
          .withArgs(1n, true),
      );
      await expect(agents.connect(bob).setActive(1n, false)).to.emit(agents, "ActiveSet").withArgs(1n, false);
      expect(await agents.paymentInfo(1n, 1n)).to.deep.equal([bob.address, TASK_FEE, false, true]);
      await expectUnchanged(state, () =>
        expect(agents.connect(bob).setActive(1n, false))
          .to.be.revertedWithCustomError(agents, "ActiveUnchanged")
          .withArgs(1n, false),
      );
      await expect(agents.connect(bob).setActive(1n, true)).to.emit(agents, "ActiveSet").withArgs(1n, true);
      expect((await agents.getAgent(1n)).active).to.equal(true);
    });

    it("replaces the metadata URI, which tokenURI returns", async function () {
      const { agents, bob } = await loadFixture(withAgents);
      await expect(agents.connect(bob).setMetadataURI(1n, "https://agent.example/card.json"))
        .to.emit(agents, "MetadataURISet")
        .withArgs(1n, "https://agent.example/card.json");
      expect(await agents.tokenURI(1n)).to.equal("https://agent.example/card.json");
    });
  });

  describe("who may update", function () {
    const updates = [
      { name: "setModels", call: (a: AgentRegistry) => a.setModels(1n, [3n]) },
      { name: "setFee", call: (a: AgentRegistry) => a.setFee(1n, 9n) },
      { name: "setActive", call: (a: AgentRegistry) => a.setActive(1n, false) },
      { name: "setMetadataURI", call: (a: AgentRegistry) => a.setMetadataURI(1n, "ipfs://x") },
    ];

    shouldRefuseOutsiders("agent", updates, { withToken: withAgents, withoutToken: withModels, owner: "bob" });

    it("lets an approved address and an operator update the agent", async function () {
      const { agents, alice, bob, carol } = await loadFixture(withAgents);
      await agents.connect(bob).approve(alice.address, 1n);
      await expect(agents.connect(alice).setModels(1n, [4n]))
        .to.emit(agents, "ModelsSet")
        .withArgs(1n, [4n]);
      await agents.connect(bob).setApprovalForAll(carol.address, true);
      await expect(agents.connect(carol).setFee(1n, 1n)).to.emit(agents, "FeeSet").withArgs(1n, 1n);
      expect(await agents.paymentInfo(1n, 4n)).to.deep.equal([bob.address, 1n, true, true]);
    });

    it("follows the token: after a transfer the new owner updates it and is the one paid", async function () {
      const { agents, bob, carol } = await loadFixture(withAgents);
      const state = () => agentState(agents);
      await agents.connect(bob).transferFrom(bob.address, carol.address, 1n);
      expect(await agents.paymentInfo(1n, 1n)).to.deep.equal([carol.address, TASK_FEE, true, true]);
      await expect(agents.connect(carol).setFee(1n, 2n)).to.emit(agents, "FeeSet").withArgs(1n, 2n);
      await expectUnchanged(state, () =>
        expect(agents.connect(bob).setFee(1n, 3n))
          .to.be.revertedWithCustomError(agents, "NotAgentOwnerOrOperator")
          .withArgs(1n, bob.address),
      );
    });
  });

  describe("reads", function () {
    it("refuses to describe an agent that does not exist", async function () {
      const { agents } = await loadFixture(withAgents);
      for (const id of [0n, 3n]) {
        await expect(agents.getAgent(id)).to.be.revertedWithCustomError(agents, "UnknownAgent").withArgs(id);
        await expect(agents.modelsOf(id)).to.be.revertedWithCustomError(agents, "UnknownAgent").withArgs(id);
        await expect(agents.paymentInfo(id, 1n)).to.be.revertedWithCustomError(agents, "UnknownAgent").withArgs(id);
        await expect(agents.tokenURI(id)).to.be.revertedWithCustomError(agents, "ERC721NonexistentToken").withArgs(id);
        expect(await agents.usesModel(id, 1n)).to.equal(false);
      }
    });

    it("pages the agents using a model", async function () {
      const { agents, bob } = await loadFixture(withAgents);
      for (let i = 0; i < 3; i++) await agents.connect(bob).registerAgent(AGENT_URI, [1n], 0n);
      expect(await agents.agentsUsingModelCount(1n)).to.equal(5n);
      expect(await agents.agentsUsingModel(1n, 0n, 2n)).to.deep.equal([1n, 2n]);
      expect(await agents.agentsUsingModel(1n, 2n, 2n)).to.deep.equal([3n, 4n]);
      expect(await agents.agentsUsingModel(1n, 4n, 2n)).to.deep.equal([5n]);
      expect(await agents.agentsUsingModel(1n, 5n, 2n)).to.deep.equal([]);
      expect(await agents.agentsUsingModel(1n, ethers.MaxUint256, 500n)).to.deep.equal([]);
      expect(await agents.agentsUsingModel(7n, 0n, 500n)).to.deep.equal([]);
    });

    it("refuses a page larger than MAX_PAGE", async function () {
      const { agents } = await loadFixture(withAgents);
      await expect(agents.agentsUsingModel(1n, 0n, 501n))
        .to.be.revertedWithCustomError(agents, "PageTooLarge")
        .withArgs(501n, 500n);
    });
  });
});
