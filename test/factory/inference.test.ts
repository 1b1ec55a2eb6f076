// The inference id: its exact encoding, and that it changes with every part of the request and with the output.
import { expect } from "chai";
import fc from "fast-check";
import { AbiCoder, concat, keccak256, toUtf8Bytes } from "ethers";

import {
  InferenceRequest,
  canonicalRequestJson,
  inferenceId,
  inferenceOutputHash,
  inferenceRequestHash,
} from "../../src/factory/inference";

const REQUEST: InferenceRequest = { modelId: 3n, agentId: 12n, prompt: 'say "hi"\n', seed: "42" };
const OUTPUT = "hi ☀";

describe("inferenceId", function () {
  it("writes the request as canonical JSON with decimal ids", function () {
    expect(canonicalRequestJson(REQUEST)).to.equal(
      '{"agentId":"12","modelId":"3","prompt":"say \\"hi\\"\\n","seed":"42"}',
    );
  });

  it("is keccak256(abi.encode(keccak256(request JSON), keccak256(output))), the 64 bytes of both hashes", function () {
    const requestHash = keccak256(toUtf8Bytes(canonicalRequestJson(REQUEST)));
    const outputHash = keccak256(toUtf8Bytes(OUTPUT));
    expect(inferenceRequestHash(REQUEST)).to.equal(requestHash);
    expect(inferenceOutputHash(OUTPUT)).to.equal(outputHash);
    const encoded = AbiCoder.defaultAbiCoder().encode(["bytes32", "bytes32"], [requestHash, outputHash]);
    expect(encoded).to.equal(concat([requestHash, outputHash]));
    expect(inferenceId(REQUEST, OUTPUT)).to.equal(keccak256(encoded));
  });

  it("is pinned for one request, so any change to the encoding shows", function () {
    expect(inferenceId(REQUEST, OUTPUT)).to.equal("0xee466b61a3a28c905b13f60eb77a2a51932f4c4bca22fcfd18c768ce648cf90b");
  });

  it("depends only on the four request fields, not on their order or on anything else the object carries", function () {
    const reordered = { seed: "42", prompt: 'say "hi"\n', agentId: 12n, modelId: 3n, extra: "ignored" };
    expect(inferenceId(reordered, OUTPUT)).to.equal(inferenceId(REQUEST, OUTPUT));
  });

  it("changes with the model, the agent, the prompt, the seed and the output", function () {
    const ids = fc.bigInt({ min: 0n, max: 2n ** 256n - 1n });
    const request = fc.record({ modelId: ids, agentId: ids, prompt: fc.string(), seed: fc.string() });
    fc.assert(
      fc.property(request, request, fc.string(), fc.string(), (a, b, outputA, outputB) => {
        const same =
          a.modelId === b.modelId &&
          a.agentId === b.agentId &&
          a.prompt === b.prompt &&
          a.seed === b.seed &&
          outputA === outputB;
        expect(inferenceId(a, outputA) === inferenceId(b, outputB)).to.equal(same);
      }),
    );
    const base = inferenceId(REQUEST, OUTPUT);
    const changed = [
      inferenceId({ ...REQUEST, modelId: 4n }, OUTPUT),
      inferenceId({ ...REQUEST, agentId: 13n }, OUTPUT),
      inferenceId({ ...REQUEST, prompt: 'say "hi"' }, OUTPUT),
      inferenceId({ ...REQUEST, seed: "43" }, OUTPUT),
      inferenceId(REQUEST, `${OUTPUT} `),
      // Swapping the ids is a different request.
      inferenceId({ ...REQUEST, modelId: 12n, agentId: 3n }, OUTPUT),
    ];
    expect(new Set([base, ...changed]).size).to.equal(changed.length + 1);
  });

  it("keeps ids past 2^53 exact", function () {
    const big = { ...REQUEST, modelId: 2n ** 200n + 1n };
    expect(canonicalRequestJson(big)).to.include(`"modelId":"${2n ** 200n + 1n}"`);
    expect(inferenceId(big, OUTPUT)).to.not.equal(inferenceId({ ...REQUEST, modelId: 2n ** 200n }, OUTPUT));
  });

  it("refuses ids that are not uint256 values", function () {
    expect(() => inferenceId({ ...REQUEST, modelId: -1n }, OUTPUT)).to.throw(RangeError, "modelId");
    expect(() => inferenceId({ ...REQUEST, agentId: 2n ** 256n }, OUTPUT)).to.throw(RangeError, "agentId");
  });
});
