/** One editable key/value row of a connection's metadata. */
export interface MetadataRow {
  key: string;
  value: string;
}

export function metadataRows(metadata: Record<string, string> | null | undefined): MetadataRow[] {
  return Object.entries(metadata ?? {}).map(([key, value]) => ({ key, value }));
}

/** The rows as the API's metadata object, or the problem that stops it (fully empty rows are ignored). */
export function metadataRecord(rows: readonly MetadataRow[]): { metadata: Record<string, string> } | { problem: string } {
  const metadata: Record<string, string> = {};
  for (const row of rows) {
    const key = row.key.trim();
    if (key === "" && row.value === "") continue;
    if (key === "") return { problem: `The value '${row.value}' needs a key.` };
    if (Object.hasOwn(metadata, key)) return { problem: `The key '${key}' is used twice.` };
    metadata[key] = row.value;
  }
  return { metadata };
}
