import type { CustomFieldDefinition, FieldType, MappingDocument, MappingRule } from "../api/mappingTypes";
import { FIELD_TYPES } from "../api/mappingTypes";
import { formToCustomField, ruleToForm, type RuleForm } from "./mappingRules";

// The mapping editor's state for one entity and the document it stands for (docs/mappings.md): `fields` is an
// overlay of the connector's default mapping (only the fields the user changed), `customFields` the new fields.

/** A custom field being edited; `id` stays the same when it is renamed (it keys the row). */
export interface CustomFieldDraft {
  id: string;
  name: string;
  type: FieldType;
  description: string;
  source: RuleForm;
}

export interface MappingDraft {
  /** Field name to its rule; null leaves the field out; a field not here keeps the default mapping. */
  fields: Record<string, MappingRule | null>;
  customFields: CustomFieldDraft[];
}

export const EMPTY_DRAFT: MappingDraft = { fields: {}, customFields: [] };

let nextId = 0;
function newId(): string {
  nextId += 1;
  return `cf${nextId}`;
}

function fieldTypeOf(type: unknown): FieldType {
  return FIELD_TYPES.includes(type as FieldType) ? (type as FieldType) : "string";
}

/** The editor's state for a saved document (null: the entity uses the connector's default). */
export function draftOf(document: MappingDocument | null | undefined): MappingDraft {
  return {
    fields: { ...(document?.fields ?? {}) },
    customFields: Object.entries(document?.customFields ?? {}).map(([name, definition]) => ({
      id: newId(),
      name,
      type: fieldTypeOf(definition.type),
      description: definition.description ?? "",
      source: ruleToForm(definition, true),
    })),
  };
}

/** JSON with object keys sorted, to compare two values whatever the order of their keys. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * The document to preview or save: the overlay without rules that only repeat the default, and the custom
 * fields by name (a field with no name yet is left out). Empty sections are left out.
 */
export function buildDocument(draft: MappingDraft, defaults?: Record<string, MappingRule> | null): MappingDocument {
  const document: MappingDocument = {};
  const fields: Record<string, MappingRule | null> = {};
  for (const [name, rule] of Object.entries(draft.fields)) {
    if (rule !== null && defaults && name in defaults && sameJson(defaults[name], rule)) continue;
    fields[name] = rule;
  }
  if (Object.keys(fields).length > 0) document.fields = fields;
  const customFields: Record<string, CustomFieldDefinition> = {};
  for (const field of draft.customFields) {
    const name = field.name.trim();
    if (name === "") continue;
    customFields[name] = formToCustomField(field.source, field.type, field.description);
  }
  if (Object.keys(customFields).length > 0) document.customFields = customFields;
  return document;
}

/** The saved document as buildDocument would write it, so the two compare as equal when nothing changed. */
export function normalizedDocument(document: MappingDocument | null | undefined): MappingDocument {
  const result: MappingDocument = {};
  if (document?.fields && Object.keys(document.fields).length > 0) result.fields = document.fields;
  if (document?.customFields && Object.keys(document.customFields).length > 0) result.customFields = document.customFields;
  return result;
}

export function setFieldRule(draft: MappingDraft, name: string, rule: MappingRule): MappingDraft {
  return { ...draft, fields: { ...draft.fields, [name]: rule } };
}

/** Leaves the field out of every record (null in the overlay). */
export function omitField(draft: MappingDraft, name: string): MappingDraft {
  return { ...draft, fields: { ...draft.fields, [name]: null } };
}

/** Back to the connector's default mapping for that field (out of the overlay). */
export function mapByDefault(draft: MappingDraft, name: string): MappingDraft {
  if (!(name in draft.fields)) return draft;
  const fields = { ...draft.fields };
  delete fields[name];
  return { ...draft, fields };
}

/** Undoes the draft's change to a field: the rule the saved document has for it, or the default. */
export function undoField(draft: MappingDraft, saved: MappingDocument | null | undefined, name: string): MappingDraft {
  const rule = saved?.fields?.[name];
  if (rule === undefined) return mapByDefault(draft, name);
  return { ...draft, fields: { ...draft.fields, [name]: rule } };
}

/** Whether the draft maps the field differently from the saved document. */
export function fieldChanged(draft: MappingDraft, saved: MappingDocument | null | undefined, name: string): boolean {
  return canonicalJson(draft.fields[name]) !== canonicalJson(saved?.fields?.[name]);
}

/** A new custom field, named `name` (or with a free name customFieldN), a string from a source field. */
export function addCustomField(draft: MappingDraft, name?: string): MappingDraft {
  const taken = new Set(draft.customFields.map((f) => f.name));
  let chosen = name ?? "";
  if (!name) for (let i = 1; chosen === "" || taken.has(chosen); i++) chosen = `customField${i}`;
  const field: CustomFieldDraft = { id: newId(), name: chosen, type: "string", description: "", source: ruleToForm("", true) };
  return { ...draft, customFields: [...draft.customFields, field] };
}

export type CustomFieldPatch = Partial<Omit<CustomFieldDraft, "id">>;

export function updateCustomField(draft: MappingDraft, id: string, patch: CustomFieldPatch): MappingDraft {
  return { ...draft, customFields: draft.customFields.map((f) => (f.id === id ? { ...f, ...patch } : f)) };
}

export function removeCustomField(draft: MappingDraft, id: string): MappingDraft {
  return { ...draft, customFields: draft.customFields.filter((f) => f.id !== id) };
}

const NAME = /^[A-Za-z0-9_]+$/;

/** What stops the custom fields being saved, by field id: no name, a name with other characters, a name used twice. */
export function customFieldProblems(draft: MappingDraft, unifiedFields: readonly string[] = []): Record<string, string> {
  const problems: Record<string, string> = {};
  const counts = new Map<string, number>();
  for (const f of draft.customFields) counts.set(f.name.trim(), (counts.get(f.name.trim()) ?? 0) + 1);
  for (const f of draft.customFields) {
    const name = f.name.trim();
    if (name === "") problems[f.id] = "Give the field a name.";
    else if (!NAME.test(name)) problems[f.id] = "A name is letters, digits and _ only.";
    else if ((counts.get(name) ?? 0) > 1) problems[f.id] = `The name '${name}' is used twice.`;
    else if (unifiedFields.includes(name)) problems[f.id] = `'${name}' is a unified field; custom fields need names of their own.`;
  }
  return problems;
}
