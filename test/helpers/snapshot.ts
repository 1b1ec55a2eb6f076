// The one way the tests show that a refused call changed nothing: read the state, refuse, read again, compare.
import { expect } from "chai";

/** A read (ethers Results nest as arrays with named keys) as plain nested arrays, for deep equality. */
export function plain(value: unknown): unknown {
  return Array.isArray(value) ? Array.from(value, plain) : value;
}

/**
 * Reads the state with `readState`, runs `refused` (which asserts its own revert), reads again and asserts that the
 * two reads are deeply equal. `readState` should read every balance, total and getter the refused call could move.
 */
export async function expectUnchanged<T>(readState: () => Promise<T>, refused: () => Promise<unknown>): Promise<void> {
  const before = plain(await readState());
  await refused();
  expect(plain(await readState())).to.deep.equal(before);
}
