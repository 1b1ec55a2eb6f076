// The Model Factory n-gram model: counting, stupid backoff, deterministic training, weights and generation.
import { expect } from "chai";
import fc from "fast-check";
import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { keccak256 } from "ethers";

import {
  DEFAULT_BACKOFF,
  END_OF_DOCUMENT,
  InvalidModelError,
  MODEL_FORMAT,
  NgramModel,
  START_OF_DOCUMENT,
  deserializeModel,
  generate,
  nextTokenDistribution,
  serializeModel,
  trainNgram,
  weightsHash,
} from "../../src/factory/ngram";
import { tokenize } from "../../src/factory/tokens";

const OPENZEPPELIN = path.join(__dirname, "..", "..", "node_modules", "@openzeppelin", "contracts");

/** The Solidity sources under `dir` of the OpenZeppelin package, in path order. */
function solidityFiles(dir: string): string[] {
  const root = path.join(OPENZEPPELIN, dir);
  return (readdirSync(root, { recursive: true }) as string[])
    .filter((file) => file.endsWith(".sol"))
    .sort()
    .map((file) => readFileSync(path.join(root, file), "utf8"));
}

function trigramsOf(tokens: readonly string[]): string[] {
  return tokens.slice(2).map((token, i) => `${tokens[i]} ${tokens[i + 1]} ${token}`);
}

function counts(model: NgramModel): Record<string, Record<string, number>> {
  return Object.fromEntries([...model.counts].map(([context, next]) => [context, Object.fromEntries(next)]));
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const bytesOf = (value: string) => new TextEncoder().encode(value);

describe("Model Factory n-gram model", function () {
  // Every Solidity file of OpenZeppelin Contracts: about 250 documents and 300,000 tokens.
  let corpus: string[];
  let model: NgramModel;

  before(function () {
    corpus = solidityFiles(".");
    expect(corpus.length).to.be.greaterThan(100);
    model = trainNgram(corpus);
  });

  describe("training", function () {
    it("counts the token after each context of every length, padding the start and marking the end", function () {
      const bigrams = trainNgram(["a b a c"], { order: 2 });
      expect(bigrams.order).to.equal(2);
      expect(bigrams.documents).to.equal(1);
      expect(counts(bigrams)).to.deep.equal({
        "": { [END_OF_DOCUMENT]: 1, a: 2, b: 1, c: 1 },
        [START_OF_DOCUMENT]: { a: 1 },
        a: { b: 1, c: 1 },
        b: { a: 1 },
        c: { [END_OF_DOCUMENT]: 1 },
      });
    });

    it("trains trigrams with a backoff factor of 0.1 unless told otherwise", function () {
      expect(model.order).to.equal(3);
      expect(model.backoff).to.equal(DEFAULT_BACKOFF).and.equal(0.1);
      expect(model.documents).to.equal(corpus.length);
      expect(model.counts.get("pragma solidity")?.get("^")).to.be.greaterThan(100);
    });

    it("gives byte-identical weights for the same documents in any order", function () {
      const documents = solidityFiles("token/ERC20");
      const reference = serializeModel(trainNgram(documents));
      fc.assert(
        fc.property(fc.shuffledSubarray(documents, { minLength: documents.length }), (shuffled) => {
          expect(serializeModel(trainNgram(shuffled))).to.deep.equal(reference);
        }),
        { numRuns: 10 },
      );
    });

    it("gives other weights when one document changes", function () {
      const documents = solidityFiles("token/ERC20");
      const edited = [...documents];
      edited[0] = edited[0].replace("uint256", "uint128");
      expect(weightsHash(serializeModel(trainNgram(edited)))).to.not.equal(
        weightsHash(serializeModel(trainNgram(documents))),
      );
    });

    it("refuses an order outside 1 to 16 and a backoff outside (0, 1]", function () {
      for (const order of [0, 17, 2.5, NaN]) expect(() => trainNgram([], { order })).to.throw(RangeError, "order");
      for (const backoff of [0, -0.1, 1.5, NaN]) {
        expect(() => trainNgram([], { backoff })).to.throw(RangeError, "backoff");
      }
    });
  });

  describe("stupid backoff", function () {
    it("scores a token by the longest context that saw it, times the backoff per token dropped", function () {
      const small = trainNgram(["x a b", "y a c", "a d"], { order: 3, backoff: 0.1 });
      // After "x a": b was seen after "x a" (1/1); c and d only after "a" (1/3 each, one backoff); the rest only
      // in the empty context (count/11, two backoffs).
      const scores: Record<string, number> = {
        b: 1,
        c: 0.1 / 3,
        d: 0.1 / 3,
        a: (0.01 * 3) / 11,
        x: 0.01 / 11,
        y: 0.01 / 11,
        [END_OF_DOCUMENT]: (0.01 * 3) / 11,
      };
      const total = Object.values(scores).reduce((a, b) => a + b);
      const distribution = nextTokenDistribution(small, ["x", "a"]);
      expect(distribution.map(([token]) => token)).to.deep.equal(Object.keys(scores).sort());
      for (const [token, probability] of distribution) expect(probability).to.be.closeTo(scores[token] / total, 1e-12);
    });

    it("backs off to shorter contexts when the full context was never seen", function () {
      const small = trainNgram(["x a b", "y a c", "a d"], { order: 3 });
      const unseen = Object.fromEntries(nextTokenDistribution(small, ["z", "a"]));
      // "z a" was never seen, so b, c and d (each seen once after "a") share the mass one backoff away.
      expect(unseen.b).to.equal(unseen.c).and.equal(unseen.d);
      expect(unseen.b).to.be.greaterThan(unseen.a * 10);
      expect(unseen.b * 3).to.be.greaterThan(0.9);
    });

    it("sums to one over the whole vocabulary", function () {
      const distribution = nextTokenDistribution(model, tokenize("function balanceOf(address"));
      expect(distribution).to.have.length(model.counts.get("")!.size);
      expect(distribution.reduce((sum, [, p]) => sum + p, 0)).to.be.closeTo(1, 1e-9);
    });
  });

  describe("weights", function () {
    it("are canonical JSON with sorted keys, in exactly this layout", function () {
      expect(text(serializeModel(trainNgram(["a b"], { order: 2 })))).to.equal(
        `{"backoff":0.1,"contexts":{"":{"<eod>":1,"a":1,"b":1},"<bod>":{"a":1},"a":{"b":1},"b":{"<eod>":1}},` +
          `"documents":1,"format":"${MODEL_FORMAT}","order":2}`,
      );
    });

    it("round-trip through deserializeModel to the same model and the same bytes", function () {
      const small = trainNgram(solidityFiles("token/ERC20/utils"));
      const reread = deserializeModel(serializeModel(small));
      expect(counts(reread)).to.deep.equal(counts(small));
      expect({ ...reread, counts: undefined }).to.deep.equal({ ...small, counts: undefined });
      // The whole corpus: the weights write every field of the model, so equal bytes mean an equal model.
      const bytes = serializeModel(model);
      expect(weightsHash(serializeModel(deserializeModel(bytes)))).to.equal(weightsHash(bytes));
    });

    it("hash with keccak-256 to a stable weightsHash", function () {
      const bytes = serializeModel(trainNgram(["contract A { }", "contract B is A { }"]));
      expect(weightsHash(bytes)).to.equal(keccak256(bytes));
      // Pinned: a change here changes every registered model's hash, and needs a new MODEL_FORMAT.
      expect(weightsHash(bytes)).to.equal("0x591057281d9a32cf27253072c2485099a391234956b5acb24bc0031c9ff96e54");
    });

    it("keep tokens that are also names of object properties", function () {
      const bytes = serializeModel(trainNgram(["__proto__ constructor toString hasOwnProperty"]));
      const reread = deserializeModel(bytes);
      expect([...reread.counts.get("")!.keys()]).to.include.members(["__proto__", "constructor", "toString"]);
      expect(reread.counts.get("__proto__ constructor")?.get("toString")).to.equal(1);
      expect(serializeModel(reread)).to.deep.equal(bytes);
    });

    const malformed: [string, string][] = [
      ["bytes that are not JSON", "{"],
      ["another format", `{"backoff":0.1,"contexts":{},"documents":0,"format":"other/1","order":3}`],
      ["an order of zero", `{"backoff":0.1,"contexts":{},"documents":0,"format":"${MODEL_FORMAT}","order":0}`],
      ["a backoff above one", `{"backoff":2,"contexts":{},"documents":0,"format":"${MODEL_FORMAT}","order":3}`],
      [
        "a negative count",
        `{"backoff":0.1,"contexts":{"":{"a":-1}},"documents":1,"format":"${MODEL_FORMAT}","order":3}`,
      ],
      [
        "a context as long as the order",
        `{"backoff":0.1,"contexts":{"a b c":{"d":1}},"documents":1,"format":"${MODEL_FORMAT}","order":3}`,
      ],
      [
        "a token with a space",
        `{"backoff":0.1,"contexts":{"":{"a b":1}},"documents":1,"format":"${MODEL_FORMAT}","order":3}`,
      ],
      ["a list for the contexts", `{"backoff":0.1,"contexts":[],"documents":0,"format":"${MODEL_FORMAT}","order":3}`],
    ];
    for (const [what, json] of malformed) {
      it(`refuses ${what} with an InvalidModelError`, function () {
        expect(() => deserializeModel(bytesOf(json))).to.throw(InvalidModelError);
      });
    }
  });

  describe("generation", function () {
    const PROMPT = "function transfer(address to, uint256 value)";

    it("gives the same text for the same seed, also from the deserialized weights", function () {
      const first = generate(model, PROMPT, { maxTokens: 60, seed: 7 });
      expect(first.tokens.length).to.be.greaterThan(0);
      expect(generate(model, PROMPT, { maxTokens: 60, seed: 7 })).to.deep.equal(first);
      expect(generate(deserializeModel(serializeModel(model)), PROMPT, { maxTokens: 60, seed: 7 })).to.deep.equal(
        first,
      );
    });

    it("reads an integer seed the same whether written as a number, a bigint or a string", function () {
      const expected = generate(model, PROMPT, { maxTokens: 30, seed: 42 });
      for (const seed of [42n, "42", "0x2a"]) {
        expect(generate(model, PROMPT, { maxTokens: 30, seed })).to.deep.equal(expected);
      }
    });

    it("usually gives different text for different seeds", function () {
      const texts = Array.from({ length: 20 }, (_, seed) => generate(model, PROMPT, { maxTokens: 40, seed }).text);
      expect(new Set(texts).size).to.be.at.least(18);
    });

    it("copies phrases of the corpus: most generated trigrams occur in it", function () {
      const seen = new Set(corpus.flatMap((document) => trigramsOf(tokenize(document))));
      let found = 0;
      let total = 0;
      for (let seed = 0; seed < 20; seed++) {
        const tokens = generate(model, "", { maxTokens: 100, seed }).tokens;
        for (const trigram of trigramsOf(tokens)) {
          total += 1;
          if (seen.has(trigram)) found += 1;
        }
      }
      expect(total).to.be.greaterThan(500);
      expect(found / total).to.be.greaterThan(0.85);
    });

    it("continues the prompt from its last two tokens", function () {
      const greedy = generate(model, "// SPDX-License-Identifier: MIT\npragma solidity", {
        maxTokens: 7,
        seed: 0,
        temperature: 0,
      });
      expect(greedy.text).to.equal("^ 0.8.20;");
    });

    it("stops at the end of the document, without writing the marker", function () {
      const tiny = trainNgram(["the cat sat on the mat"]);
      const result = generate(tiny, "the cat", { maxTokens: 100, seed: 1, temperature: 0 });
      expect(result).to.deep.equal({
        text: "sat on the mat",
        tokens: ["sat", "on", "the", "mat"],
        finishReason: "end-of-document",
      });
    });

    it("stops after maxTokens tokens", function () {
      const result = generate(model, PROMPT, { maxTokens: 25, seed: 3 });
      expect(result.tokens).to.have.length(25);
      expect(result.finishReason).to.equal("max-tokens");
      expect(generate(model, PROMPT, { maxTokens: 0, seed: 3 })).to.deep.equal({
        text: "",
        tokens: [],
        finishReason: "max-tokens",
      });
    });

    it("at temperature 0 takes the most likely token, breaking ties by sorted order", function () {
      const tie = trainNgram(["a c", "a b"], { order: 2 });
      expect(generate(tie, "a", { maxTokens: 1, seed: 0, temperature: 0 }).tokens).to.deep.equal(["b"]);
    });

    it("copies the corpus more closely at a lower temperature", function () {
      const seen = new Set(corpus.flatMap((document) => trigramsOf(tokenize(document))));
      const reuse = (temperature: number) => {
        const trigrams = Array.from({ length: 10 }, (_, seed) =>
          trigramsOf(generate(model, "", { maxTokens: 100, seed, temperature }).tokens),
        ).flat();
        return trigrams.filter((t) => seen.has(t)).length / trigrams.length;
      };
      expect(reuse(0.5)).to.be.greaterThan(reuse(2));
    });

    it("writes nothing from a model trained on no documents", function () {
      expect(generate(trainNgram([]), "anything", { maxTokens: 10, seed: 1 })).to.deep.equal({
        text: "",
        tokens: [],
        finishReason: "end-of-document",
      });
    });

    it("refuses a negative or fractional maxTokens and a negative temperature", function () {
      for (const maxTokens of [-1, 1.5, NaN]) {
        expect(() => generate(model, "", { maxTokens, seed: 1 })).to.throw(RangeError, "maxTokens");
      }
      expect(() => generate(model, "", { maxTokens: 1, seed: 1, temperature: -1 })).to.throw(RangeError, "temperature");
    });
  });
});
