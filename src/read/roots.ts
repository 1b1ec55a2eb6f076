// A posted root as its events tell it: AttributionRewards keeps only the accepted and the pending root in storage
// (EpochRoots), and every root's data, its revocation, hold and release in events indexed by epoch.
import { ZeroHash, toBeHex, zeroPadValue } from "ethers";
import type { AttributionRewards } from "../../typechain-types";
import { sinceDeployment } from "../chain/logs";
import { HELD } from "./json";

/** A root as posted, with what happened to it since. All zero (and `revoked` false) for an epoch never posted. */
export interface PostedRoot {
  epoch: bigint;
  root: string;
  totalAllocated: bigint;
  dataHash: string;
  dataURI: string;
  /** The timestamp of the block that posted it. */
  postedAt: bigint;
  /** When it becomes claimable: its window's end, HELD while a challenge holds it, or the release's new end. */
  claimableAt: bigint;
  revoked: boolean;
}

const EVENTS = ["RootPosted", "RootRevoked", "RootHeld", "RootReleased"] as const;

/** Root `epoch` as its events (RootPosted, then any RootHeld, RootReleased, RootRevoked) tell it. */
export async function readRoot(rewards: AttributionRewards, epoch: bigint | number): Promise<PostedRoot> {
  const posted: PostedRoot = {
    epoch: BigInt(epoch),
    root: ZeroHash,
    totalAllocated: 0n,
    dataHash: ZeroHash,
    dataURI: "",
    postedAt: 0n,
    claimableAt: 0n,
    revoked: false,
  };
  if (posted.epoch <= 0n) return posted;
  const topics = EVENTS.map((name) => rewards.interface.getEvent(name).topicHash);
  const provider = rewards.runner!.provider!;
  const filter = { address: await rewards.getAddress(), topics: [topics, zeroPadValue(toBeHex(posted.epoch), 32)] };
  const logs = await sinceDeployment(rewards, (fromBlock, toBlock) =>
    provider.getLogs({ ...filter, fromBlock, toBlock }),
  );
  for (const log of logs) {
    const event = rewards.interface.parseLog(log)!;
    if (event.name === "RootPosted") {
      const block = await log.getBlock();
      Object.assign(posted, {
        root: event.args.root,
        totalAllocated: event.args.totalAllocated,
        dataHash: event.args.dataHash,
        dataURI: event.args.dataURI,
        postedAt: BigInt(block.timestamp),
        claimableAt: event.args.claimableAt,
      });
    } else if (event.name === "RootRevoked") posted.revoked = true;
    else if (event.name === "RootHeld") posted.claimableAt = HELD;
    else posted.claimableAt = event.args.claimableAt;
  }
  return posted;
}
