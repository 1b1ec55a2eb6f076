// The simulation's real data: Solidity sources shipped inside @openzeppelin/contracts, one file per contribution.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { mulberry32 } from "../util/random";

export interface SourceFile {
  name: string;
  text: string;
}

/** Every .sol file of @openzeppelin/contracts between 1 and 12 KB, sorted by path (a stable, machine-independent list). */
export function openZeppelinSources(maxBytes = 12_000): SourceFile[] {
  const root = path.dirname(require.resolve("@openzeppelin/contracts/package.json"));
  const files: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry.endsWith(".sol")) {
        const text = readFileSync(full, "utf8");
        if (text.length >= 1_000 && text.length <= maxBytes) files.push({ name: path.relative(root, full), text });
      }
    }
  };
  walk(root);
  return files;
}

/** A seeded PRNG (mulberry32 over a string seed's FNV-1a hash): the same seed gives the same run. */
export function seededRandom(seed: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  return mulberry32(h);
}

export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** A copycat's "small edits": renames a few identifiers and adds a comment, so the hash differs but the text does not. */
export function lightlyEdit(text: string, random: () => number): string {
  const identifiers = [...new Set(text.match(/\b_[a-z][A-Za-z0-9]{3,}\b/g) ?? [])].slice(0, 3);
  let edited = text;
  for (const id of identifiers) edited = edited.split(id).join(`${id}${Math.floor(random() * 90 + 10)}`);
  return `// Copyright (c) the original authors, improved\n${edited}`;
}

/** Junk a spammer submits: words that are not Solidity, of a plausible size. */
export function junkText(random: () => number): string {
  const words = ["lorem", "ipsum", "buy", "cheap", "tokens", "now", "moon", "airdrop", "free", "click", "win", "gm"];
  const count = 200 + Math.floor(random() * 300);
  return Array.from({ length: count }, () => words[Math.floor(random() * words.length)]).join(" ");
}
