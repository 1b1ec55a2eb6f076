// Brute-force references the attribution tests pin the fast algorithms against: obviously right, and slow.

/** Lexicographic order of two suffixes of `s`; a proper prefix sorts first. */
export function compareSuffixes(s: ArrayLike<number>, a: number, b: number): number {
  for (let k = 0; ; k++) {
    if (a + k >= s.length) return b + k >= s.length ? 0 : -1;
    if (b + k >= s.length) return 1;
    if (s[a + k] !== s[b + k]) return s[a + k] - s[b + k];
  }
}

/** The suffix array by sorting every suffix with a full comparison. */
export function bruteSuffixArray(s: ArrayLike<number>): number[] {
  return Array.from({ length: s.length }, (_, i) => i).sort((a, b) => compareSuffixes(s, a, b));
}

/** Length of the common prefix of the suffixes at `a` and `b`. */
export function commonPrefix(s: ArrayLike<number>, a: number, b: number): number {
  let k = 0;
  while (a + k < s.length && b + k < s.length && s[a + k] === s[b + k]) k++;
  return k;
}

/** Every (contribution, offset) where `pattern` occurs inside one contribution. */
export function occurrences(contributions: readonly number[][], pattern: readonly number[]): [number, number][] {
  const found: [number, number][] = [];
  contributions.forEach((tokens, c) => {
    for (let at = 0; at + pattern.length <= tokens.length; at++) {
      if (pattern.every((id, k) => tokens[at + k] === id)) found.push([c, at]);
    }
  });
  return found;
}

/** For each output position, the longest run starting there that occurs inside some contribution. */
export function bruteMatchLengths(contributions: readonly number[][], output: readonly number[]): number[] {
  return output.map((_, i) => {
    let length = 0;
    while (i + length < output.length && occurrences(contributions, output.slice(i, i + length + 1)).length > 0) {
      length++;
    }
    return length;
  });
}

/** The maximal spans of at least `minSpan` tokens, straight from the definition: occurring, and in no longer occurring run. */
export function bruteMaximalSpans(
  contributions: readonly number[][],
  output: readonly number[],
  minSpan: number,
): { start: number; end: number }[] {
  const occurs = (i: number, j: number) => occurrences(contributions, output.slice(i, j)).length > 0;
  const spans: { start: number; end: number }[] = [];
  for (let i = 0; i < output.length; i++) {
    for (let j = i + Math.max(1, minSpan); j <= output.length; j++) {
      if (!occurs(i, j)) continue;
      const extendsLeft = i > 0 && occurs(i - 1, j);
      const extendsRight = j < output.length && occurs(i, j + 1);
      if (!extendsLeft && !extendsRight) spans.push({ start: i, end: j });
    }
  }
  return spans;
}
