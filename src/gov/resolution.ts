// The resolution of a root challenge or an agent complaint as a governance proposal: the action file `gov:propose`
// takes, and its calls.
import { encodeActions, type ActionInput, type ProposalCalls } from "./actions";

/** What governance decides about a challenge. */
export type Outcome = "uphold" | "dismiss";

/** The one action that resolves challenge `challengeId`: RootChallenges.resolveChallenge(id, upheld). */
export function resolutionActions(challengeId: bigint, outcome: Outcome): ActionInput[] {
  return [
    {
      target: "challenges",
      signature: "resolveChallenge(uint256,bool)",
      args: [challengeId.toString(), outcome === "uphold"],
    },
  ];
}

/** The proposal file `gov:propose --actions` reads, as JSON text. */
export function resolutionFile(challengeId: bigint, outcome: Outcome): string {
  return `${JSON.stringify({ actions: resolutionActions(challengeId, outcome) }, null, 2)}\n`;
}

/** The calls of the resolving proposal, for the Governor; `names` maps `challenges` to its address. */
export function resolutionCalls(
  challengeId: bigint,
  outcome: Outcome,
  names: Readonly<Record<string, string>>,
): ProposalCalls {
  return encodeActions(resolutionActions(challengeId, outcome), names);
}

/** A description that says what the proposal does and where the evidence is, so voters can check it. */
export function resolutionDescription(
  challengeId: bigint,
  outcome: Outcome,
  epoch: bigint,
  evidenceURI: string,
): string {
  const verb = outcome === "uphold" ? "Uphold" : "Dismiss";
  return `${verb} challenge ${challengeId} of the root of epoch ${epoch} (evidence: ${evidenceURI})`;
}

/** The one action that resolves complaint `complaintId`: AgentStakes.resolveComplaint(id, upheld). */
export function complaintResolutionActions(complaintId: bigint, outcome: Outcome): ActionInput[] {
  return [
    {
      target: "agentStakes",
      signature: "resolveComplaint(uint256,bool)",
      args: [complaintId.toString(), outcome === "uphold"],
    },
  ];
}

/** The proposal file resolving a complaint, as JSON text. */
export function complaintResolutionFile(complaintId: bigint, outcome: Outcome): string {
  return `${JSON.stringify({ actions: complaintResolutionActions(complaintId, outcome) }, null, 2)}\n`;
}

/** The calls of the proposal resolving a complaint; `names` maps `agentStakes` to its address. */
export function complaintResolutionCalls(
  complaintId: bigint,
  outcome: Outcome,
  names: Readonly<Record<string, string>>,
): ProposalCalls {
  return encodeActions(complaintResolutionActions(complaintId, outcome), names);
}

/** A description that says what the proposal does and where the evidence is, so voters can check it. */
export function complaintResolutionDescription(
  complaintId: bigint,
  outcome: Outcome,
  agentId: bigint,
  evidenceURI: string,
): string {
  const verb = outcome === "uphold" ? "Uphold" : "Dismiss";
  return `${verb} complaint ${complaintId} against agent ${agentId} (evidence: ${evidenceURI})`;
}
