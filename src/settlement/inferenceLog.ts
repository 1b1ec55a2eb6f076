// The inference log `model:infer` appends to and settlement reads: one JSON line per paid inference.
import { createReadStream } from "node:fs";
import { appendFile, mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Hex } from "./tree";

/** One line of the inference log: the request and output whose hash is the paid inference id. */
export interface InferenceLogEntry {
  inferenceId: Hex;
  modelId: string;
  agentId: string;
  prompt: string;
  seed: string;
  output: string;
  /** Who paid (written by `model:infer`); a log entry without it matches the receipts of any payer. */
  payer?: string;
  /** For a model settlement cannot rerun: its serving key's EIP-712 signature of the output (provenOutputs.ts). */
  signature?: string;
  /** Or its serving key's one signature over a batch of outputs, with this output's proof in it (provenOutputs.ts). */
  batch?: ServedBatchProof;
}

/**
 * A serving key signs a batch of outputs once: the root of a StandardMerkleTree of `[inferenceId, outputHash]`
 * (`["bytes32", "bytes32"]`). Each entry of the batch carries the root, the signature and its own proof, so it is
 * proven on its own, whichever other entries of the batch are logged.
 */
export interface ServedBatchProof {
  root: Hex;
  signature: string;
  proof: Hex[];
}

/** Appends one entry to the log at `file`, creating its folder. */
export async function appendInferenceLog(file: string, entry: InferenceLogEntry): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await appendFile(file, JSON.stringify(entry) + "\n");
}

/**
 * Reads an inference log line by line (a log of a million inferences is larger than one string may be); a
 * malformed line is an error naming it.
 */
export async function readInferenceLog(file: string): Promise<InferenceLogEntry[]> {
  await stat(file).catch(() => {
    throw new Error(`inference log ${file} not found`);
  });
  const lines = createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
  const entries: InferenceLogEntry[] = [];
  let number = 0;
  for await (const line of lines) {
    number++;
    if (line.trim() === "") continue;
    try {
      entries.push(JSON.parse(line) as InferenceLogEntry);
    } catch {
      lines.close();
      throw new Error(`${file}:${number} is not a JSON inference log entry`);
    }
  }
  return entries;
}
