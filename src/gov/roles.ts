// Reads who holds every AccessControl role of a contract: role names from its ABI, holders from its role events.
import type { BaseContract, EventLog, FunctionFragment } from "ethers";
import { ZeroHash } from "ethers";

/** Each role of one contract, by its constant's name (or its hash when it has none), with its holders, sorted. */
export type RoleLayout = Record<string, string[]>;

/** The roles a contract declares: every `NAME_ROLE()` view returning bytes32 (DEFAULT_ADMIN_ROLE among them). */
export function declaredRoles(contract: BaseContract): string[] {
  const names: string[] = [];
  contract.interface.forEachFunction((fn: FunctionFragment) => {
    if (fn.name.endsWith("_ROLE") && fn.inputs.length === 0 && fn.outputs?.[0]?.type === "bytes32") names.push(fn.name);
  });
  return names.sort();
}

/**
 * The holders of each role: every account a RoleGranted event named (AccessControl does not enumerate members)
 * that `hasRole` still confirms, so that a revoked or renounced role drops out. A role granted
 * under a hash no constant names appears under that hash. A contract without roles reads as an empty layout.
 */
export async function roleLayout(contract: BaseContract): Promise<RoleLayout> {
  const names = declaredRoles(contract);
  if (names.length === 0) return {};
  const nameOf = new Map<string, string>([[ZeroHash, "DEFAULT_ADMIN_ROLE"]]);
  for (const name of names) nameOf.set((await contract.getFunction(name).staticCall()) as string, name);

  const candidates = new Map<string, Set<string>>([...nameOf.keys()].map((hash) => [hash, new Set<string>()]));
  for (const event of (await contract.queryFilter("*", 0)) as EventLog[]) {
    if (event.eventName !== "RoleGranted") continue;
    const [role, account] = [event.args[0] as string, event.args[1] as string];
    if (!candidates.has(role)) candidates.set(role, new Set());
    candidates.get(role)!.add(account);
  }

  const layout: RoleLayout = {};
  for (const [role, accounts] of candidates) {
    const holders: string[] = [];
    for (const account of accounts) {
      if ((await contract.getFunction("hasRole").staticCall(role, account)) as boolean) holders.push(account);
    }
    layout[nameOf.get(role) ?? role] = holders.sort();
  }
  return layout;
}
