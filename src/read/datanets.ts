// The reader of datanets and contributions: records as `datanet:show`, `datanet:list` and `contribution:show` print them.
import type { Datanet } from "../../typechain-types";
import { argumentError } from "../cli/errors";
import { ContributionStatus } from "../chain/types";
import { isoDate } from "./json";
import { allPages, idsUpTo } from "./paging";
import { readSubmission, readSubmissions } from "./submissions";

/** A published version of a datanet. */
export interface VersionView {
  version: number;
  approvedCount: number;
  publishedAt: string | null;
}

/** A datanet, its versions and the contributions of its latest version. */
export interface DatanetView {
  id: bigint;
  owner: string;
  /** Seconds a contribution waits for review before its contributor may withdraw it. */
  reviewPeriod: number;
  stake: bigint;
  createdAt: string | null;
  /** Counted from the datanet's submission events: the contract counts only all contributions. */
  contributionCount: number;
  approvedCount: number;
  metadataURI: string;
  versions: VersionView[];
  latestVersionContributions: bigint[];
}

/** A contribution, its status as a word; its hash, size and pointer come from its submission event. */
export interface ContributionView {
  id: bigint;
  datanetId: bigint;
  contributor: string;
  contentHash: string;
  sizeBytes: bigint;
  submittedAt: string | null;
  status: keyof typeof ContributionStatus;
  qualityBps: number;
  stake: bigint;
  pointerURI: string;
}

/** Datanet `id`; an id no datanet has is an error naming `--name`. */
export async function readDatanet(datanet: Datanet, id: bigint, name = "datanet"): Promise<DatanetView> {
  const count = await datanet.datanetCount();
  if (id < 1n || id > count) throw argumentError(name, `there is no datanet ${id}: ${count} exist`);
  const info = await datanet.getDatanet(id);
  const versions: VersionView[] = [];
  for (let version = 1; version <= Number(info.versionCount); version++) {
    const { approvedCount, publishedAt } = await datanet.getVersion(id, version);
    versions.push({ version, approvedCount: Number(approvedCount), publishedAt: isoDate(publishedAt) });
  }
  const latest = versions.at(-1);
  const maxPage = await datanet.MAX_PAGE();
  const latestVersionContributions = latest
    ? await allPages(BigInt(latest.approvedCount), maxPage, (offset, limit) =>
        datanet.versionContributions(id, latest.version, offset, limit),
      )
    : [];
  return {
    id,
    owner: info.owner,
    reviewPeriod: Number(info.reviewPeriod),
    stake: info.stake,
    createdAt: isoDate(info.createdAt),
    contributionCount: (await readSubmissions(datanet, { datanetId: id })).length,
    approvedCount: Number(info.approvedCount),
    metadataURI: info.metadataURI,
    versions,
    latestVersionContributions,
  };
}

/** Every datanet, in id order. */
export async function listDatanets(datanet: Datanet): Promise<DatanetView[]> {
  const ids = idsUpTo(await datanet.datanetCount());
  return Promise.all(ids.map((id) => readDatanet(datanet, id)));
}

/** Contribution `id`; an id no contribution has is an error naming `--name`. */
export async function readContribution(datanet: Datanet, id: bigint, name = "contribution"): Promise<ContributionView> {
  const count = await datanet.contributionCount();
  if (id < 1n || id > count) throw argumentError(name, `there is no contribution ${id}: ${count} exist`);
  const [c, submitted] = await Promise.all([datanet.getContribution(id), readSubmission(datanet, id)]);
  return {
    id,
    datanetId: c.datanetId,
    contributor: c.contributor,
    contentHash: submitted.contentHash,
    sizeBytes: submitted.sizeBytes,
    submittedAt: isoDate(c.submittedAt),
    status: statusName(c.status),
    qualityBps: Number(c.qualityBps),
    stake: c.stake,
    pointerURI: submitted.pointerURI,
  };
}

/** An on-chain IDatanet.Status as its name. */
export function statusName(status: bigint): keyof typeof ContributionStatus {
  const name = ContributionStatus[Number(status)];
  if (name === undefined) throw new Error(`unknown contribution status ${status}`);
  return name as keyof typeof ContributionStatus;
}
