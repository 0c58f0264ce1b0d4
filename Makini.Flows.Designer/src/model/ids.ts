/** An activity id unique in the flow, made from a base (the type or a copied id): "log", "log2", "log3"... */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  let stem = base.replace(/[^A-Za-z0-9_-]/g, "");
  if (!/^[A-Za-z]/.test(stem)) stem = "a" + stem;
  stem = stem.charAt(0).toLowerCase() + stem.slice(1);
  if (!taken.has(stem)) return stem;
  const root = stem.replace(/\d+$/, "") || stem;
  for (let n = 2; ; n++) {
    const candidate = `${root}${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
