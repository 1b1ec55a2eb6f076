// An epoch's running tally: the lineages and version corpora it loads once, what each account gains, and each
// version's unattributed amount, spread once at the end by
// the credit measured for the version's contributions (bytes when none was).
import type { AttributeOptions } from "../attribution/engine";
import type { LineageEntry } from "../chain/types";
import type { ContentStore } from "../store/ContentStore";
import { spreadRemainder } from "../attribution/remainder";
import { splitPools, spreadByBytes } from "./allocate";
import { creditOutput, type VersionCredit } from "./methods";
import type { ProvenEntry } from "./provenOutputs";
import { loadVersionCorpus, type Exclusion, type VersionCorpus } from "./availability";
import type { SettlementSource } from "./source";

/** One datanet version's part of an amount, as split by a model's lineage. */
export interface VersionPart {
  datanetId: bigint;
  version: number;
  amount: bigint;
  /** Whether the part is an adapter's royalty to its base's lineage. */
  fromBase?: boolean;
}

/** The data pools of a payment, or their sums over several. */
export interface DataPools {
  dataPoolAmount: bigint;
  baseDataPoolAmount: bigint;
}

/** A version's remainder of the epoch and the rule that spread it: measured credit, or bytes when none was measured. */
export interface Remainder {
  datanetId: string;
  version: number;
  amount: string;
  rule: "measured-credit" | "bytes";
}

/** What spreading the remainders produced: one row per version, and what could not be paid to anyone. */
export interface SpreadResult {
  remainders: Remainder[];
  withheld: { datanetId: string; version: number; amount: string }[];
}

export class EpochTally {
  readonly gained = new Map<string, bigint>();
  private readonly lineages = new Map<bigint, Promise<LineageEntry[]>>();
  private readonly bases = new Map<bigint, Promise<bigint>>();
  /** Per version corpus, each contribution's contributor: built once, read for every payment it credits. */
  private readonly owners = new WeakMap<VersionCorpus, Map<string, string>>();
  private readonly corpora = new Map<string, Promise<VersionCorpus>>();
  private readonly unattributed = new Map<string, VersionPart>();
  /** Per version, the wei each contribution was attributed this epoch: what the remainder is spread by. */
  private readonly measured = new Map<string, Map<string, bigint>>();

  constructor(
    private readonly source: SettlementSource,
    private readonly store: ContentStore,
    private readonly blockTag: number,
    private readonly engine: Required<AttributeOptions>,
    private readonly forcedUnavailable: ReadonlySet<string>,
  ) {}

  /**
   * A payment's data pools (or a sum of them) by datanet version, as of the settled block, exactly as
   * AttributionRewards credits them: the model's own pool across its lineage, an adapter's base royalty across the
   * base's lineage.
   */
  async split(modelId: bigint, pools: DataPools): Promise<VersionPart[]> {
    const lineage = await this.lineage(modelId);
    const baseLineage = pools.baseDataPoolAmount > 0n ? await this.lineage(await this.baseOf(modelId)) : [];
    return splitPools(pools, lineage, baseLineage).map(({ datanetId, version, amount, fromBase }) => ({
      datanetId,
      version,
      amount,
      fromBase,
    }));
  }

  /**
   * Pays the part of `part` the attribution methods give the proven output (exact influence for the version a
   * regenerating Factory model was trained on, spans otherwise: methods.ts); the rest joins the version's remainder.
   * A base's royalty part is never read by the adapter's weights: they were not trained on the base's data.
   */
  async attribute(part: VersionPart, proven: ProvenEntry): Promise<VersionCredit> {
    const corpus = await this.corpus(part.datanetId, part.version);
    const factory = part.fromBase ? undefined : proven.factory;
    const credit = creditOutput(part.amount, corpus, proven.entry, factory);
    this.credit(corpus, credit.byContribution);
    const measured = this.measuredOf(part);
    for (const [id, amount] of credit.byContribution) measured.set(id, (measured.get(id) ?? 0n) + amount);
    this.addUnattributed({ ...part, amount: credit.unattributed });
    return credit;
  }

  /** Adds an amount nobody was attributed to the version's remainder. */
  addUnattributed(part: VersionPart): void {
    const key = `${part.datanetId}:${part.version}`;
    const sum = this.unattributed.get(key);
    this.unattributed.set(key, { ...part, amount: (sum?.amount ?? 0n) + part.amount });
  }

  /**
   * Spreads each version's remainder once, in proportion to the credit its contributions were measured to earn in
   * this epoch (`spreadRemainder` of the engine): padding a file, splitting it or a fresh address earns no more of it
   * than measured influence does. A version no proven output drew on this epoch (only unlogged receipts) has no
   * measured credit: its remainder falls back to measured bytes × quality (`spreadByBytes`). A version none of whose
   * contributions is available pays nobody: its amount is withheld and carried to the next epoch.
   */
  async spread(): Promise<SpreadResult> {
    const result: SpreadResult = { remainders: [], withheld: [] };
    const parts = [...this.unattributed.values()].sort((a, b) =>
      a.datanetId !== b.datanetId ? (a.datanetId < b.datanetId ? -1 : 1) : a.version - b.version,
    );
    for (const { datanetId, version, amount } of parts) {
      const row = { datanetId: datanetId.toString(), version, amount: amount.toString() };
      if (amount === 0n) continue;
      const corpus = await this.corpus(datanetId, version);
      if (corpus.contributions.length === 0) {
        result.withheld.push(row);
        continue;
      }
      const measured = [...this.measuredOf({ datanetId, version })].filter(([, credit]) => credit > 0n);
      const spread =
        measured.length > 0 ? spreadRemainder(amount, measured).amounts : spreadByBytes(amount, corpus.contributions);
      this.credit(corpus, spread);
      result.remainders.push({ ...row, rule: measured.length > 0 ? "measured-credit" : "bytes" });
    }
    return result;
  }

  /** Every contribution excluded from a version this epoch touched, and those held though recorded unavailable. */
  async exclusions(): Promise<{ excluded: Exclusion[]; heldAnyway: string[] }> {
    const corpora = await Promise.all(this.corpora.values());
    const byKey = new Map<string, Exclusion>();
    for (const corpus of corpora) {
      for (const e of corpus.excluded) byKey.set(`${e.datanetId}:${e.version}:${e.contributionId}`, e);
    }
    const excluded = [...byKey.values()].sort(
      (a, b) =>
        compareDecimal(a.datanetId, b.datanetId) ||
        a.version - b.version ||
        compareDecimal(a.contributionId, b.contributionId),
    );
    const heldAnyway = [...new Set(corpora.flatMap((c) => c.heldAnyway))].sort(compareDecimal);
    return { excluded, heldAnyway };
  }

  private measuredOf(part: { datanetId: bigint; version: number }): Map<string, bigint> {
    const key = `${part.datanetId}:${part.version}`;
    let measured = this.measured.get(key);
    if (!measured) this.measured.set(key, (measured = new Map()));
    return measured;
  }

  private credit(corpus: VersionCorpus, amounts: Map<string, bigint>) {
    let owner = this.owners.get(corpus);
    if (!owner) {
      owner = new Map(corpus.contributions.map((c) => [c.contributionId.toString(), c.contributor]));
      this.owners.set(corpus, owner);
    }
    for (const [contributionId, amount] of amounts) {
      const account = owner.get(contributionId)!;
      this.gained.set(account, (this.gained.get(account) ?? 0n) + amount);
    }
  }

  private corpus(datanetId: bigint, version: number): Promise<VersionCorpus> {
    const key = `${datanetId}:${version}`;
    if (!this.corpora.has(key)) {
      const where = { datanetId, version, blockTag: this.blockTag };
      this.corpora.set(key, loadVersionCorpus(this.source, this.store, where, this.engine, this.forcedUnavailable));
    }
    return this.corpora.get(key)!;
  }

  private lineage(modelId: bigint): Promise<LineageEntry[]> {
    if (!this.lineages.has(modelId)) this.lineages.set(modelId, this.source.lineageOf(modelId, this.blockTag));
    return this.lineages.get(modelId)!;
  }

  private baseOf(modelId: bigint): Promise<bigint> {
    if (!this.bases.has(modelId)) this.bases.set(modelId, this.source.baseModelOf(modelId, this.blockTag));
    return this.bases.get(modelId)!;
  }
}

function compareDecimal(a: string, b: string): number {
  const [x, y] = [BigInt(a), BigInt(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}
