// Parsers for the governance tasks' arguments: a proposal id and a vote (`--from` is src/cli/signer's).
import { argumentError } from "../cli/errors";

/** GovernorCountingSimple's vote types, by the word a voter types. */
export const SUPPORT = { against: 0, for: 1, abstain: 2 } as const;
export type Support = keyof typeof SUPPORT;

/** Parses a proposal id: the Governor's uint256, written in decimal. */
export function parseProposalId(text: string, name = "id"): bigint {
  if (!/^\d+$/.test(text.trim())) throw argumentError(name, `"${text}" is not a proposal id (a decimal number)`);
  return BigInt(text.trim());
}

/** Parses a vote: for, against or abstain (any case). */
export function parseSupport(text: string, name = "support"): Support {
  const word = text.trim().toLowerCase();
  if (!(word in SUPPORT)) throw argumentError(name, `"${text}" is not a vote (for, against or abstain)`);
  return word as Support;
}
