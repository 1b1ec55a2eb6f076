// How a task with `--json` is declared and prints its result: lines for a person, or one JSON document for a script.
import type { task } from "hardhat/config";
import { toJson } from "../read/json";
import { withCommonOptions, type CommonArgs } from "./options";

/** The arguments of a task that prints with `--json`. */
export type JsonArgs = CommonArgs & { json: boolean };

type Definition = ReturnType<typeof task>;

/** A task that sends: `--deployment-id`, `--from` (or the `options` given) and `--json`. */
export const sending = <T extends Definition>(t: T, options: (keyof CommonArgs)[] = ["deploymentId", "from"]) =>
  withCommonOptions(t, options).addFlag("json", "Print the result as JSON");

/** A task that only reads: `--deployment-id` and `--json`. */
export const reading = <T extends Definition>(t: T) =>
  withCommonOptions(t, ["deploymentId"]).addFlag("json", "Print the result as JSON");

/**
 * Prints `value` as JSON with `--json`, else the lines `text` makes of it, and returns it. A result's receipts are the
 * transactions' own record: JSON prints their hashes instead.
 */
export function print<T>(args: { json: boolean }, value: T, text: (value: T) => string[]): T {
  const { transactions, ...fields } = value as T & { transactions?: { hash: string }[] };
  const json = transactions ? { ...fields, transactions: transactions.map((t) => t.hash) } : value;
  console.log(args.json ? toJson(json) : text(value).join("\n"));
  return value;
}
