// The split a payment must make, computed here from the shares, independently of the contract's arithmetic.
import { BPS, DEFAULT_SHARES } from "./rewards";

/** The split the contract must make: floors for protocol, agent and model owner, the rest (dust) to the data pool. */
export function expectedSplit(
  price: bigint,
  shares: { protocolBps: bigint; agentOwnerBps: bigint; modelOwnerBps: bigint } = DEFAULT_SHARES,
  hasAgent = true,
  hasLineage = true,
) {
  const protocolAmount = (price * shares.protocolBps) / BPS;
  const agentAmount = (price * shares.agentOwnerBps) / BPS;
  let modelOwnerAmount = (price * shares.modelOwnerBps) / BPS;
  const dataAmount = price - protocolAmount - agentAmount - modelOwnerAmount;
  if (!hasAgent) modelOwnerAmount += agentAmount;
  if (!hasLineage) modelOwnerAmount += dataAmount;
  return {
    protocolAmount,
    agentOwnerAmount: hasAgent ? agentAmount : 0n,
    modelOwnerAmount,
    dataPoolAmount: hasLineage ? dataAmount : 0n,
    baseOwnerAmount: 0n,
    baseDataPoolAmount: 0n,
  };
}

/** An adapter's split: royaltyBps of the model-owner amount to the base owner, of the data pool to the base's lineage. */
export function withRoyalty(split: ReturnType<typeof expectedSplit>, royaltyBps: bigint, baseHasLineage = true) {
  const baseOwnerAmount = (split.modelOwnerAmount * royaltyBps) / BPS;
  const baseDataPoolAmount = baseHasLineage ? (split.dataPoolAmount * royaltyBps) / BPS : 0n;
  return {
    ...split,
    modelOwnerAmount: split.modelOwnerAmount - baseOwnerAmount,
    dataPoolAmount: split.dataPoolAmount - baseDataPoolAmount,
    baseOwnerAmount,
    baseDataPoolAmount,
  };
}

/** A split as the event and `quote` return it, for deep equality. */
export function splitTuple(split: ReturnType<typeof expectedSplit>): bigint[] {
  return [
    split.protocolAmount,
    split.agentOwnerAmount,
    split.modelOwnerAmount,
    split.dataPoolAmount,
    split.baseOwnerAmount,
    split.baseDataPoolAmount,
  ];
}
