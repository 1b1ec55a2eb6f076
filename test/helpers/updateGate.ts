// The rule both registries share, as shared tests: only a token's owner (or an address it approved, or an operator)
// updates it, and an update to a token that does not exist is refused. OpenZeppelin's `shouldBehaveLike...` style.
import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { AgentRegistry, ModelRegistry } from "../../typechain-types";
import { agentState, modelState, type deployRegistries } from "./registry";
import { expectUnchanged } from "./snapshot";

type RegistryFixture = Awaited<ReturnType<typeof deployRegistries>>;
type Registries = { model: ModelRegistry; agent: AgentRegistry };

/** An update the gate guards, made on token 1. */
export interface GatedUpdate<R> {
  name: string;
  call: (registry: R) => Promise<unknown>;
}

export interface GateFixtures<R> {
  /** A fixture in which `owner` owns token 1, and one in which token 1 does not exist yet. */
  withToken: () => Promise<RegistryFixture>;
  withoutToken: () => Promise<RegistryFixture>;
  /** alice or bob; the other one neither owns nor operates token 1. */
  owner: "alice" | "bob";
  /** What else must still hold after an update to the unknown token was refused. */
  stillUnknown?: (registry: R) => Promise<void>;
}

/**
 * For each update of the `noun` registry (errors `Not<Noun>OwnerOrOperator`, `Unknown<Noun>`): refused when the one
 * who is not the owner sends it, and refused on a token that does not exist; each time everything the registry
 * stores (`modelState`, `agentState`) is unchanged.
 */
export function shouldRefuseOutsiders<N extends keyof Registries>(
  noun: N,
  updates: GatedUpdate<Registries[N]>[],
  fixtures: GateFixtures<Registries[N]>,
): void {
  const Noun = noun === "model" ? "Model" : "Agent";
  const registryOf = (fixture: RegistryFixture) =>
    (noun === "model" ? fixture.models : fixture.agents) as Registries[N];
  const stateOf = (fixture: RegistryFixture): Promise<unknown> =>
    noun === "model" ? modelState(fixture.models) : agentState(fixture.agents);

  for (const { name, call } of updates) {
    it(`refuses ${name} by someone who neither owns nor operates the ${noun}, changing nothing`, async function () {
      const fixture = await loadFixture(fixtures.withToken);
      const registry = registryOf(fixture);
      const stranger = fixtures.owner === "alice" ? fixture.bob : fixture.alice;
      await expectUnchanged(
        () => stateOf(fixture),
        () =>
          expect(call(registry.connect(stranger) as Registries[N]))
            .to.be.revertedWithCustomError(registry, `Not${Noun}OwnerOrOperator`)
            .withArgs(1n, stranger.address),
      );
    });

    it(`refuses ${name} on an unknown ${noun}, changing nothing`, async function () {
      const fixture = await loadFixture(fixtures.withoutToken);
      const registry = registryOf(fixture);
      await expectUnchanged(
        () => stateOf(fixture),
        () =>
          expect(call(registry.connect(fixture[fixtures.owner]) as Registries[N]))
            .to.be.revertedWithCustomError(registry, `Unknown${Noun}`)
            .withArgs(1n),
      );
      await fixtures.stillUnknown?.(registry);
    });
  }
}
