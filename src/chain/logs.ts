// Event logs read in bounded pages from a contract's deployment block: public endpoints cap the block range one
// eth_getLogs may span, and a scan from block 0 on a long chain is thousands of queries for nothing.
import type { ContractRunner, Log, Provider } from "ethers";
import type { TypedContractEvent, TypedDeferredTopicFilter, TypedEventLog } from "../../typechain-types/common";

/** Blocks per log query: public endpoints cap the range one eth_getLogs may span. */
export const LOG_QUERY_BLOCKS = 5_000;

/** A contract that records the block it was deployed in (AttributionRewards, Datanet, FeedbackRegistry). */
export interface Deployed {
  readonly runner: ContractRunner | null;
  deploymentBlock(): Promise<bigint>;
}

/** Runs `query` over [fromBlock, toBlock] in consecutive ranges of at most LOG_QUERY_BLOCKS blocks, in order. */
export async function inPages<T>(
  fromBlock: number,
  toBlock: number,
  query: (fromBlock: number, toBlock: number) => Promise<T[]>,
): Promise<T[]> {
  const results: T[] = [];
  for (let start = fromBlock; start <= toBlock; start += LOG_QUERY_BLOCKS) {
    results.push(...(await query(start, Math.min(start + LOG_QUERY_BLOCKS - 1, toBlock))));
  }
  return results;
}

/** Runs eth_getLogs over [fromBlock, toBlock] in bounded ranges. */
export function getLogs(
  provider: Provider,
  address: string,
  topics: (string | string[] | null)[],
  fromBlock: number,
  toBlock: number,
): Promise<Log[]> {
  return inPages(fromBlock, toBlock, (from, to) => provider.getLogs({ address, topics, fromBlock: from, toBlock: to }));
}

/**
 * The chain's current block, asked of the node where the provider can (eth_blockNumber): ethers' own providers
 * answer getBlockNumber from a cache for a moment, and a transaction's sender caches the block before it, so a read
 * right after a transaction would stop short of the block that holds its events.
 */
export async function currentBlock(provider: Provider): Promise<number> {
  const { send } = provider as Provider & { send?: (method: string, params: unknown[]) => Promise<string> };
  return send ? Number(await send.call(provider, "eth_blockNumber", [])) : provider.getBlockNumber();
}

/**
 * Runs `query` over every block from the contract's deployment (or `fromBlock`, if later) to the current one, in
 * bounded ranges: what a query from block 0 to "latest" would return.
 */
export async function sinceDeployment<T>(
  contract: Deployed,
  query: (fromBlock: number, toBlock: number) => Promise<T[]>,
  fromBlock = 0,
): Promise<T[]> {
  const [deployed, latest] = await Promise.all([contract.deploymentBlock(), currentBlock(contract.runner!.provider!)]);
  return inPages(Math.max(Number(deployed), fromBlock), latest, query);
}

/** A deployed contract's typed queryFilter, as TypeChain declares it. */
interface Queryable extends Deployed {
  queryFilter<E extends TypedContractEvent>(
    filter: TypedDeferredTopicFilter<E>,
    fromBlock?: number,
    toBlock?: number,
  ): Promise<TypedEventLog<E>[]>;
}

/** The events `filter` matches since the contract's deployment (or `fromBlock`, if later), in chain order. */
export function queryEvents<E extends TypedContractEvent>(
  contract: Queryable,
  filter: TypedDeferredTopicFilter<E>,
  fromBlock = 0,
): Promise<TypedEventLog<E>[]> {
  return sinceDeployment(contract, (from, to) => contract.queryFilter(filter, from, to), fromBlock);
}
