// The README and docs/ stay true: every command is a real task with real options, every link resolves, and every
// number or name they quote from the code matches it.
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import type { Result } from "ethers";
import hre from "hardhat";
import { HARDHAT_PARAM_DEFINITIONS } from "hardhat/internal/core/params/hardhat-params";
import type { ParamDefinition, TaskDefinition } from "hardhat/types";
import { deploySuite } from "../../src/chain/deploy";
import {
  ROOT,
  anchors,
  commands,
  inlineCode,
  npmScripts,
  paramName,
  readPages,
  relativeLinks,
  type Command,
  type Page,
} from "./markdown";

const pages = readPages();
const page = (file: string): Page => pages.find((p) => p.file === file)!;

/** The task a command runs (a scoped one such as `ignition deploy` included) and the words after its name. */
function resolveTask(command: Command): { task?: TaskDefinition; name: string; rest: string[] } {
  const [name, sub] = command.words.slice(2);
  const scope = hre.scopes[name];
  if (scope) return { task: scope.tasks[sub], name: `${name} ${sub}`, rest: command.words.slice(4) };
  return { task: hre.tasks[name], name, rest: command.words.slice(3) };
}

/** `datanetVersion` → `datanet-version`, as the command line spells it. */
const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** A word with the brackets of `[--json]` or `[--seed S]` taken off. */
const unbracket = (word: string) => word.replace(/^\[/, "").replace(/\]$/, "");

/** Checks one command's options and positional arguments against its task; returns the problems found. */
function problemsOf(command: Command): string[] {
  const { task, name, rest } = resolveTask(command);
  const where = `${command.file}: npx hardhat ${command.words.slice(2).join(" ")}`;
  if (!task) return [`${where}: no task "${name}"`];
  const problems: string[] = [];
  const given = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const word = unbracket(rest[i]);
    if (!word.startsWith("--")) {
      positional.push(word);
      continue;
    }
    const key = paramName(word);
    const definition: ParamDefinition<unknown> | undefined =
      task.paramDefinitions[key] ?? HARDHAT_PARAM_DEFINITIONS[key as keyof typeof HARDHAT_PARAM_DEFINITIONS];
    if (!definition) {
      problems.push(`${where}: task "${name}" has no option ${word}`);
      continue;
    }
    given.add(key);
    if (definition.isFlag) continue;
    const value = unbracket(rest[++i] ?? "");
    if (command.inBlock && definition.type.name === "inputFile" && !fs.existsSync(path.join(ROOT, value))) {
      problems.push(`${where}: ${word} names a file that does not exist: ${value}`);
    }
  }
  if (command.inBlock) {
    for (const definition of Object.values(task.paramDefinitions)) {
      if (!definition.isOptional && !definition.isFlag && !given.has(definition.name)) {
        problems.push(`${where}: the required option --${kebab(definition.name)} is missing`);
      }
    }
    const required = task.positionalParamDefinitions.filter((d) => !d.isOptional).length;
    if (positional.length < required) problems.push(`${where}: ${required} positional arguments are required`);
    problems.push(
      ...missingPaths(
        where,
        positional.filter((word) => word.includes("/")),
      ),
    );
  }
  return problems;
}

/** The paths (test files, scripts, modules) a command names that match nothing (a `*` matches within one folder). */
function missingPaths(where: string, words: string[]): string[] {
  return words
    .filter((word) => !word.includes("<"))
    .filter((word) => {
      const dir = path.join(ROOT, path.dirname(word));
      const pattern = new RegExp(`^${path.basename(word).replace(/\./g, "\\.").replace(/\*/g, ".*")}$`);
      return !fs.existsSync(dir) || !fs.readdirSync(dir).some((file) => pattern.test(file));
    })
    .map((word) => `${where}: ${word} matches no file`);
}

/** The names of the tasks the suite defines, read from its task sources. */
function suiteTaskNames(): string[] {
  const sources = ["tasks", "src/cli"].flatMap((dir) => tsFiles(path.join(ROOT, dir)));
  const names = sources.flatMap((file) =>
    [...fs.readFileSync(file, "utf8").matchAll(/\btask\(\s*"([^"]+)"/g)].map((m) => m[1]),
  );
  return [...new Set(names)].sort();
}

function tsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** Every `export const NAME = …` of src/, by name, with the module that exports it. */
function exportedConstants(): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const file of tsFiles(path.join(ROOT, "src"))) {
    for (const m of fs.readFileSync(file, "utf8").matchAll(/^export const ([A-Z][A-Z0-9_]*)\b/gm)) {
      owners.set(m[1], [...(owners.get(m[1]) ?? []), file]);
    }
  }
  return owners;
}

/** Every name src/ exports: classes, functions, constants, types. */
function exportedNames(): Set<string> {
  const names = new Set<string>();
  for (const file of tsFiles(path.join(ROOT, "src"))) {
    const text = fs.readFileSync(file, "utf8");
    for (const m of text.matchAll(
      /^export (?:abstract )?(?:class|function|async function|const|interface|type|enum) (\w+)/gm,
    )) {
      names.add(m[1]);
    }
  }
  return names;
}

/** Errors, events, functions and contract names of every compiled contract. */
async function contractNames(): Promise<{ declared: Set<string>; functions: Set<string> }> {
  const declared = new Set<string>();
  const functions = new Set<string>();
  for (const fullName of await hre.artifacts.getAllFullyQualifiedNames()) {
    const artifact = await hre.artifacts.readArtifact(fullName);
    declared.add(artifact.contractName);
    for (const item of artifact.abi as { type: string; name?: string }[]) {
      if (!item.name) continue;
      if (item.type === "error" || item.type === "event") declared.add(item.name);
      if (item.type === "function") functions.add(item.name);
    }
  }
  return { declared, functions };
}

/** A quoted value: `1,000` → 1000n, `2^96 − 1` → 2^96 − 1, `0.8` stays a decimal, `OPEN` multiplies by 1e18. */
function quotedValue(text: string, unit: string | undefined): bigint | number {
  const power = /^2\^(\d+) − 1$/.exec(text);
  if (power) return 2n ** BigInt(power[1]) - 1n;
  const plain = text.replace(/,/g, "");
  if (plain.includes(".")) return Number(plain);
  return BigInt(plain) * (unit === "OPEN" ? 10n ** 18n : 1n);
}

describe("the documentation", function () {
  const allCommands = pages.flatMap(commands).filter((c) => !c.words[2].includes("<"));

  it("shows only commands of tasks that exist, with the options they declare and the ones they require", function () {
    expect(allCommands.length).to.be.greaterThan(40);
    expect(allCommands.flatMap(problemsOf)).to.deep.equal([]);
  });

  it("names only npm scripts that package.json defines", function () {
    const scripts = Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts);
    const named = pages.flatMap(npmScripts);
    expect(named).to.include.members(["simulate", "coverage", "lint", "bench"]);
    expect(named.filter((name) => !scripts.includes(name))).to.deep.equal([]);
  });

  it("lists every task the suite defines in the README's table of commands, linked into docs/", function () {
    const names = suiteTaskNames();
    expect(names).to.include.members(["simulate", "deploy", "bench", "attribution:score", "rewards:claim"]);
    const readme = page("README.md").prose.join("\n");
    const missing = names.filter((name) => !readme.includes(`| [\`${name}\`](docs/`));
    expect(missing, "tasks without a row in the README").to.deep.equal([]);
    for (const name of names) expect(hre.tasks[name], name).to.not.equal(undefined);
  });

  it("links only to files that exist and to headings that exist in them", function () {
    const broken: string[] = [];
    for (const from of pages) {
      for (const target of relativeLinks(from)) {
        const [file, anchor] = target.split("#");
        const resolved = file ? path.normalize(path.join(path.dirname(from.file), file)) : from.file;
        if (!fs.existsSync(path.join(ROOT, resolved))) {
          broken.push(`${from.file}: ${target} (no file ${resolved})`);
        } else if (anchor !== undefined) {
          const to = pages.find((p) => p.file === resolved);
          if (!to || !anchors(to).has(anchor)) broken.push(`${from.file}: ${target} (no heading #${anchor})`);
        }
      }
    }
    expect(broken).to.deep.equal([]);
  });

  it("has a README that links to every chapter of docs/", function () {
    const links = relativeLinks(page("README.md"));
    const chapters = pages.filter((p) => p.file.startsWith("docs/")).map((p) => p.file);
    expect(chapters.length).to.be.at.least(5);
    expect(chapters.filter((chapter) => !links.includes(chapter))).to.deep.equal([]);
  });

  it("quotes each constant as the contract or module that owns it defines it", async function () {
    const suite = await deploySuite(hre);
    const contracts = Object.values(suite);
    const constants = exportedConstants();
    const text = pages.map((p) => p.prose.join(" ")).join(" ");
    const quoted = [...text.matchAll(/`([A-Z][A-Z0-9_]+)` = (2\^\d+ − 1|\d[\d,]*(?:\.\d+)?)(?: (OPEN)\b)?/g)];
    expect(quoted.length).to.be.at.least(12);
    for (const [, name, value, unit] of quoted) {
      const expected = quotedValue(value, unit);
      const actual: unknown[] = [];
      for (const contract of contracts) {
        if (contract.interface.getFunction(name)) actual.push(await contract.getFunction(name)());
      }
      for (const file of constants.get(name) ?? []) actual.push((await import(file))[name]);
      expect(actual, `${name} is defined by no contract or module`).to.not.be.empty;
      for (const defined of actual) expect(defined, name).to.equal(expected);
    }
  });

  it("gives the shares a fresh deployment starts with", async function () {
    const suite = await deploySuite(hre);
    const shares = ((await suite.rewards.shares()) as unknown as Result).toObject() as Record<string, bigint>;
    const rows = page("docs/contracts.md")
      .prose.map((line) => /^\|[^|]*\| `(\w+Bps)` +\| +([\d,]+) \|/.exec(line))
      .filter((m) => m !== null);
    expect(rows.map((m) => m![1])).to.have.members(Object.keys(shares));
    for (const [, field, bps] of rows as RegExpExecArray[])
      expect(shares[field], field).to.equal(quotedValue(bps, undefined));
  });

  it("names only errors, events, contracts, constants and exports that exist, and variables .env.example lists", async function () {
    const { declared, functions } = await contractNames();
    const exported = exportedNames();
    const env = [...fs.readFileSync(path.join(ROOT, ".env.example"), "utf8").matchAll(/^([A-Z_]+)=/gm)].map(
      (m) => m[1],
    );
    // Ignition modules are named by their files in ignition/modules.
    const modules = fs.readdirSync(path.join(ROOT, "ignition/modules")).map((file) => path.parse(file).name);
    const known = new Set([...declared, ...functions, ...exported, ...env, ...modules, "StandardMerkleTree"]);
    const unknown: string[] = [];
    for (const p of pages) {
      for (const code of inlineCode(p)) {
        const name = /^([A-Z][a-z][A-Za-z0-9]*|[A-Z][A-Z0-9_]+)(\(.*\))?$/.exec(code)?.[1];
        if (name && !known.has(name)) unknown.push(`${p.file}: ${code}`);
      }
    }
    expect(unknown).to.deep.equal([]);
  });
});
