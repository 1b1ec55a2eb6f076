// What one payout run reports: its outcome and exit code (stable, for cron and scripts), and what it did.
import type { StepName } from "./journal";

/** The status object's format (`payout:run --json` prints one per run). */
export const STATUS_FORMAT = "openledger-payout-status/1";

/**
 * The exit code of each outcome. Stable: scripts rely on them, and docs/payout.md lists them.
 * - done: the run acted, and nothing is left until new inferences are paid;
 * - error: something failed (the message says what); the next run resumes where this one stopped;
 * - nothing-to-do: no new paid inference, no root to accept, no claim to make;
 * - waiting: a posted root is in its challenge window; the next run after `claimableAt` accepts it and claims;
 * - locked: another run holds the state directory's lock; this one did nothing.
 */
export const EXIT_CODES = {
  done: 0,
  error: 1,
  "nothing-to-do": 2,
  waiting: 3,
  locked: 4,
} as const;

export type PayoutOutcome = keyof typeof EXIT_CODES;

/** One thing a run did (or, in a dry run, would do). */
export interface PayoutAction {
  step: StepName | "resume";
  epoch: number;
  /** What happened, in a sentence. */
  detail: string;
  /** The transaction, when the step sent one. */
  transaction?: string;
}

export interface PayoutStatus {
  format: typeof STATUS_FORMAT;
  outcome: PayoutOutcome;
  exitCode: number;
  dryRun: boolean;
  chainId: string;
  rewards: string;
  stateDir: string;
  /** The chain as the run left it. */
  epochCount: number;
  acceptedEpoch: number;
  pendingEpoch: number;
  /** When the pending root may be accepted, ISO 8601; null when none is pending. */
  claimableAt: string | null;
  actions: PayoutAction[];
  /** The stale lock this run took over: a run that died without releasing it. */
  tookOverLock?: { pid: number; host: string; startedAt: string };
  /** Why the run failed (outcome "error" or "locked"). */
  error?: string;
}

/** The status of a run that could not start or failed before it read the chain. */
export function failedStatus(
  outcome: "error" | "locked",
  error: string,
  base: Partial<PayoutStatus> & { stateDir: string; dryRun: boolean },
): PayoutStatus {
  return {
    format: STATUS_FORMAT,
    outcome,
    exitCode: EXIT_CODES[outcome],
    chainId: "",
    rewards: "",
    epochCount: 0,
    acceptedEpoch: 0,
    pendingEpoch: 0,
    claimableAt: null,
    actions: [],
    ...base,
    error,
  };
}

/** The status as lines for people: the outcome, then one line per action. */
export function statusLines(status: PayoutStatus): string[] {
  const head = {
    done: "Payout done",
    "nothing-to-do": "Nothing to do",
    waiting:
      status.pendingEpoch === 0
        ? "Waiting: the root to post would wait out its challenge window"
        : `Waiting: epoch ${status.pendingEpoch} is in its challenge window until ${status.claimableAt}`,
    error: `Payout stopped: ${status.error}`,
    locked: `Not run: ${status.error}`,
  }[status.outcome];
  const lines = [`${status.dryRun ? "[dry run] " : ""}${head} (exit ${status.exitCode})`];
  if (status.tookOverLock) {
    const { pid, host, startedAt } = status.tookOverLock;
    lines.push(`  took over the stale lock of pid ${pid} on ${host}, started ${startedAt}`);
  }
  for (const action of status.actions) {
    const tx = action.transaction ? ` (${action.transaction})` : "";
    lines.push(`  epoch ${action.epoch} ${action.step.padEnd(7)} ${action.detail}${tx}`);
  }
  return lines;
}
