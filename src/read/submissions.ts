// What each contribution was submitted with (hash, size, pointer) and where it sits in the approved list, read from
// the Datanet's events: the contract keeps neither, so that a contribution costs one storage slot.
import type { Datanet } from "../../typechain-types";
import { queryEvents } from "../chain/logs";

/** A contribution as submitted: ContributionSubmitted (one) or an item of ContributionsSubmitted (a batch). */
export interface Submission {
  contributionId: bigint;
  datanetId: bigint;
  contributor: string;
  contentHash: string;
  sizeBytes: bigint;
  pointerURI: string;
}

/** Which submissions to read: those of one datanet, of one contributor, or both; all of them if neither. */
export interface SubmissionFilter {
  datanetId?: bigint;
  contributor?: string;
}

/** Every submission that matches `filter`, in id order. */
export async function readSubmissions(datanet: Datanet, filter: SubmissionFilter = {}): Promise<Submission[]> {
  const { datanetId, contributor } = filter;
  const [singles, batches] = await Promise.all([
    queryEvents(datanet, datanet.filters.ContributionSubmitted(datanetId, undefined, contributor)),
    queryEvents(datanet, datanet.filters.ContributionsSubmitted(datanetId, contributor)),
  ]);
  const submissions: Submission[] = singles.map(({ args }) => ({
    contributionId: args.contributionId,
    datanetId: args.datanetId,
    contributor: args.contributor,
    contentHash: args.contentHash,
    sizeBytes: args.sizeBytes,
    pointerURI: args.pointerURI,
  }));
  for (const { args } of batches) {
    args.inputs.forEach((input, i) =>
      submissions.push({
        contributionId: args.firstId + BigInt(i),
        datanetId: args.datanetId,
        contributor: args.contributor,
        contentHash: input.contentHash,
        sizeBytes: input.sizeBytes,
        pointerURI: input.pointerURI,
      }),
    );
  }
  return submissions.sort((a, b) => (a.contributionId < b.contributionId ? -1 : 1));
}

/** The submission of contribution `id`, which must exist. */
export async function readSubmission(datanet: Datanet, id: bigint): Promise<Submission> {
  const [single] = await queryEvents(datanet, datanet.filters.ContributionSubmitted(undefined, id));
  if (single) {
    const { args } = single;
    const { datanetId, contributor, contentHash, sizeBytes, pointerURI } = args;
    return { contributionId: id, datanetId, contributor, contentHash, sizeBytes, pointerURI };
  }
  // Batch items carry no id topic: narrow by the contribution's datanet and contributor, which the contract keeps.
  const { datanetId, contributor } = await datanet.getContribution(id);
  const found = (await readSubmissions(datanet, { datanetId, contributor })).find((s) => s.contributionId === id);
  if (!found) throw new Error(`contribution ${id} has no submission event`);
  return found;
}

/** The 0-based position of an approved contribution in its datanet's approved list; undefined if not approved. */
export async function approvedIndexOf(datanet: Datanet, id: bigint): Promise<number | undefined> {
  const [approved] = await queryEvents(datanet, datanet.filters.ContributionApproved(undefined, id));
  return approved ? Number(approved.args.approvedIndex) : undefined;
}
