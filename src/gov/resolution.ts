// The resolution of a bonded case (a root challenge or an agent complaint) as a governance proposal: the action file
// `gov:propose` takes, its calls, and a description voters can check.
import { encodeActions, type ActionInput, type ProposalCalls } from "./actions";

/** What governance decides about a case. */
export type Outcome = "uphold" | "dismiss";

/** The two kinds of bonded case, and the contract call that resolves each. */
export const CASES = {
  challenge: { target: "challenges", signature: "resolveChallenge(uint256,bool)" },
  complaint: { target: "agentStakes", signature: "resolveComplaint(uint256,bool)" },
} as const;
export type CaseKind = keyof typeof CASES;

/** The one action that resolves case `id` of `kind`: resolveChallenge or resolveComplaint(id, upheld). */
export function resolutionActions(kind: CaseKind, id: bigint, outcome: Outcome): ActionInput[] {
  return [{ ...CASES[kind], args: [id.toString(), outcome === "uphold"] }];
}

/** The proposal file `gov:propose --actions` reads, as JSON text. */
export function resolutionFile(kind: CaseKind, id: bigint, outcome: Outcome): string {
  return `${JSON.stringify({ actions: resolutionActions(kind, id, outcome) }, null, 2)}\n`;
}

/** The calls of the resolving proposal, for the Governor; `names` maps the case's target to its address. */
export function resolutionCalls(
  kind: CaseKind,
  id: bigint,
  outcome: Outcome,
  names: Readonly<Record<string, string>>,
): ProposalCalls {
  return encodeActions(resolutionActions(kind, id, outcome), names);
}

/**
 * A description that says what the proposal does and where the evidence is, so voters can check it; `about` is the
 * challenged root's epoch, or the agent complained about.
 */
export function resolutionDescription(
  kind: CaseKind,
  id: bigint,
  outcome: Outcome,
  about: bigint,
  evidenceURI: string,
): string {
  const verb = outcome === "uphold" ? "Uphold" : "Dismiss";
  const what =
    kind === "challenge" ? `challenge ${id} of the root of epoch ${about}` : `complaint ${id} against agent ${about}`;
  return `${verb} ${what} (evidence: ${evidenceURI})`;
}
