// Exact integer split of an amount by attribution shares: what settlement pays each contribution, to the wei.
import { compareCodeUnits } from "../util/order";

/** One contribution's part of an output. */
export interface Share {
  id: string;
  share: number;
}

/** 1e18: the fixed-point scale `splitAmount` converts shares to, so the split is exact integer arithmetic. */
export const SHARE_SCALE = 10n ** 18n;

/** The result of `splitAmount`: `Σ amounts + remainder = total`, to the wei. */
export interface Split {
  /** Amount per contribution id, for every share given (zero amounts included). */
  amounts: Map<string, bigint>;
  /** What no share claims: the unattributed part plus nothing else; it goes back to whoever pays for attribution. */
  remainder: bigint;
}

/**
 * Splits `total` by `shares` in exact integer arithmetic.
 *
 * Each share is converted exactly (a double is a binary fraction) to `p = ⌊share · 1e18⌋` parts; the shares must
 * be non-negative and their parts must not add up to more than 1e18. The distributed amount is
 * `D = ⌊total · Σp / 1e18⌋`; each id first gets `⌊total · p / 1e18⌋`, and the few units still missing from D go one
 * each to the largest remainders `total · p mod 1e18`, ties to the smaller id (code-unit order). `remainder` is
 * `total − D`. Nothing depends on the order of `shares` or on the machine.
 */
export function splitAmount(total: bigint, shares: readonly Share[]): Split {
  if (total < 0n) throw new RangeError(`total must be non-negative, got ${total}`);
  const entries = [...shares].sort((a, b) => compareCodeUnits(a.id, b.id));
  let partsSum = 0n;
  const rows = entries.map(({ id, share }, k) => {
    if (k > 0 && entries[k - 1].id === id) throw new Error(`duplicate share id "${id}"`);
    const parts = scaledFloor(share, id);
    partsSum += parts;
    const product = total * parts;
    return { id, amount: product / SHARE_SCALE, fraction: product % SHARE_SCALE };
  });
  if (partsSum > SHARE_SCALE) throw new RangeError(`shares add up to more than 1 (${partsSum} / ${SHARE_SCALE})`);

  const distributed = (total * partsSum) / SHARE_SCALE;
  let missing = distributed - rows.reduce((sum, row) => sum + row.amount, 0n);
  const byRemainder = [...rows].sort((a, b) =>
    a.fraction === b.fraction ? compareCodeUnits(a.id, b.id) : a.fraction > b.fraction ? -1 : 1,
  );
  // Σ⌊x_i⌋ ≥ ⌊Σx_i⌋ − (count − 1), so `missing` < rows.length and one pass hands it all out.
  for (const row of byRemainder) {
    if (missing === 0n) break;
    row.amount += 1n;
    missing -= 1n;
  }
  const amounts = new Map<string, bigint>();
  for (const row of rows) amounts.set(row.id, row.amount);
  return { amounts, remainder: total - distributed };
}

/** ⌊share · 1e18⌋ exactly, reading the double's mantissa and exponent. */
function scaledFloor(share: number, id: string): bigint {
  if (!Number.isFinite(share) || share < 0) throw new RangeError(`share of "${id}" must be a finite number >= 0`);
  if (share === 0) return 0n;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, share);
  const high = view.getUint32(0);
  const low = view.getUint32(4);
  const biasedExponent = (high >>> 20) & 0x7ff;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  let exponent: number;
  if (biasedExponent === 0) {
    exponent = -1074; // subnormal
  } else {
    mantissa |= 1n << 52n;
    exponent = biasedExponent - 1075;
  }
  // share = mantissa · 2^exponent
  const scaled = mantissa * SHARE_SCALE;
  return exponent >= 0 ? scaled << BigInt(exponent) : scaled >> BigInt(-exponent);
}
