// RootChallenges against a model: random sequences of stakes, unstake requests and completions, posts by two
// attributors, challenges, resolutions both ways, expiries, guardian revocations, withdrawals and time, with the
// money checked after every step: stakes + bonds + owed = what the contract holds, account by account.
import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { refusalsOf } from "../helpers/tried";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { BOND, EVIDENCE_HASH, EVIDENCE_URI, deployChallenges } from "../helpers/challenges";
import { readRoot } from "../../src/read/roots";

const OPEN = 10n ** 18n;
const amount = fc.bigInt({ min: 1n, max: 200_000n }).map((n) => n * OPEN);
const who = fc.integer({ min: 0, max: 3 });

const action = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("stake" as const), who, amount }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("request" as const),
      who,
      percent: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.constant(101)),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("complete" as const), who }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("post" as const), by: fc.integer({ min: 0, max: 1 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("challenge" as const), who, extra: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("resolve" as const), upheld: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("expire" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("revoke" as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("withdraw" as const), who: fc.integer({ min: 0, max: 4 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("wait" as const),
      seconds: fc.constantFrom(60, 1_800, 3_600, 86_400, 2 * 86_400),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("slash" as const), bps: fc.integer({ min: 1_000, max: 10_000 }) }),
  },
);
type Action = typeof action extends fc.Arbitrary<infer A> ? A : never;

async function deployWorld() {
  const ctx = await deployChallenges();
  const { rewards, challenges, token, admin, alice } = ctx;
  await rewards.connect(admin).grantRole(await rewards.ATTRIBUTOR_ROLE(), alice.address);
  await token.transfer(alice.address, 1_000_000n * OPEN);
  await token.connect(alice).approve(challenges, ethers.MaxUint256);
  await challenges.connect(admin).setMinStake(50_000n * OPEN);
  // The shortest window and resolution period, so that a run sees roots accepted, challenges expire and stakes leave.
  await rewards.connect(admin).setChallengeWindow(3_600n);
  await challenges.connect(admin).setResolutionPeriod(86_400n);
  const people: HardhatEthersSigner[] = [ctx.attributor, alice, ctx.watcher, ctx.griefer];
  return { ...ctx, people, attributors: [ctx.attributor, alice], everyone: [...people, ctx.treasury] };
}

/** What the contract must hold for each account, as the model computes it. */
class Model {
  active = new Map<string, bigint>();
  unstaking = new Map<string, bigint>();
  owed = new Map<string, bigint>();
  bonds = new Map<bigint, { bond: bigint; challenger: string; attributor: string }>();

  get(map: Map<string, bigint>, key: string): bigint {
    return map.get(key) ?? 0n;
  }
  add(map: Map<string, bigint>, key: string, delta: bigint): void {
    map.set(key, this.get(map, key) + delta);
  }
  slash(attributor: string, bps: bigint): bigint {
    const active = this.get(this.active, attributor);
    const total = active + this.get(this.unstaking, attributor);
    const amount = (total * bps) / 10_000n;
    const fromActive = amount < active ? amount : active;
    this.add(this.active, attributor, -fromActive);
    this.add(this.unstaking, attributor, fromActive - amount);
    return amount;
  }
}

describe("RootChallenges (property)", function () {
  it("holds exactly the stakes, the open bonds and what it owes, account by account, after every step", async function () {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 20, maxLength: 40 }), async (actions: Action[]) => {
        const world = await loadFixture(deployWorld);
        const { challenges, rewards, token, resolver, guardian } = world;
        const model = new Model();
        for (const a of world.attributors) {
          model.add(model.active, a.address, (await challenges.stakeOf(a.address)).active);
        }
        const treasury = await rewards.protocolTreasury();
        let slashBps = BigInt(await challenges.slashBps());
        const CHALLENGER_REWARD_BPS = BigInt(await challenges.CHALLENGER_REWARD_BPS());
        let roots = 0;
        const holders = [challenges, ...world.everyone];
        const supply = async () => (await Promise.all(holders.map((h) => token.balanceOf(h)))).reduce((x, y) => x + y);
        const initialSupply = await supply();

        const tried = refusalsOf(challenges, rewards);
        /** Moves the clock to `t`, if it is still ahead. */
        const advanceTo = async (t: bigint) => {
          if (t > BigInt(await time.latest())) await time.increaseTo(t);
        };
        const openChallenge = async () => {
          const id = await challenges.challengeCount();
          return id !== 0n && (await challenges.getChallenge(id)).status === 1n ? id : 0n;
        };

        async function step(a: Action): Promise<void> {
          switch (a.kind) {
            case "stake": {
              const s = world.people[a.who];
              if (await tried(() => challenges.connect(s).stake(a.amount)))
                model.add(model.active, s.address, a.amount);
              return;
            }
            case "request": {
              const s = world.people[a.who];
              // A share of the active stake (101% is more than there is).
              const requested = (model.get(model.active, s.address) * BigInt(a.percent)) / 100n;
              if (await tried(() => challenges.connect(s).requestUnstake(requested))) {
                model.add(model.active, s.address, -requested);
                model.add(model.unstaking, s.address, requested);
              }
              return;
            }
            case "complete": {
              const s = world.people[a.who];
              // Mostly after the delay, so that what decides is whether the stake is still in use.
              const { unlockAt } = await challenges.stakeOf(s.address);
              await advanceTo(unlockAt);
              if (await tried(() => challenges.connect(s).completeUnstake())) model.unstaking.set(s.address, 0n);
              return;
            }
            case "post": {
              const s = world.attributors[a.by];
              // A root still in its window blocks the post: wait it out first, unless a challenge holds it.
              const pending = await rewards.pendingEpoch();
              const { claimableAt } = await readRoot(rewards, pending);
              if (pending !== 0n && claimableAt !== 2n ** 64n - 1n) await advanceTo(claimableAt);
              await tried(() =>
                rewards.connect(s).postRoot(ethers.id(`root ${++roots}`), 0n, ethers.id("d"), "ipfs://d"),
              );
              return;
            }
            case "challenge": {
              const s = world.people[a.who];
              // Mostly of a root posted for it, so that what decides is the challenge itself.
              if ((await rewards.pendingEpoch()) === 0n) await step({ kind: "post", by: a.who % 2 });
              const epoch = await rewards.pendingEpoch();
              const bond = a.extra ? BOND + 1n : BOND;
              if (await tried(() => challenges.connect(s).challengeRoot(epoch, bond, EVIDENCE_HASH, EVIDENCE_URI))) {
                const id = await challenges.challengeCount();
                const attributor = await challenges.posterOf(epoch);
                model.bonds.set(id, { bond, challenger: s.address, attributor });
              }
              return;
            }
            case "resolve": {
              const id = await openChallenge();
              if (await tried(() => challenges.connect(resolver).resolveChallenge(id, a.upheld))) {
                const c = model.bonds.get(id)!;
                model.bonds.delete(id);
                if (a.upheld) {
                  const slashed = model.slash(c.attributor, slashBps);
                  const reward = (slashed * CHALLENGER_REWARD_BPS) / 10_000n;
                  model.add(model.owed, c.challenger, c.bond + reward);
                  model.add(model.owed, treasury, slashed - reward);
                } else model.add(model.owed, treasury, c.bond);
              }
              return;
            }
            case "expire": {
              const id = await openChallenge();
              if (id !== 0n) await advanceTo((await challenges.getChallenge(id)).deadline);
              if (await tried(() => challenges.expireChallenge(id))) {
                model.add(model.owed, treasury, model.bonds.get(id)!.bond);
                model.bonds.delete(id);
              }
              return;
            }
            case "revoke":
              await tried(() => rewards.connect(guardian).revokeRoot());
              return;
            case "withdraw": {
              const s = world.everyone[a.who];
              if (await tried(() => challenges.connect(s).withdraw(s.address))) model.owed.set(s.address, 0n);
              return;
            }
            case "wait":
              await time.increase(a.seconds);
              return;
            case "slash":
              await challenges.connect(world.admin).setSlashBps(a.bps);
              slashBps = BigInt(a.bps);
              return;
          }
        }

        for (const a of actions) {
          await step(a);
          const accounts = world.everyone.map((s) => s.address);
          const stakes = await Promise.all(accounts.map((x) => challenges.stakeOf(x)));
          const owed = await Promise.all(accounts.map((x) => challenges.owed(x)));
          expect(stakes.map((s) => [s.active, s.unstaking])).to.deep.equal(
            accounts.map((x) => [model.get(model.active, x), model.get(model.unstaking, x)]),
          );
          expect(owed).to.deep.equal(accounts.map((x) => model.get(model.owed, x)));
          const staked = stakes.reduce((sum, s) => sum + s.active + s.unstaking, 0n);
          const bonded = [...model.bonds.values()].reduce((sum, b) => sum + b.bond, 0n);
          const owedSum = owed.reduce((x, y) => x + y, 0n);
          expect(await challenges.totalStaked()).to.equal(staked);
          expect(await challenges.totalBonded()).to.equal(bonded);
          expect(await challenges.totalOwed()).to.equal(owedSum);
          expect(await token.balanceOf(challenges)).to.equal(staked + bonded + owedSum);
          expect(await supply()).to.equal(initialSupply);
        }
      }),
      { numRuns: 12 },
    );
  });
});
