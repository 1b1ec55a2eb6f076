// Cumulative-entitlement Merkle trees (OpenZeppelin StandardMerkleTree): roots, proofs and their check.
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { getAddress } from "ethers";
import { compareAddresses } from "../chain/types";
import type { ProofEntry } from "./files";

/** The leaf encoding AttributionRewards verifies: keccak256(keccak256(abi.encode(account, cumulativeAmount))). */
export const LEAF_ENCODING = ["address", "uint256"];

export type Hex = `0x${string}`;

export interface EntitlementTree {
  root: Hex;
  totalAllocated: bigint;
  tree: StandardMerkleTree<[string, string]>;
}

/**
 * Builds the tree of cumulative entitlements. Accounts are checksummed and sorted, zero amounts dropped, so the
 * same entitlements always give the same root. Throws on an empty set (a root must allocate something) and on a
 * negative amount.
 */
export function buildEntitlementTree(cumulative: ReadonlyMap<string, bigint>): EntitlementTree {
  for (const [account, amount] of cumulative) {
    if (amount < 0n) throw new Error(`account ${account} has a negative entitlement (${amount})`);
  }
  const values: [string, string][] = [...cumulative.entries()]
    .filter(([, amount]) => amount > 0n)
    .map(([account, amount]): [string, string] => [getAddress(account), amount.toString()])
    .sort(([a], [b]) => compareAddresses(a, b));
  if (values.length === 0) throw new Error("no account has a positive entitlement: nothing to put in a tree");
  const seen = new Set<string>();
  for (const [account] of values) {
    if (seen.has(account)) throw new Error(`account ${account} appears twice in the entitlements`);
    seen.add(account);
  }
  const tree = StandardMerkleTree.of(values, LEAF_ENCODING);
  const totalAllocated = values.reduce((sum, [, amount]) => sum + BigInt(amount), 0n);
  return { root: tree.root as Hex, totalAllocated, tree };
}

/** Every account's proof, in account order. */
export function proofEntries(tree: StandardMerkleTree<[string, string]>): ProofEntry[] {
  const entries: ProofEntry[] = [];
  for (const [index, [account, amount]] of tree.entries()) {
    entries.push({ account, cumulativeAmount: amount, proof: tree.getProof(index) as Hex[] });
  }
  return entries.sort((a, b) => compareAddresses(a.account, b.account));
}

/** Checks one entry against a root, as the contract will. */
export function verifyProof(root: string, entry: ProofEntry): boolean {
  return StandardMerkleTree.verify(root, LEAF_ENCODING, [entry.account, entry.cumulativeAmount], entry.proof);
}
