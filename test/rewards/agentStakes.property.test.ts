// AgentStakes against a model: random sequences of agent stakes, unstake requests and completions, payments,
// complaints (paid, unpaid and replayed), resolutions both ways, expiries, agent transfers, withdrawals and time,
// with the money checked after every step: stakes + bonds + owed = what the contract holds, agent by agent.
import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { refusalsOf } from "../helpers/tried";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { AGENT_FEE, MODEL } from "../helpers/rewards";
import { COMPLAINT_BOND, EVIDENCE_HASH, EVIDENCE_URI, deployAgentStakes } from "../helpers/agentStakes";

const OPEN = 10n ** 18n;
const AGENTS = [1n, 2n];
const agent = fc.integer({ min: 0, max: 1 });
const who = fc.integer({ min: 0, max: 2 });

const action = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("stake" as const),
      agent,
      amount: fc.bigInt({ min: 0n, max: 10_000n }).map((n) => n * OPEN),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("request" as const),
      agent,
      percent: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.constant(101)),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("complete" as const), agent, early: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("pay" as const), who, agent }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant("complain" as const), who, pick: fc.nat(), extra: fc.boolean() }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("resolve" as const), upheld: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("expire" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("transfer" as const), agent, to: who }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("withdraw" as const), who: fc.integer({ min: 0, max: 3 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("wait" as const),
      seconds: fc.constantFrom(60, 3_600, 86_400, 7 * 86_400),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("slash" as const), bps: fc.integer({ min: 100, max: 5_000 }) }),
  },
);
type Action = typeof action extends fc.Arbitrary<infer A> ? A : never;

async function deployWorld() {
  const ctx = await deployAgentStakes();
  const { agents, token, stakes, rewards, admin, buyer, payer, agentOwner } = ctx;
  await agents.setAgent(2n, buyer.address, AGENT_FEE, true);
  await agents.setUsesModel(2n, MODEL, true);
  await token.connect(buyer).approve(rewards, ethers.MaxUint256);
  await token.connect(agentOwner).approve(rewards, ethers.MaxUint256);
  // The shortest resolution period, so that a run sees complaints expire and stakes leave.
  await stakes.connect(admin).setResolutionPeriod(86_400n);
  const people: HardhatEthersSigner[] = [agentOwner, buyer, payer];
  return { ...ctx, people, everyone: [...people, ctx.treasury] };
}

describe("AgentStakes (property)", function () {
  it("holds exactly the stakes, the open bonds and what it owes, agent by agent, after every step", async function () {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 20, maxLength: 40 }), async (actions: Action[]) => {
        const world = await loadFixture(deployWorld);
        const { stakes, rewards, token, agents, resolver } = world;
        const active = new Map<bigint, bigint>(AGENTS.map((id) => [id, 0n]));
        const unstaking = new Map<bigint, bigint>(AGENTS.map((id) => [id, 0n]));
        active.set(1n, (await stakes.stakeOf(1n)).active);
        const owed = new Map<string, bigint>();
        const bonds = new Map<bigint, { bond: bigint; complainant: string; agentId: bigint }>();
        const owners = new Map<bigint, HardhatEthersSigner>([
          [1n, world.agentOwner],
          [2n, world.buyer],
        ]);
        const paid: { payer: HardhatEthersSigner; agentId: bigint; id: string }[] = [];
        const treasury = await rewards.protocolTreasury();
        let slashBps = BigInt(await stakes.slashBps());
        let payments = 0;
        const add = (m: Map<string, bigint>, k: string, d: bigint) => m.set(k, (m.get(k) ?? 0n) + d);

        const tried = refusalsOf(stakes, rewards);
        const openComplaint = async () => {
          for (let id = await stakes.complaintCount(); id > 0n; id--) {
            if ((await stakes.getComplaint(id)).status === 1n) return id;
          }
          return 0n;
        };

        async function step(a: Action): Promise<void> {
          const agentId = "agent" in a ? AGENTS[a.agent] : 0n;
          const owner = owners.get(agentId)!;
          switch (a.kind) {
            case "stake":
              if (await tried(() => stakes.connect(owner).stake(agentId, a.amount))) {
                active.set(agentId, active.get(agentId)! + a.amount);
              }
              return;
            case "request": {
              const requested = (active.get(agentId)! * BigInt(a.percent)) / 100n;
              if (await tried(() => stakes.connect(owner).requestUnstake(agentId, requested))) {
                active.set(agentId, active.get(agentId)! - requested);
                unstaking.set(agentId, unstaking.get(agentId)! + requested);
              }
              return;
            }
            case "complete": {
              const { unlockAt } = await stakes.stakeOf(agentId);
              if (!a.early && unlockAt > BigInt(await time.latest())) await time.increaseTo(unlockAt);
              if (await tried(() => stakes.connect(owner).completeUnstake(agentId))) unstaking.set(agentId, 0n);
              return;
            }
            case "pay": {
              const payer = world.people[a.who];
              const id = ethers.id(`payment ${++payments}`);
              if (await tried(() => rewards.connect(payer).payInference(id, MODEL, agentId, ethers.MaxUint256))) {
                paid.push({ payer, agentId, id });
              }
              return;
            }
            case "complain": {
              // Mostly a paid inference (perhaps already complained about); sometimes someone else's payment.
              if (paid.length === 0) await step({ kind: "pay", who: a.who, agent: 0 });
              const p = paid[a.pick % paid.length];
              const complainant = a.pick % 5 === 0 ? world.people[a.who] : p.payer;
              const bond = a.extra ? COMPLAINT_BOND + 1n : COMPLAINT_BOND;
              const file = () =>
                stakes.connect(complainant).complain(p.agentId, MODEL, p.id, bond, EVIDENCE_HASH, EVIDENCE_URI);
              if (await tried(file)) {
                bonds.set(await stakes.complaintCount(), {
                  bond,
                  complainant: complainant.address,
                  agentId: p.agentId,
                });
              }
              return;
            }
            case "resolve": {
              const id = await openComplaint();
              if (await tried(() => stakes.connect(resolver).resolveComplaint(id, a.upheld))) {
                const c = bonds.get(id)!;
                bonds.delete(id);
                if (a.upheld) {
                  const act = active.get(c.agentId)!;
                  const slashed = ((act + unstaking.get(c.agentId)!) * slashBps) / 10_000n;
                  const fromActive = slashed < act ? slashed : act;
                  active.set(c.agentId, act - fromActive);
                  unstaking.set(c.agentId, unstaking.get(c.agentId)! - (slashed - fromActive));
                  // Half to the complainant (COMPLAINANT_REWARD_BPS), the rest to the treasury.
                  const reward = slashed / 2n;
                  add(owed, c.complainant, c.bond + reward);
                  add(owed, treasury, slashed - reward);
                } else add(owed, treasury, c.bond);
              }
              return;
            }
            case "expire": {
              const id = await openComplaint();
              const deadline = id === 0n ? 0n : (await stakes.getComplaint(id)).deadline;
              if (deadline > BigInt(await time.latest())) await time.increaseTo(deadline);
              if (await tried(() => stakes.expireComplaint(id))) {
                add(owed, bonds.get(id)!.complainant, bonds.get(id)!.bond);
                bonds.delete(id);
              }
              return;
            }
            case "transfer":
              await agents.setOwner(agentId, world.people[a.to].address);
              owners.set(agentId, world.people[a.to]);
              return;
            case "withdraw": {
              const s = world.everyone[a.who];
              if (await tried(() => stakes.connect(s).withdraw(s.address))) owed.set(s.address, 0n);
              return;
            }
            case "wait":
              await time.increase(a.seconds);
              return;
            case "slash":
              await stakes.connect(world.admin).setSlashBps(a.bps);
              slashBps = BigInt(a.bps);
              return;
          }
        }

        for (const a of actions) {
          await step(a);
          const onChain = await Promise.all(AGENTS.map((id) => stakes.stakeOf(id)));
          expect(onChain.map((s) => [s.active, s.unstaking])).to.deep.equal(
            AGENTS.map((id) => [active.get(id), unstaking.get(id)]),
          );
          const accounts = world.everyone.map((s) => s.address);
          const owedNow = await Promise.all(accounts.map((x) => stakes.owed(x)));
          expect(owedNow).to.deep.equal(accounts.map((x) => owed.get(x) ?? 0n));
          const staked = onChain.reduce((sum, s) => sum + s.active + s.unstaking, 0n);
          const bonded = [...bonds.values()].reduce((sum, b) => sum + b.bond, 0n);
          const owedSum = owedNow.reduce((x, y) => x + y, 0n);
          expect(await stakes.totalStaked()).to.equal(staked);
          expect(await stakes.totalBonded()).to.equal(bonded);
          expect(await stakes.totalOwed()).to.equal(owedSum);
          expect(await token.balanceOf(stakes)).to.equal(staked + bonded + owedSum);
        }
      }),
      { numRuns: 12 },
    );
  });
});
