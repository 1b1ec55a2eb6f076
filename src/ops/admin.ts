// Guardian and admin actions on AttributionRewards (revoke a pending root, pause, unpause, shares, challenge window,
// treasury): sent directly when the sender holds the role; when only the timelock does, the governance proposal that
// makes the same call instead, as `gov:propose --actions` takes it.
import type { Signer } from "ethers";
import type { AttributionRewards } from "../../typechain-types";
import { CommandError, argumentError, asRefusal } from "../cli/errors";
import { encodeActions, type ActionInput } from "../gov/actions";
import { roleLayout } from "../gov/roles";
import { readRoot } from "../read/roots";

/** The two roles these actions need: emergency powers (GUARDIAN_ROLE) and economic ones (DEFAULT_ADMIN_ROLE). */
export type AdminRole = "GUARDIAN_ROLE" | "DEFAULT_ADMIN_ROLE";

/** One call on AttributionRewards, in the shape of a proposal file's action. */
export interface AdminAction {
  role: AdminRole;
  /** As Solidity writes it, e.g. `setChallengeWindow(uint64)`. */
  signature: string;
  /** The arguments as JSON values (numbers as decimal strings). */
  args: unknown[];
  /** What the call does, in a sentence: the proposal's description. */
  description: string;
}

/** The call was sent: the sender holds the role. */
export interface SentAction {
  sent: true;
  action: AdminAction;
  transaction: string;
}

/** Nothing was sent: only the timelock holds the role, so the call is a governance proposal. */
export interface ProposedAction {
  sent: false;
  action: AdminAction;
  timelock: string;
  /** The proposal file `gov:propose --actions` reads. */
  proposal: { actions: ActionInput[] };
  /** The calldata the proposal executes, encoded by src/gov as `gov:propose` will. */
  calldata: string;
}

/** The exit code of a command that sent nothing because only the timelock holds the role (docs/payout.md). */
export const PROPOSAL_EXIT_CODE = 2;

/** The contract name a proposal file uses for the rewards contract (src/gov/deployment.ts). */
const TARGET = "AttributionRewards";

/**
 * Sends `action` as `sender` when it holds the role (simulated first, so a refusal is named and nothing is sent);
 * otherwise, when `timelock` holds it, returns the proposal that makes the call. Neither: an error naming who holds
 * the role.
 */
export async function performAdminAction(
  rewards: AttributionRewards,
  sender: Signer & { address: string },
  action: AdminAction,
  timelock?: string,
): Promise<SentAction | ProposedAction> {
  const role = action.role === "GUARDIAN_ROLE" ? await rewards.GUARDIAN_ROLE() : await rewards.DEFAULT_ADMIN_ROLE();
  const names = { [TARGET]: await rewards.getAddress(), rewards: await rewards.getAddress() };
  const calls = encodeActions([{ target: TARGET, signature: action.signature, args: action.args }], names);
  const call = { to: calls.targets[0], data: calls.calldatas[0] };
  if (await rewards.hasRole(role, sender.address)) {
    try {
      await sender.call(call);
    } catch (error) {
      throw asRefusal(error);
    }
    const response = await sender.sendTransaction(call);
    if (!(await response.wait())) throw new Error(`transaction ${response.hash} was not mined`);
    return { sent: true, action, transaction: response.hash };
  }
  if (timelock && (await rewards.hasRole(role, timelock))) {
    const proposal = { actions: [{ target: TARGET, signature: action.signature, args: action.args }] };
    return { sent: false, action, timelock, proposal, calldata: call.data };
  }
  const holders = (await roleLayout(rewards))[action.role] ?? [];
  throw argumentError(
    "from",
    `${sender.address} does not hold ${action.role} on ${TARGET}, nor does the timelock; ` +
      `held by ${holders.length > 0 ? holders.join(", ") : "nobody"}`,
  );
}

/** Revoking a root: only the pending one, and only while it is pending. */
export async function revokeAction(rewards: AttributionRewards, epoch: number): Promise<AdminAction> {
  const pending = Number(await rewards.pendingEpoch());
  if (pending !== epoch) {
    const count = Number(await rewards.epochCount());
    const state =
      epoch > count
        ? `was never posted (${count} epochs are)`
        : (await readRoot(rewards, epoch)).revoked
          ? "is already revoked"
          : "is past its challenge window";
    const now = pending === 0 ? "no root is pending" : `epoch ${pending} is the pending one`;
    throw argumentError("epoch", `epoch ${epoch} ${state}: only a pending root can be revoked, and ${now}`);
  }
  return { role: "GUARDIAN_ROLE", signature: "revokeRoot()", args: [], description: `Revoke epoch ${epoch}'s root` };
}

/** Pausing (`pause` true) or resuming payments and claims; refused when already in that state. */
export async function pauseAction(rewards: AttributionRewards, pause: boolean): Promise<AdminAction> {
  if ((await rewards.paused()) === pause) {
    throw new CommandError(`AttributionRewards is already ${pause ? "paused" : "running (not paused)"}`);
  }
  return {
    role: "GUARDIAN_ROLE",
    signature: pause ? "pause()" : "unpause()",
    args: [],
    description: pause ? "Pause payments and claims" : "Resume payments and claims",
  };
}

/** The shares, in basis points, as `rewards:set-shares` takes them. */
export interface SharesBps {
  protocol: number;
  agentOwner: number;
  modelOwner: number;
  dataPool: number;
}

/** Setting the shares: the contract's caps checked first, the argument at fault named. */
export async function sharesAction(rewards: AttributionRewards, shares: SharesBps): Promise<AdminAction> {
  const [maxProtocol, minDataPool] = [
    Number(await rewards.MAX_PROTOCOL_BPS()),
    Number(await rewards.MIN_DATA_POOL_BPS()),
  ];
  if (shares.protocol > maxProtocol) {
    throw argumentError("protocol", `${shares.protocol} bps is above the cap of ${maxProtocol} (MAX_PROTOCOL_BPS)`);
  }
  if (shares.dataPool < minDataPool) {
    throw argumentError("dataPool", `${shares.dataPool} bps is below the floor of ${minDataPool} (MIN_DATA_POOL_BPS)`);
  }
  const { protocol, agentOwner, modelOwner, dataPool } = shares;
  return {
    role: "DEFAULT_ADMIN_ROLE",
    signature: "setShares((uint16,uint16,uint16,uint16))",
    args: [[protocol, agentOwner, modelOwner, dataPool].map(String)],
    description: `Set the shares to protocol ${protocol}, agent owner ${agentOwner}, model owner ${modelOwner}, data pool ${dataPool} bps`,
  };
}

/** Setting the challenge window for roots posted from now on, within the contract's bounds. */
export async function windowAction(rewards: AttributionRewards, seconds: number): Promise<AdminAction> {
  const [min, max] = [Number(await rewards.MIN_CHALLENGE_WINDOW()), Number(await rewards.MAX_CHALLENGE_WINDOW())];
  if (seconds < min || seconds > max) {
    throw argumentError("seconds", `${seconds} is outside the contract's bounds, ${min} to ${max} seconds`);
  }
  return {
    role: "DEFAULT_ADMIN_ROLE",
    signature: "setChallengeWindow(uint64)",
    args: [String(seconds)],
    description: `Set the challenge window to ${seconds} seconds`,
  };
}

/** Setting the protocol treasury. */
export function treasuryAction(treasury: string): AdminAction {
  return {
    role: "DEFAULT_ADMIN_ROLE",
    signature: "setProtocolTreasury(address)",
    args: [treasury],
    description: `Set the protocol treasury to ${treasury}`,
  };
}
