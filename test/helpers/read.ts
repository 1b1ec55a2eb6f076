// What the readers' JSON promises, shared by the tests of the readers and of the commands that print them.

/** The fields `rewards:status --json` always carries, whatever the ledger holds (`pending` may be null). */
export const REWARDS_STATUS_FIELDS = [
  "epochCount",
  "acceptedEpoch",
  "pending",
  "funded",
  "allocated",
  "claimed",
  "accrued",
  "owed",
] as const;
