// What settlement reads, behind one interface: receipts, lineages and versions, from a chain or from anything else
// that serves the same facts (the benchmark's synthetic epochs).
//
// The chain-backed source reads in bounded pages: receipts and contribution records (from the Datanet's deployment
// block on) come from eth_getLogs over LOG_QUERY_BLOCKS-block ranges (src/chain/logs.ts), decoded with the
// contract's Interface straight from the raw logs (no per-event contract objects), so a version of 3,000
// contributions costs a few log queries, not 3,000 calls.
import { getAddress, toBeHex, zeroPadValue, type Provider } from "ethers";
import type { AttributionRewards, Datanet, ModelRegistry } from "../../typechain-types";
import { getLogs } from "../chain/logs";
import type { LineageEntry } from "../chain/types";
import type { Hex } from "./tree";

/** A paid-inference receipt as read from an InferencePaid event. */
export interface Receipt {
  inferenceId: Hex;
  /** Receipts are keyed by (payer, model, agent, id), as the contract keys payments. */
  payer: string;
  modelId: bigint;
  agentId: bigint;
  /** To the model's own lineage. */
  dataPoolAmount: bigint;
  /** To the base model's lineage (an adapter's royalty); 0 for a base model. */
  baseDataPoolAmount: bigint;
  blockNumber: number;
  logIndex: number;
}

/** An approved contribution of a published version, with its contributor's reputation in the datanet. */
export interface VersionContribution {
  contributionId: bigint;
  contributor: string;
  contentHash: Hex;
  sizeBytes: bigint;
  qualityBps: number;
  approved: number;
  rejected: number;
}

/** Everything computeEpoch reads, as of a block: chain state is read at `blockTag` so a recomputation agrees. */
export interface SettlementSource {
  chainId(): Promise<number>;
  rewardsAddress(): Promise<string>;
  /** The InferencePaid receipts in [fromBlock, toBlock], in chain order. */
  receipts(fromBlock: number, toBlock: number): Promise<Receipt[]>;
  lineageOf(modelId: bigint, blockTag: number): Promise<LineageEntry[]>;
  /** The base model an adapter builds on (0 for a base model). */
  baseModelOf(modelId: bigint, blockTag: number): Promise<bigint>;
  /** The version's approved contributions in approval order. */
  versionContributions(datanetId: bigint, version: number, blockTag: number): Promise<VersionContribution[]>;
  /** The registered weights hash of a model: Factory outputs are proven by rerunning these weights. */
  weightsHashOf(modelId: bigint, blockTag: number): Promise<Hex>;
  /** The model's serving key (the zero address for none): other outputs are proven by its signature. */
  servingKeyOf(modelId: bigint, blockTag: number): Promise<string>;
}

export interface SettlementContracts {
  datanet: Datanet;
  models: ModelRegistry;
  rewards: AttributionRewards;
}

/** Whether `value` is a source rather than the contracts a chain source is made from. */
export const isSettlementSource = (value: SettlementSource | SettlementContracts): value is SettlementSource =>
  typeof (value as SettlementSource).receipts === "function";

const byChainOrder = (a: { blockNumber: number; index: number }, b: { blockNumber: number; index: number }) =>
  a.blockNumber - b.blockNumber || a.index - b.index;

/** One datanet's contribution events up to a block, folded into what versions need. */
interface DatanetHistory {
  submitted: Map<bigint, { contributor: string; contentHash: Hex; sizeBytes: bigint }>;
  /** Approved contribution ids by approved index, with their quality. */
  approved: { contributionId: bigint; qualityBps: number }[];
  reputation: Map<string, { approved: number; rejected: number }>;
}

/** Reads settlement's inputs from the deployed contracts. */
export class ChainSettlementSource implements SettlementSource {
  private readonly histories = new Map<string, Promise<DatanetHistory>>();
  private datanetDeployment?: Promise<bigint>;

  constructor(private readonly contracts: SettlementContracts) {}

  private get provider(): Provider {
    return this.contracts.rewards.runner!.provider!;
  }

  async chainId(): Promise<number> {
    return Number((await this.provider.getNetwork()).chainId);
  }

  async rewardsAddress(): Promise<string> {
    return getAddress(await this.contracts.rewards.getAddress());
  }

  async receipts(fromBlock: number, toBlock: number): Promise<Receipt[]> {
    const { rewards } = this.contracts;
    const event = rewards.interface.getEvent("InferencePaid");
    const logs = await getLogs(this.provider, await rewards.getAddress(), [event.topicHash], fromBlock, toBlock);
    return logs.sort(byChainOrder).map((log) => {
      const args = rewards.interface.decodeEventLog(event, log.data, log.topics);
      return {
        inferenceId: args.inferenceId as Hex,
        payer: getAddress(args.payer as string),
        modelId: args.modelId as bigint,
        agentId: args.agentId as bigint,
        dataPoolAmount: args.split.dataPoolAmount as bigint,
        baseDataPoolAmount: args.split.baseDataPoolAmount as bigint,
        blockNumber: log.blockNumber,
        logIndex: log.index,
      };
    });
  }

  async lineageOf(modelId: bigint, blockTag: number): Promise<LineageEntry[]> {
    const lineage = await this.contracts.models.lineageOf(modelId, { blockTag });
    return lineage.map((e) => ({ datanetId: e.datanetId, version: Number(e.version), weightBps: Number(e.weightBps) }));
  }

  async baseModelOf(modelId: bigint, blockTag: number): Promise<bigint> {
    return (await this.contracts.models.getModel(modelId, { blockTag })).baseModelId;
  }

  async versionContributions(datanetId: bigint, version: number, blockTag: number): Promise<VersionContribution[]> {
    const { approvedCount } = await this.contracts.datanet.getVersion(datanetId, version, { blockTag });
    const history = await this.historyOf(datanetId, blockTag);
    return history.approved.slice(0, Number(approvedCount)).map(({ contributionId, qualityBps }) => {
      const submitted = history.submitted.get(contributionId)!;
      return { contributionId, qualityBps, ...submitted, ...history.reputation.get(submitted.contributor)! };
    });
  }

  async weightsHashOf(modelId: bigint, blockTag: number): Promise<Hex> {
    return (await this.contracts.models.getModel(modelId, { blockTag })).weightsHash as Hex;
  }

  async servingKeyOf(modelId: bigint, blockTag: number): Promise<string> {
    return this.contracts.models.servingKeyOf(modelId, { blockTag });
  }

  private historyOf(datanetId: bigint, blockTag: number): Promise<DatanetHistory> {
    const key = `${datanetId}@${blockTag}`;
    if (!this.histories.has(key)) this.histories.set(key, this.readHistory(datanetId, blockTag));
    return this.histories.get(key)!;
  }

  private async readHistory(datanetId: bigint, blockTag: number): Promise<DatanetHistory> {
    const { datanet } = this.contracts;
    const events = [
      "ContributionSubmitted",
      "ContributionsSubmitted",
      "ContributionApproved",
      "ContributionRejected",
    ] as const;
    const fragments = events.map((name) => datanet.interface.getEvent(name));
    const topics = [fragments.map((f) => f.topicHash), zeroPadValue(toBeHex(datanetId), 32)];
    this.datanetDeployment ??= datanet.deploymentBlock();
    const from = Number(await this.datanetDeployment);
    const logs = await getLogs(this.provider, await datanet.getAddress(), topics, from, blockTag);
    const history: DatanetHistory = { submitted: new Map(), approved: [], reputation: new Map() };
    for (const log of logs.sort(byChainOrder)) {
      const fragment = fragments.find((f) => f.topicHash === log.topics[0])!;
      const args = datanet.interface.decodeEventLog(fragment, log.data, log.topics);
      const contributor = getAddress(args.contributor as string);
      const reputation = history.reputation.get(contributor) ?? { approved: 0, rejected: 0 };
      history.reputation.set(contributor, reputation);
      if (fragment.name === "ContributionSubmitted") {
        const { contentHash, sizeBytes } = args as unknown as { contentHash: Hex; sizeBytes: bigint };
        history.submitted.set(args.contributionId as bigint, { contributor, contentHash, sizeBytes });
      } else if (fragment.name === "ContributionsSubmitted") {
        // A batch: ids firstId, firstId + 1, ... in the order of its inputs.
        const { firstId, inputs } = args as unknown as {
          firstId: bigint;
          inputs: { contentHash: Hex; sizeBytes: bigint }[];
        };
        inputs.forEach(({ contentHash, sizeBytes }, i) =>
          history.submitted.set(firstId + BigInt(i), { contributor, contentHash, sizeBytes }),
        );
      } else if (fragment.name === "ContributionApproved") {
        reputation.approved++;
        history.approved[Number(args.approvedIndex)] = {
          contributionId: args.contributionId as bigint,
          qualityBps: Number(args.qualityBps),
        };
      } else {
        reputation.rejected++;
      }
    }
    return history;
  }
}

/** The source for a settlement's inputs: `input` itself, or the chain behind the given contracts. */
export function settlementSource(input: SettlementSource | SettlementContracts): SettlementSource {
  return isSettlementSource(input) ? input : new ChainSettlementSource(input);
}
