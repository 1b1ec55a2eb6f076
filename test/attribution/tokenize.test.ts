// Tokenizer: the documented rule, its regular-expression twin, and deterministic vocabulary ids.
import { expect } from "chai";
import fc from "fast-check";
import { countTokens, tokenize, TOKEN_PATTERN, UNKNOWN_TOKEN, Vocabulary } from "../../src/attribution/tokenize";

describe("tokenize", function () {
  it("splits words, numbers and punctuation, keeping case", function () {
    expect(tokenize("Hello, World_1 = 0xff+3.14;")).to.deep.equal([
      "Hello",
      ",",
      "World_1",
      "=",
      "0xff",
      "+",
      "3",
      ".",
      "14",
      ";",
    ]);
  });

  it("reads 1e18, 10_000 and 2nd as single number tokens and _x as a word", function () {
    expect(tokenize("1e18 10_000 2nd _x")).to.deep.equal(["1e18", "10_000", "2nd", "_x"]);
  });

  it("separates tokens on every kind of whitespace and never returns it", function () {
    expect(tokenize(" a\tb\nc\r\nd\u00a0e\u2003f\u3000g\ufeff ")).to.deep.equal(["a", "b", "c", "d", "e", "f", "g"]);
    expect(tokenize(" \n\t ")).to.deep.equal([]);
  });

  it("makes each other code point a token, a surrogate pair included", function () {
    expect(tokenize("é😀(x)")).to.deep.equal(["é", "😀", "(", "x", ")"]);
  });

  it("agrees with TOKEN_PATTERN on any text", function () {
    const pieces = [
      "a",
      "Z",
      "_",
      "q1",
      "7",
      "0x",
      " ",
      "\n",
      "\t",
      "\u00a0",
      "\u2028",
      ".",
      "(",
      "é",
      "😀",
      "\ud800",
      "\udc00",
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
        const text = parts.join("");
        const expected = Array.from(text.matchAll(TOKEN_PATTERN), (match) => match[0]);
        expect(tokenize(text)).to.deep.equal(expected);
        expect(countTokens(text)).to.equal(expected.length);
      }),
      { numRuns: 500 },
    );
  });
});

describe("Vocabulary", function () {
  it("numbers tokens densely in order of first appearance", function () {
    const vocabulary = new Vocabulary();
    expect(Array.from(vocabulary.encode("b a b ( a", true))).to.deep.equal([0, 1, 0, 2, 1]);
    expect(vocabulary.size).to.equal(3);
    expect(vocabulary.tokenAt(2)).to.equal("(");
    expect(vocabulary.idOf("a")).to.equal(1);
  });

  it("encodes tokens it does not know as UNKNOWN_TOKEN unless asked to grow", function () {
    const vocabulary = new Vocabulary();
    vocabulary.encode("known words", true);
    expect(Array.from(vocabulary.encode("known new words"))).to.deep.equal([0, UNKNOWN_TOKEN, 1]);
    expect(vocabulary.size).to.equal(2);
  });
});
