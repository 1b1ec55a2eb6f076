// On-chain shapes that several areas share (settlement, the registry commands), declared once.

/** One entry of a model's lineage, as ModelRegistry stores it: a published datanet version and its weight. */
export interface LineageEntry {
  datanetId: bigint;
  version: number;
  weightBps: number;
}
