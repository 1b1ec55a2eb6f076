// How the governance tasks print: a few aligned lines for people, or one JSON document (bigints as decimal strings,
// dates as ISO 8601) for scripts.
import { formatEther } from "ethers";
import type { ProposalStatus } from "./proposals";

/** `value` as JSON: bigints become decimal strings, dates ISO 8601 strings. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);
}

/** Votes in OPEN, as people read them. */
function votes(wei: bigint): string {
  return `${formatEther(wei)} OPEN`;
}

/** A proposal's status, one aligned line per field. */
export function statusLines(s: ProposalStatus): string[] {
  const rows: [string, string][] = [
    ["state", s.state],
    ["for", votes(s.votes.for)],
    ["against", votes(s.votes.against)],
    ["abstain", votes(s.votes.abstain)],
    ["quorum", s.quorum === null ? "known once voting starts" : votes(s.quorum)],
    ["voting", `${s.snapshot.toISOString()} to ${s.deadline.toISOString()}`],
    ["eta", s.eta === null ? "not queued" : s.eta.toISOString()],
    ["proposer", s.proposer],
    ["description", s.description],
  ];
  return [`Proposal ${s.id}`, ...rows.map(([name, value]) => `  ${name.padEnd(12)} ${value}`)];
}
