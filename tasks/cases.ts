// What the root-challenge and agent-complaint tasks share: a bonded filing's evidence, an unstake request, closing a
// case nobody resolved, and the proposal file that resolves one. Each builder parses every argument first.
import { task, types } from "hardhat/config";
import type { ContractTransactionResponse } from "ethers";
import type { Suite } from "../src/chain/deploy";
import { optional, parseChoice, parseFile, parseId, parsePositiveOpen, parseUri } from "../src/cli/args";
import { CommandError, argumentError, readingArgument, runCommand as run } from "../src/cli/errors";
import { print, reading, sending, type JsonArgs } from "../src/cli/output";
import type { Sender } from "../src/cli/signer";
import type { CaseKind } from "../src/gov/resolution";

/** The arguments of a bonded filing: the evidence file, and optionally the bond and where the evidence is. */
export interface EvidenceArgs {
  evidence: string;
  bond?: string;
  uri?: string;
  store?: string;
}

/**
 * Parses `--bond` (`what` names it in an error) and `--uri`, reads `--evidence` (refusing an empty file) and opens
 * the content store that publishes it when no `--uri` is given.
 */
export async function filingEvidence(args: EvidenceArgs, what: string) {
  const bond = optional(args.bond, "bond", (text, name) => parsePositiveOpen(text, name, what));
  const uri = optional(args.uri, "uri", parseUri);
  const { readFile } = await import("node:fs/promises");
  const evidence = await readingArgument("evidence", () => readFile(parseFile(args.evidence, "evidence")));
  if (evidence.length === 0) throw argumentError("evidence", `${args.evidence} is empty`);
  const { ContentStore, defaultStorePath } = await import("../src/store/ContentStore");
  return { bond, uri, evidence, store: new ContentStore(args.store ?? defaultStorePath()) };
}

/** `--amount` (a request, returned) or `--complete` (taking back what is due, undefined): exactly one of them. */
export function unstakeAmount(args: { amount?: string; complete: boolean }): bigint | undefined {
  if ((args.amount === undefined) === !args.complete) {
    throw argumentError("amount", "give either --amount OPEN (a request) or --complete");
  }
  return optional(args.amount, "amount", (text, name) => parsePositiveOpen(text, name, "an unstake"));
}

const NOUNS: Record<CaseKind, string> = { challenge: "Challenge", complaint: "Complaint" };

/**
 * A task that closes a case of `kind` whose resolution period passed with no decision: `expire` sends the call,
 * `outcome` says where the bond went.
 */
export function expireTask(
  name: string,
  description: string,
  kind: CaseKind,
  expire: (suite: Suite, signer: Sender, id: bigint) => Promise<ContractTransactionResponse>,
  outcome: string,
) {
  return sending(task(name, description))
    .addParam("id", `${NOUNS[kind]} id`, undefined, types.string)
    .setAction(async (args: JsonArgs & { id: string }, hre) =>
      run(async () => {
        const id = parseId(args.id, "id");
        const { chainContext } = await import("../src/cli/context");
        const { mined } = await import("../src/ops/result");
        const { suite, signer } = await chainContext(hre, args);
        const receipt = await mined(expire(suite, signer, id));
        return print(args, { id, transactions: [receipt] }, () => [
          `${NOUNS[kind]} ${id} expired in transaction ${receipt.hash}: ${outcome}`,
        ]);
      }),
    );
}

/** What a resolution file needs to know of an open case: its status, what it is about, its evidence and deadline. */
export interface CaseView {
  status: string;
  /** The challenged root's epoch, or the agent complained about. */
  about: bigint;
  evidenceURI: string;
  deadline: string | null;
}

/** A task that writes the `gov:propose` file upholding or dismissing an open case of `kind`, which `read` reads. */
export function resolutionTask(
  name: string,
  description: string,
  kind: CaseKind,
  read: (suite: Suite, id: bigint) => Promise<CaseView>,
) {
  return reading(task(name, description))
    .addParam("id", `${NOUNS[kind]} id`, undefined, types.string)
    .addParam("outcome", "uphold or dismiss", undefined, types.string)
    .addParam("out", "The proposal file to write", undefined, types.string)
    .setAction(async (args: JsonArgs & { id: string; outcome: string; out: string }, hre) =>
      run(async () => {
        const id = parseId(args.id, "id");
        const outcome = parseChoice(args.outcome, "outcome", ["uphold", "dismiss"] as const);
        if (args.out.trim() === "") throw argumentError("out", "give a file to write");
        const { writeFile } = await import("node:fs/promises");
        const { suiteContext } = await import("../src/cli/context");
        const { resolutionDescription, resolutionFile } = await import("../src/gov/resolution");
        const view = await read(await suiteContext(hre, args), id);
        if (view.status !== "Open") throw new CommandError(`${kind} ${id} is ${view.status}, not Open`);
        await writeFile(args.out, resolutionFile(kind, id, outcome));
        const description = resolutionDescription(kind, id, outcome, view.about, view.evidenceURI);
        return print(args, { file: args.out, description, deadline: view.deadline }, (r) => [
          `Wrote ${r.file}; the proposal must be executed before ${r.deadline}, or the ${kind} can only expire:`,
          `  npx hardhat gov:propose --actions ${r.file} --description "${r.description}"`,
        ]);
      }),
    );
}
