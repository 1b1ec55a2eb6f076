// The property tests' one way to send a step that may be refused: a refusal must be one of the contracts' custom
// errors (anything else fails the test), and is reported as false so that the model skips the step.
import { expect } from "chai";
import type { Interface } from "ethers";

/** A sender of possibly refused steps, whose refusals must parse as an error of one of `contracts`. */
export function refusalsOf(...contracts: { interface: Interface }[]) {
  return async function tried(send: () => Promise<{ wait(): Promise<unknown> }>): Promise<boolean> {
    try {
      await (await send()).wait();
      return true;
    } catch (error) {
      const data = (error as { data?: string }).data;
      const parsed = data ? contracts.map((c) => c.interface.parseError(data)).find((e) => e !== null) : undefined;
      expect(parsed ?? null, `an unexpected failure: ${(error as Error).message}`).to.not.equal(null);
      return false;
    }
  };
}
