// What every step of the payout job works with: the contracts, the store, the signer, the journal and the run's
// log of actions; and the event lookups that tell a resumed step what the chain already holds.
import type { Provider } from "ethers";
import type { AttributionRewards, Datanet, ModelRegistry } from "../../typechain-types";
import type { TypedContractEvent, TypedDeferredTopicFilter } from "../../typechain-types/common";
import { queryEvents } from "../chain/logs";
import type { ContentStore } from "../store/ContentStore";
import type { EpochRecord, Journal } from "./journal";
import type { Effect, SendContext } from "./send";
import type { PayoutAction } from "./status";

/** The contracts the job reads and writes: settlement's, with the rewards contract it posts to and claims from. */
export interface PayoutContracts {
  datanet: Datanet;
  models: ModelRegistry;
  rewards: AttributionRewards;
}

export interface Job {
  contracts: PayoutContracts;
  store: ContentStore;
  provider: Provider;
  journal: Journal;
  /** Absolute path of the state directory. */
  stateDir: string;
  logsDir: string;
  dryRun: boolean;
  /** Accounts per claim batch: at most the contract's MAX_BATCH_CLAIMS. */
  batchSize: number;
  /** Blocks a receipt must be below the chain's head before it is settled. */
  confirmations: number;
  send: SendContext;
  /** What this run did (or, in a dry run, would do), in order. */
  actions: PayoutAction[];
}

/** Records an action of this run. */
export function act(job: Job, action: PayoutAction): void {
  job.actions.push(action);
}

/** Writes the journal (nothing in a dry run: a dry run leaves the state as it found it). */
export async function save(job: Job): Promise<void> {
  await job.send.save();
}

/** The first event `filter` matches from `fromBlock` on (read in bounded pages), as the transaction that made it. */
export async function firstEvent<E extends TypedContractEvent>(
  rewards: AttributionRewards,
  filter: TypedDeferredTopicFilter<E>,
  fromBlock: number,
): Promise<Effect | undefined> {
  const [event] = await queryEvents(rewards, filter, fromBlock);
  return event ? { hash: event.transactionHash, block: event.blockNumber } : undefined;
}

/** The block from which an epoch's events can appear: after the block its settlement ended at, when known. */
export function eventsFrom(record: EpochRecord): number {
  return record.settle?.toBlock ?? 0;
}
