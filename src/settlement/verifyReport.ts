// The verification report of a posted epoch (a stable, documented format a challenge is built on) and the checks
// that fill it: format and engine parameters, the block range, receipt completeness, and leaf-by-leaf comparison.
import { SETTLEMENT_FORMAT, type SettlementFile } from "./files";
import { ENGINE_PARAMETERS } from "./settle";
import type { Receipt } from "./source";

export const VERIFICATION_FORMAT = "openledger-verification/1";

/** What can be wrong with a posted epoch; each makes the report not ok. */
export type ProblemKind =
  | "data-hash" // the posted URI does not name the posted data hash, or is not a content URI
  | "unreadable" // the settlement the posted URI names cannot be read whole from the store, every hash checked
  | "format" // the file is not of the settlement format this verifier recomputes
  | "engine-parameters" // the file's engine parameters are not the format's fixed ones
  | "previous-epoch" // the file adds to another epoch than the newest earlier unrevoked one, or its file is wrong
  | "block-range" // the range does not continue exactly from the previous epoch
  | "missing-receipts" // paid inferences of the range that the file leaves out
  | "recompute-failed" // the epoch cannot be recomputed from public inputs
  | "file-root" // the file's root is not the posted root
  | "root" // the recomputed root differs from the posted one
  | "total" // the recomputed total differs from the posted one
  | "leaves"; // accounts whose recomputed cumulative amount differs from the file's

export interface VerificationProblem {
  kind: ProblemKind;
  message: string;
}

/** What the verifier noticed that is not a mismatch of the root. */
export type FindingKind = "data-available"; // contributions settled as unavailable whose data the verifier holds

export interface VerificationFinding {
  kind: FindingKind;
  message: string;
  contributionIds: string[];
}

/** One account whose leaf differs: the amount recomputed from public inputs, and the one the file posted. */
export interface LeafDifference {
  account: string;
  expected: string;
  posted: string;
}

/** What `attribution:verify` prints (and, with --json, writes as JSON): see docs/settlement.md. */
export interface VerificationReport {
  format: typeof VERIFICATION_FORMAT;
  epoch: number;
  ok: boolean;
  postedRoot: string;
  recomputedRoot: string;
  postedDataHash: string;
  fileHash: string;
  problems: VerificationProblem[];
  findings: VerificationFinding[];
  leaves: LeafDifference[];
}

/** The format and the engine parameters must be the protocol's: nobody picks them. */
export function checkParameters(file: SettlementFile): VerificationProblem[] {
  const problems: VerificationProblem[] = [];
  if (file.format !== SETTLEMENT_FORMAT) {
    problems.push({ kind: "format", message: `the file is ${String(file.format)}, not ${SETTLEMENT_FORMAT}` });
  }
  const keys = Object.keys(ENGINE_PARAMETERS) as (keyof typeof ENGINE_PARAMETERS)[];
  const posted = file.engine ?? {};
  const differs = keys.some((k) => posted[k] !== ENGINE_PARAMETERS[k]) || Object.keys(posted).length !== keys.length;
  if (differs) {
    problems.push({
      kind: "engine-parameters",
      message: `the engine parameters ${JSON.stringify(posted)} are not ${SETTLEMENT_FORMAT}'s ${JSON.stringify(ENGINE_PARAMETERS)}`,
    });
  }
  return problems;
}

/** The file must add to `expected` (the newest earlier unrevoked epoch) and start right after its range. */
export function checkRange(
  file: SettlementFile,
  expected: { epoch: number; toBlock: number } | null,
): VerificationProblem[] {
  const problems: VerificationProblem[] = [];
  const epoch = expected?.epoch ?? 0;
  if (file.previousEpoch !== epoch) {
    problems.push({
      kind: "previous-epoch",
      message: `the file adds to epoch ${file.previousEpoch}, but the newest earlier unrevoked epoch is ${epoch}`,
    });
  }
  const from = expected ? expected.toBlock + 1 : 0;
  if (file.fromBlock !== from) {
    problems.push({
      kind: "block-range",
      message: `the file starts at block ${file.fromBlock}, but the range continues from block ${from}`,
    });
  }
  return problems;
}

/**
 * Every receipt of the range must appear: as a proven inference, or counted in its model's unlogged rows. The
 * receipts are the chain's, over the range that continues from the previous epoch.
 */
export function checkCompleteness(file: SettlementFile, receipts: readonly Receipt[]): VerificationProblem[] {
  const logged = new Set(file.inferences.map((entry) => String(entry.inferenceId).toLowerCase()));
  const counted = new Map<string, number>();
  for (const row of file.unlogged ?? [])
    counted.set(row.modelId, Math.max(counted.get(row.modelId) ?? 0, row.receipts));
  const expected = new Map<string, Receipt[]>();
  for (const receipt of receipts) {
    if (logged.has(receipt.inferenceId.toLowerCase())) continue;
    const key = receipt.modelId.toString();
    expected.set(key, [...(expected.get(key) ?? []), receipt]);
  }
  const problems: VerificationProblem[] = [];
  for (const [modelId, unloggedReceipts] of expected) {
    const missing = unloggedReceipts.length - (counted.get(modelId) ?? 0);
    if (missing <= 0) continue;
    problems.push({
      kind: "missing-receipts",
      message:
        `${missing} of the ${unloggedReceipts.length} unlogged receipts of model ${modelId} in blocks ` +
        `${unloggedReceipts[0].blockNumber}..${unloggedReceipts.at(-1)!.blockNumber} are not in the file`,
    });
  }
  return problems;
}

/** Every account whose recomputed cumulative amount differs from the posted file's, in address order. */
export function compareLeaves(
  expected: SettlementFile["cumulative"],
  posted: SettlementFile["cumulative"],
): LeafDifference[] {
  const want = new Map(expected.map((leaf) => [leaf.account.toLowerCase(), leaf]));
  const got = new Map(posted.map((leaf) => [leaf.account.toLowerCase(), leaf]));
  const accounts = [...new Set([...want.keys(), ...got.keys()])].sort();
  const leaves: LeafDifference[] = [];
  for (const key of accounts) {
    const [e, p] = [want.get(key), got.get(key)];
    const [expectedAmount, postedAmount] = [e?.amount ?? "0", p?.amount ?? "0"];
    if (BigInt(expectedAmount) === BigInt(postedAmount)) continue;
    leaves.push({ account: (e ?? p)!.account, expected: expectedAmount, posted: postedAmount });
  }
  return leaves;
}

/** The report as the task prints it: match or mismatch, every problem, finding and differing leaf. */
export function formatReport(report: VerificationReport): string {
  const lines = [`Epoch ${report.epoch}: ${report.ok ? "match" : "mismatch"}`];
  lines.push(`  root      ${report.postedRoot}`, `  data hash ${report.postedDataHash}`);
  for (const { kind, message } of report.problems) lines.push(`  problem  ${kind}: ${message}`);
  for (const { kind, message, contributionIds } of report.findings) {
    lines.push(`  finding  ${kind}: ${message} (${contributionIds.join(", ")})`);
  }
  for (const { account, expected, posted } of report.leaves) {
    lines.push(`  leaf     ${account} expected ${expected}, posted ${posted}`);
  }
  return lines.join("\n");
}
