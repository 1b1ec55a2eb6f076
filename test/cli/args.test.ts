// src/cli/args.ts: every parser, with good input and bad, and the exact message naming the argument.
import { expect } from "chai";
import { ethers } from "hardhat";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  MAX_STAKE,
  checkWholeNumber,
  hashWeightsFile,
  parseAccount,
  parseAddress,
  parseBps,
  parseChoice,
  parseCount,
  parseDeploymentId,
  parseFile,
  parseHash,
  parseId,
  parseLineage,
  parseList,
  parseModelIds,
  parseOpen,
  parseQuality,
  parseStake,
  parseWeightsHash,
  parseWholeNumber,
  resolveWeightsHash,
} from "../../src/cli/args";
import { CommandError } from "../../src/cli/errors";
import { WEIGHTS } from "../helpers/registry";

const CHECKSUMMED = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";

/** A parser's refusals: each input and the exact message, which names the argument. */
function refuses(parse: (text: string) => unknown, cases: [string, string][]): void {
  for (const [text, message] of cases) {
    it(`refuses ${JSON.stringify(text)}: ${message}`, function () {
      expect(() => parse(text))
        .to.throw(CommandError)
        .with.property("message", message);
    });
  }
}

/** A parser's readings: each input and the value it gives. */
function reads<T>(parse: (text: string) => T, cases: [string, T][]): void {
  for (const [text, value] of cases) {
    it(`reads ${JSON.stringify(text)} as ${String(value)}`, function () {
      expect(parse(text)).to.deep.equal(value);
    });
  }
}

describe("command-line arguments", function () {
  describe("parseLineage", function () {
    it("reads datanetId:version:weightBps entries separated by commas, spaces allowed", function () {
      expect(parseLineage("1:1:6000, 2:3:4000")).to.deep.equal([
        { datanetId: 1n, version: 1, weightBps: 6000 },
        { datanetId: 2n, version: 3, weightBps: 4000 },
      ]);
      expect(parseLineage(" 7 : 4294967295 : 10000 ")).to.deep.equal([
        { datanetId: 7n, version: 4294967295, weightBps: 10_000 },
      ]);
    });

    it("reads an empty string as the empty lineage", function () {
      expect(parseLineage("")).to.deep.equal([]);
      expect(parseLineage("  ")).to.deep.equal([]);
    });

    it("accepts MAX_LINEAGE entries", function () {
      const text = Array.from({ length: 16 }, (_, i) => `1:${i + 1}:625`).join(",");
      expect(parseLineage(text)).to.have.length(16);
    });

    const refusals: [string, string][] = [
      ["1:1", '--lineage: entry 1 ("1:1") is not datanetId:version:weightBps'],
      ["1:1:5000:1", '--lineage: entry 1 ("1:1:5000:1") is not datanetId:version:weightBps'],
      ["1:1:5000,x:1:5000", '--lineage: entry 2 ("x:1:5000"): the datanet id must be a whole number from 1'],
      ["1.5:1:10000", "the datanet id must be a whole number from 1"],
      ["0:1:10000", '--lineage: entry 1 ("0:1:10000"): the datanet id must be a whole number from 1'],
      ["1:0:10000", "the version must be a whole number from 1 to 4294967295"],
      ["1:4294967296:10000", "the version must be a whole number from 1 to 4294967295"],
      ["1:1:0,2:1:10000", '--lineage: entry 1 ("1:1:0"): the weight must be from 1 to 10000 basis points'],
      ["1:1:10001", "the weight must be from 1 to 10000 basis points"],
      ["1:1:-5000", "the weight must be from 1 to 10000 basis points"],
      ["1:1:5000,1:1:5000", '--lineage: entry 2 ("1:1:5000") repeats datanet 1 version 1'],
      ["1:1:6000,2:1:3000", "--lineage: the weights sum to 9000 basis points; they must sum to 10000"],
      [
        Array.from({ length: 17 }, (_, i) => `1:${i + 1}:1`).join(","),
        "--lineage: 17 entries; a model may cite at most 16",
      ],
    ];
    for (const [text, message] of refusals) {
      it(`refuses "${text.length > 30 ? text.slice(0, 30) + "..." : text}", naming --lineage`, function () {
        expect(() => parseLineage(text))
          .to.throw(CommandError, message)
          .with.property("message")
          .that.matches(/^--lineage: /);
      });
    }
  });

  describe("parseModelIds", function () {
    it("reads comma-separated model ids", function () {
      expect(parseModelIds("1, 2,10")).to.deep.equal([1n, 2n, 10n]);
    });

    const refusals: [string, string][] = [
      ["", "--models: give at least one model id, e.g. 1,2"],
      ["1,a", '--models: "a" is not an id (a whole number from 1)'],
      ["0", '--models: "0" is not an id'],
      ["1,,2", '--models: "" is not an id'],
      ["1,2,1", "--models: model 1 is listed twice"],
      ["1,2,3,4,5,6,7,8,9", "--models: 9 models; an agent may use at most 8"],
    ];
    for (const [text, message] of refusals) {
      it(`refuses "${text}", naming --models`, function () {
        expect(() => parseModelIds(text)).to.throw(CommandError, message);
      });
    }
  });

  describe("parseOpen and parseId", function () {
    it("reads an amount of OPEN written as a decimal into wei", function () {
      expect(parseOpen("0", "fee")).to.equal(0n);
      expect(parseOpen("1.5", "fee")).to.equal(1_500_000_000_000_000_000n);
      expect(parseOpen(" 0.000000000000000001 ", "fee")).to.equal(1n);
    });

    for (const text of ["", "abc", "-1", "1e18", "1.", ".5", "0.0000000000000000001", "1,5"]) {
      it(`refuses the amount "${text}", naming the argument`, function () {
        expect(() => parseOpen(text, "fee")).to.throw(CommandError, `--fee: "${text}" is not an amount of OPEN`);
      });
    }

    it("reads ids from 1, beyond JavaScript's safe integers", function () {
      expect(parseId("1", "id")).to.equal(1n);
      expect(parseId("90071992547409930", "id")).to.equal(90071992547409930n);
      for (const text of ["0", "-1", "1.0", "x", ""]) {
        expect(() => parseId(text, "base")).to.throw(CommandError, `--base: "${text}" is not an id`);
      }
    });
  });

  describe("the weights hash", function () {
    it("reads a 32-byte hex hash", function () {
      expect(parseWeightsHash(WEIGHTS.toUpperCase().replace("0X", "0x"))).to.equal(WEIGHTS);
    });

    it("refuses a malformed or zero hash, naming --weights-hash", function () {
      expect(() => parseWeightsHash("0x1234")).to.throw(CommandError, '--weights-hash: "0x1234" is not');
      expect(() => parseWeightsHash(WEIGHTS.slice(2))).to.throw(CommandError, "--weights-hash:");
      expect(() => parseWeightsHash(ethers.ZeroHash)).to.throw(
        CommandError,
        "--weights-hash: the weights hash cannot be zero",
      );
    });

    it("hashes a weights file with keccak-256", async function () {
      const dir = await mkdtemp(join(tmpdir(), "weights-"));
      const file = join(dir, "adapter.safetensors");
      const bytes = new Uint8Array([0, 1, 2, 250, 251, 255]);
      await writeFile(file, bytes);
      expect(await hashWeightsFile(file)).to.equal(ethers.keccak256(bytes));
      expect(await resolveWeightsHash({ weights: file })).to.equal(ethers.keccak256(bytes));
    });

    it("names --weights when the file cannot be read", async function () {
      await expect(hashWeightsFile("/nonexistent/weights.bin")).to.be.rejectedWith(
        CommandError,
        "--weights: cannot read /nonexistent/weights.bin",
      );
    });

    it("takes exactly one of --weights-hash and --weights", async function () {
      expect(await resolveWeightsHash({ weightsHash: WEIGHTS })).to.equal(WEIGHTS);
      await expect(resolveWeightsHash({})).to.be.rejectedWith(CommandError, "--weights-hash: give the");
      await expect(resolveWeightsHash({ weightsHash: WEIGHTS, weights: "w.bin" })).to.be.rejectedWith(
        CommandError,
        "give --weights-hash or --weights, not both",
      );
    });
  });

  describe("parseAddress", function () {
    reads(
      (text) => parseAddress(text, "to"),
      [
        [CHECKSUMMED, CHECKSUMMED],
        [CHECKSUMMED.toLowerCase(), CHECKSUMMED],
        ["0x" + CHECKSUMMED.slice(2).toUpperCase(), CHECKSUMMED],
      ],
    );
    refuses(
      (text) => parseAddress(text, "to"),
      [
        ["0x123", '--to: "0x123" is not an address (0x and 40 hex digits)'],
        ["alice", '--to: "alice" is not an address (0x and 40 hex digits)'],
        ["alice.eth", '--to: "alice.eth" is not an address (0x and 40 hex digits)'],
        ["", '--to: "" is not an address (0x and 40 hex digits)'],
        [CHECKSUMMED.slice(2), `--to: "${CHECKSUMMED.slice(2)}" is not an address (0x and 40 hex digits)`],
        [
          CHECKSUMMED.replace("a", "A"),
          `--to: "${CHECKSUMMED.replace("a", "A")}" has a wrong checksum: check the address, or write it in lower case`,
        ],
      ],
    );
  });

  describe("parseAccount", function () {
    reads((text) => parseAccount(text, "owner"), [[CHECKSUMMED.toLowerCase(), CHECKSUMMED]]);
    refuses(
      (text) => parseAccount(text, "owner"),
      [
        [ethers.ZeroAddress, "--owner: the zero address is nobody's account"],
        ["bob", '--owner: "bob" is not an address (0x and 40 hex digits)'],
      ],
    );
  });

  describe("parseStake", function () {
    reads(
      (text) => parseStake(text, "stake"),
      [
        ["10", 10n * 10n ** 18n],
        ["0.000000000000000001", 1n],
      ],
    );
    refuses(
      (text) => parseStake(text, "stake"),
      [
        ["abc", '--stake: "abc" is not an amount of OPEN (a decimal such as 0.5, at most 18 decimals)'],
        ["0", "--stake: a datanet's stake must be more than 0 OPEN"],
        ["0.0", "--stake: a datanet's stake must be more than 0 OPEN"],
        ["79228162515", `--stake: "79228162515" OPEN is above the largest stake, ${MAX_STAKE} wei`],
      ],
    );
  });

  describe("parseQuality and parseBps", function () {
    reads(
      (text) => parseQuality(text, "quality"),
      [
        ["0", 0],
        ["9000", 9000],
        ["10000", 10000],
      ],
    );
    refuses(
      (text) => parseQuality(text, "quality"),
      [
        ["20000", '--quality: "20000" is not a quality score (basis points, a whole number from 0 to 10000)'],
        ["-1", '--quality: "-1" is not a quality score (basis points, a whole number from 0 to 10000)'],
        ["90%", '--quality: "90%" is not a quality score (basis points, a whole number from 0 to 10000)'],
      ],
    );
    reads((text) => parseBps(text, "weight"), [["2500", 2500]]);
    refuses(
      (text) => parseBps(text, "weight"),
      [["10001", '--weight: "10001" is not a share (basis points, a whole number from 0 to 10000)']],
    );
  });

  describe("parseWholeNumber, checkWholeNumber and parseCount", function () {
    reads(
      (text) => parseWholeNumber(text, "epoch", { min: 1 }),
      [
        ["1", 1],
        [" 42 ", 42],
      ],
    );
    refuses(
      (text) => parseWholeNumber(text, "epoch", { min: 1, max: 100 }),
      [
        ["0", '--epoch: "0" is not a whole number from 1 to 100'],
        ["101", '--epoch: "101" is not a whole number from 1 to 100'],
        ["1.5", '--epoch: "1.5" is not a whole number from 1 to 100'],
        ["two", '--epoch: "two" is not a whole number from 1 to 100'],
      ],
    );
    it("checks a number Hardhat already read, naming the option as the user typed it", function () {
      expect(checkWholeNumber(3, "minSpan", { min: 1 })).to.equal(3);
      expect(() => checkWholeNumber(0, "minSpan", { min: 1 })).to.throw(
        CommandError,
        `--min-span: 0 is not a whole number from 1 to ${Number.MAX_SAFE_INTEGER}`,
      );
    });
    reads(
      (text) => parseCount(text, "maxLeaves"),
      [
        ["1e6", 1_000_000],
        ["10000", 10_000],
        ["1.5e1", 15],
      ],
    );
    refuses(
      (text) => parseCount(text, "maxLeaves"),
      [
        ["0", '--max-leaves: "0" is not a positive whole number (such as 10000 or 1e4)'],
        ["1e-1", '--max-leaves: "1e-1" is not a positive whole number (such as 10000 or 1e4)'],
        ["many", '--max-leaves: "many" is not a positive whole number (such as 10000 or 1e4)'],
        ["1e300", '--max-leaves: "1e300" is not a positive whole number (such as 10000 or 1e4)'],
      ],
    );
  });

  describe("parseHash, parseFile, parseChoice and parseList", function () {
    reads((text) => parseHash(text, "root"), [[WEIGHTS.toUpperCase().replace("0X", "0x"), WEIGHTS]]);
    refuses(
      (text) => parseHash(text, "root"),
      [["0x12", '--root: "0x12" is not a 32-byte hex value (0x and 64 hex digits)']],
    );
    it("reads a file that exists, and names the argument when it does not", async function () {
      const file = join(await mkdtemp(join(tmpdir(), "args-")), "log.jsonl");
      await writeFile(file, "");
      expect(parseFile(file, "inferences")).to.equal(file);
      expect(() => parseFile(join(file, "..", "missing"), "inferences")).to.throw(
        CommandError,
        `--inferences: no file at ${join(file, "..", "missing")}`,
      );
      expect(() => parseFile(join(file, ".."), "inferences")).to.throw(
        CommandError,
        `--inferences: ${join(file, "..")} is not a file`,
      );
      expect(() => parseFile("", "inferences")).to.throw(CommandError, "--inferences: give a file");
    });
    reads((text) => parseDeploymentId(text, "deploymentId"), [["chain-31337", "chain-31337"]]);
    refuses(
      (text) => parseDeploymentId(text, "deploymentId"),
      [
        ["../x", '--deployment-id: "../x" is not a deployment id (a letter, then letters, digits, - or _)'],
        ["1st", '--deployment-id: "1st" is not a deployment id (a letter, then letters, digits, - or _)'],
      ],
    );
    reads((text) => parseChoice(text, "scenario", ["honest", "spam"] as const), [["spam", "spam"]]);
    refuses(
      (text) => parseChoice(text, "scenario", ["honest", "spam"] as const),
      [["chaos", '--scenario must be one of honest, spam; got "chaos"']],
    );
    reads(
      (text) => parseList(text, "contributors", parseCount, { min: 2, max: 2, what: "counts" }),
      [["1e1,1e4", [10, 10_000]]],
    );
    refuses(
      (text) => parseList(text, "contributors", parseCount, { min: 2, max: 2, what: "counts" }),
      [
        ["10", "--contributors: 1 counts; give 2, comma-separated"],
        ["", "--contributors: 0 counts; give 2, comma-separated"],
        ["1,x", '--contributors: "x" is not a positive whole number (such as 10000 or 1e4)'],
      ],
    );
  });
});
