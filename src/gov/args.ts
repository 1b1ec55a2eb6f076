// Parsers for the governance tasks' arguments: a proposal id, a vote, and the account to sign as.
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
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

/** The signer `--from` names: an address of the network's accounts, or an index into them; the first by default. */
export async function parseSigner(
  hre: HardhatRuntimeEnvironment,
  from: string | undefined,
  name = "from",
): Promise<HardhatEthersSigner> {
  const signers = await hre.ethers.getSigners();
  if (from === undefined) {
    if (signers.length === 0) throw argumentError(name, `network "${hre.network.name}" has no account to sign with`);
    return signers[0];
  }
  const text = from.trim();
  if (/^\d+$/.test(text)) {
    const signer = signers[Number(text)];
    if (!signer) throw argumentError(name, `account index ${text} is out of range (0 to ${signers.length - 1})`);
    return signer;
  }
  if (!hre.ethers.isAddress(text)) throw argumentError(name, `"${from}" is neither an address nor an account index`);
  const signer = signers.find((s) => s.address.toLowerCase() === text.toLowerCase());
  if (!signer) throw argumentError(name, `${text} is not an account of network "${hre.network.name}"`);
  return signer;
}
