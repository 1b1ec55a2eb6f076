// String order by UTF-16 code units: what every sort whose result is hashed, published or compared uses.

/** Orders strings by UTF-16 code units, the same on every machine and locale (unlike `localeCompare`). */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
