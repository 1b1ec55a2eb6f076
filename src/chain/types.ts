// On-chain shapes that several areas share (settlement, the registry commands), declared once.

/** One entry of a model's lineage, as ModelRegistry stores it: a published datanet version and its weight. */
export interface LineageEntry {
  datanetId: bigint;
  version: number;
  weightBps: number;
}

/** IDatanet.Status, in the contract's order (a test checks it against the ABI). */
export enum ContributionStatus {
  None = 0,
  Pending = 1,
  Approved = 2,
  Rejected = 3,
  Withdrawn = 4,
  Displaced = 5,
}

/** Whether an on-chain status (a uint8 read as bigint) is `status`. */
export function hasStatus(onChain: bigint, status: ContributionStatus): boolean {
  return onChain === BigInt(status);
}

/** Orders addresses by their lower-case hex, whatever case they were given in: how every published list is sorted. */
export function compareAddresses(a: string, b: string): number {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x < y ? -1 : x > y ? 1 : 0;
}
