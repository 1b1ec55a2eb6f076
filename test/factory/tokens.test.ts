// The Model Factory tokenizer: what a token is, and detokenize writing tokens back as text that reads them back.
import { expect } from "chai";
import fc from "fast-check";

import { detokenize, isWordToken, tokenize } from "../../src/factory/tokens";

// Characters that exercise every spacing rule: words, digits, brackets, quotes, operators, dots, whitespace.
const CODE_LIKE = fc.string({ unit: fc.constantFrom(..."aZ1_$ .,;:()[]{}\"'`!=<>/*@&|+-^\n\tÉ€😀́") });

describe("Model Factory tokens", function () {
  describe("tokenize", function () {
    it("splits identifiers, numbers and each punctuation character, dropping whitespace", function () {
      expect(tokenize("  _balances[msg.sender] += 1e18;\n")).to.deep.equal([
        "_balances",
        "[",
        "msg",
        ".",
        "sender",
        "]",
        "+",
        "=",
        "1e18",
        ";",
      ]);
    });

    it("keeps a hex or underscored number whole and splits a version at its dots", function () {
      expect(tokenize("0x1f 1_000 0.8.20")).to.deep.equal(["0x1f", "1_000", "0", ".", "8", ".", "20"]);
    });

    it("reads letters beyond ASCII as words and any other symbol as one token", function () {
      expect(tokenize("café €5 😀")).to.deep.equal(["café", "€", "5", "😀"]);
    });

    it("never produces an empty token or a token containing whitespace", function () {
      fc.assert(
        fc.property(fc.string({ unit: "binary" }), (text) => {
          for (const token of tokenize(text)) expect(token).to.match(/^\S+$/u);
        }),
      );
    });

    it("splits the markers <bod> and <eod> written in text, so text can never forge them", function () {
      expect(tokenize("<bod><eod>")).to.deep.equal(["<", "bod", ">", "<", "eod", ">"]);
    });
  });

  describe("detokenize", function () {
    it("writes Solidity the way it is usually written", function () {
      const source =
        'function transfer(address to, uint256 value) public returns(bool) { require(!paused && to != address(0), "zero"); _balances[msg.sender] -= value; return true; }';
      expect(detokenize(tokenize(source))).to.equal(source);
    });

    it("writes NatSpec comments, operators and versions back together", function () {
      const source =
        "/// @dev Returns the caller's balance. */ mapping(address => uint256) x; pragma solidity ^ 0.8.20;";
      expect(detokenize(tokenize(source))).to.equal(source);
    });

    it("ends sentences with a space but keeps member access glued", function () {
      expect(detokenize(tokenize("It rounds down. See Math.Rounding.Floor and a.b."))).to.equal(
        "It rounds down. See Math.Rounding.Floor and a.b.",
      );
    });

    it("separates every pair of word or number tokens", function () {
      expect(detokenize(["uint256", "1", "x", "0x1f"])).to.equal("uint256 1 x 0x1f");
      expect(isWordToken("0x1f")).to.equal(true);
      expect(isWordToken("(")).to.equal(false);
    });

    it("writes text that tokenizes back to the same tokens", function () {
      fc.assert(
        fc.property(fc.oneof(CODE_LIKE, fc.string({ unit: "binary" })), (text) => {
          const tokens = tokenize(text);
          expect(tokenize(detokenize(tokens))).to.deep.equal(tokens);
        }),
        { numRuns: 500 },
      );
    });

    it("writes nothing for no tokens", function () {
      expect(detokenize([])).to.equal("");
    });
  });
});
