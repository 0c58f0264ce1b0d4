import type { DocumentChange, MappingDocument, PreviewRecord } from "../api/mappingTypes";
import { canonicalJson } from "./mappingDraft";

// What changes, for display: between two mapping documents (the shape GET .../diff answers with, so the save
// review and the history show both the same way), and between a record before and after a mapping.

function escapeToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function walk(pointer: string, before: unknown, after: unknown, changes: DocumentChange[]): void {
  if (isObject(before) && isObject(after)) {
    for (const key of Object.keys(before)) {
      const child = `${pointer}/${escapeToken(key)}`;
      if (!(key in after)) changes.push({ pointer: child, op: "remove", before: before[key] });
      else walk(child, before[key], after[key], changes);
    }
    for (const key of Object.keys(after))
      if (!(key in before)) changes.push({ pointer: `${pointer}/${escapeToken(key)}`, op: "add", after: after[key] });
    return;
  }
  if (canonicalJson(before) !== canonicalJson(after)) changes.push({ pointer, op: "replace", before, after });
}

/**
 * The changes from one document to another, member by member (arrays and values replaced whole). A missing
 * document or section is an empty one, so adding the first field shows as /fields/title, not /fields.
 */
export function documentDiff(before: MappingDocument | null | undefined, after: MappingDocument | null | undefined): DocumentChange[] {
  const changes: DocumentChange[] = [];
  const sections = (d: MappingDocument | null | undefined) => ({ ...d, fields: d?.fields ?? {}, customFields: d?.customFields ?? {} });
  walk("", sections(before), sections(after), changes);
  return changes;
}

/** A change in words: "/fields/title" becomes "fields › title". */
export function pointerLabel(pointer: string): string {
  if (pointer === "") return "(the whole document)";
  return pointer
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"))
    .join(" › ");
}

/** One field of a previewed record: its value before and after the draft mapping. */
export interface PreviewRow {
  field: string;
  before: unknown;
  after: unknown;
  changed: boolean;
}

/** A record's fields, custom fields as customFields.<name>; mappingErrors are shown apart, not as a field. */
function flatten(record: Record<string, unknown> | null | undefined): Map<string, unknown> {
  const fields = new Map<string, unknown>();
  for (const [name, value] of Object.entries(record ?? {})) {
    if (name === "mappingErrors") continue;
    if (name === "customFields" && isObject(value)) {
      for (const [custom, v] of Object.entries(value)) fields.set(`customFields.${custom}`, v);
    } else fields.set(name, value);
  }
  return fields;
}

/**
 * A previewed record field by field, in the order of the record after the mapping, then fields only the
 * record before had. A field is changed when the server lists it, or its value differs.
 */
export function previewRows(record: PreviewRecord): PreviewRow[] {
  const before = flatten(record.before);
  const after = flatten(record.after);
  const listed = new Set((record.changes ?? []).map((c) => c.field));
  const names = [...after.keys(), ...[...before.keys()].filter((k) => !after.has(k))];
  return names.map((field) => {
    const b = before.get(field);
    const a = after.get(field);
    return { field, before: b, after: a, changed: listed.has(field) || canonicalJson(a) !== canonicalJson(b) };
  });
}
