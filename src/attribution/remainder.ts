// The remainder rule: how the part of an epoch's payments that no method attributes is spread, in exact integers.
import { compareCodeUnits } from "../util/order";

/** The result of `spreadRemainder`: `Σ amounts + carried = remainder`, to the wei. */
export interface RemainderSpread {
  /** Amount per contribution id, for every id with a positive amount. */
  amounts: Map<string, bigint>;
  /** What nobody earned: the whole remainder when no credit was measured in the epoch (carry it to the next). */
  carried: bigint;
}

/**
 * Spreads `remainder` over contributions in proportion to the credit each was measured to earn in the epoch
 * (`credit`: id → attributed amount, e.g. the wei the attribution methods gave it over the epoch's outputs).
 *
 * Why measured credit: it is what the data did. Declared sizes can be padded, contribution counts can be split
 * across accounts, and a reputation that a fresh address resets can be reset; measured credit moves only when an
 * output really draws on the data, so padding a file, splitting it or starting over with a new address earns no
 * more of the remainder than the data's measured influence already earns. When nothing was measured, nobody is
 * owed anything: the remainder is `carried`, never spread by a rule that size could game.
 *
 * Exact: each id gets ⌊remainder · credit / Σ credit⌋, and the few wei still missing go one each to the largest
 * fractional parts, ties to the smaller id in code-unit order. Throws on a negative amount or a duplicate id.
 */
export function spreadRemainder(remainder: bigint, credit: ReadonlyArray<readonly [string, bigint]>): RemainderSpread {
  if (remainder < 0n) throw new RangeError(`remainder must be non-negative, got ${remainder}`);
  const rows = [...credit].sort(([a], [b]) => compareCodeUnits(a, b));
  let total = 0n;
  rows.forEach(([id, value], k) => {
    if (value < 0n) throw new RangeError(`credit of "${id}" must be non-negative, got ${value}`);
    if (k > 0 && rows[k - 1][0] === id) throw new Error(`duplicate credit id "${id}"`);
    total += value;
  });
  const amounts = new Map<string, bigint>();
  if (total === 0n || remainder === 0n) return { amounts, carried: remainder };
  const parts = rows.map(([id, value]) => {
    const exact = remainder * value;
    return { id, amount: exact / total, fraction: exact % total };
  });
  let missing = remainder - parts.reduce((sum, part) => sum + part.amount, 0n);
  const byFraction = [...parts].sort((a, b) =>
    a.fraction === b.fraction ? compareCodeUnits(a.id, b.id) : a.fraction > b.fraction ? -1 : 1,
  );
  // Each floor loses less than one wei, so fewer wei are missing than there are rows: one pass hands them out.
  for (const part of byFraction) {
    if (missing === 0n) break;
    part.amount += 1n;
    missing -= 1n;
  }
  for (const { id, amount } of parts) if (amount > 0n) amounts.set(id, amount);
  return { amounts, carried: 0n };
}
