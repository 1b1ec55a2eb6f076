// How the governance tasks print: a few aligned lines for people, or one JSON document (bigints as decimal strings,
// dates as ISO 8601) for scripts.
import { formatOpen as votes } from "../read/json";
import type { ProposalStatus } from "./proposals";

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
