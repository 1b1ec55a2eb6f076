// The challenges reader, and the rewards reader on a held root: what `rewards:challenges`, `attributor:show` and
// `rewards:status` print while a challenge stands and after it is upheld.
import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { readChallenges, readStake } from "../../src/read/challenges";
import { readRewardsStatus } from "../../src/read/rewards";
import { BOND, EVIDENCE_HASH, EVIDENCE_URI, MIN_STAKE, deployWithChallenge } from "../helpers/challenges";

describe("challenges reader", function () {
  it("shows a challenged root as held, with no date, and the open challenge with its deadline", async function () {
    const { challenges, rewards, watcher, attributor, epoch, challenge } = await loadFixture(deployWithChallenge);
    const status = await readRewardsStatus(rewards);
    expect(status.pending).to.include({ epoch, held: true, claimableAt: null });
    const read = await readChallenges(challenges);
    expect(read).to.include({ challengeBond: BOND, minStake: MIN_STAKE, totalStaked: MIN_STAKE, totalBonded: BOND });
    expect(read.challenges).to.deep.equal([
      {
        id: 1n,
        epoch,
        status: "Open",
        challenger: watcher.address,
        attributor: attributor.address,
        bond: BOND,
        evidenceHash: EVIDENCE_HASH,
        evidenceURI: EVIDENCE_URI,
        openedAt: new Date(Number(challenge.openedAt) * 1000).toISOString(),
        deadline: new Date(Number(challenge.deadline) * 1000).toISOString(),
      },
    ]);
    expect((await readChallenges(challenges, epoch + 1n)).challenges).to.deep.equal([]);
  });

  it("shows the slashed attributor unable to post and the challenger owed its bond and half the slash", async function () {
    const { challenges, resolver, watcher, attributor } = await loadFixture(deployWithChallenge);
    await challenges.connect(resolver).resolveChallenge(1n, true);
    expect((await readChallenges(challenges)).challenges[0].status).to.equal("Upheld");
    expect(await readStake(challenges, attributor.address)).to.deep.equal({
      attributor: attributor.address,
      active: MIN_STAKE / 2n,
      unstaking: 0n,
      unlockAt: null,
      minStake: MIN_STAKE,
      canPost: false,
      owed: 0n,
    });
    expect((await readStake(challenges, watcher.address)).owed).to.equal(BOND + MIN_STAKE / 4n);
  });
});
