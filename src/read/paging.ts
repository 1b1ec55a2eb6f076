// Reads a whole list through a contract's paged getter, one MAX_PAGE at a time.

/** Every id of a list of `total` ids, read `maxPage` at a time through `page(offset, limit)`. */
export async function allPages(
  total: bigint,
  maxPage: bigint,
  page: (offset: bigint, limit: bigint) => Promise<bigint[]>,
): Promise<bigint[]> {
  const ids: bigint[] = [];
  for (let offset = 0n; offset < total; offset += maxPage) {
    const chunk = await page(offset, maxPage);
    if (chunk.length === 0) break;
    ids.push(...chunk);
  }
  return ids;
}

/** The ids 1..count: how the suite numbers datanets, contributions, models and agents. */
export function idsUpTo(count: bigint): bigint[] {
  return Array.from({ length: Number(count) }, (_, i) => BigInt(i + 1));
}
