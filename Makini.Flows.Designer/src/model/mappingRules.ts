import type { CustomFieldDefinition, FieldType, MappingRule } from "../api/mappingTypes";

// A mapping rule as the editor's form holds it, and back. The form keeps the text of every kind, so switching
// from an expression to a source field and back loses nothing.

export type RuleKind = "path" | "constant" | "table" | "js" | "csharp";

export const RULE_KINDS: readonly { kind: RuleKind; label: string }[] = [
  { kind: "path", label: "Source field" },
  { kind: "constant", label: "Constant" },
  { kind: "table", label: "Value table" },
  { kind: "js", label: "JavaScript" },
  { kind: "csharp", label: "C#" },
];

/** One row of a value table: a value the source sends, and the unified value it becomes. */
export interface ValueRow {
  from: string;
  to: string;
}

export interface RuleForm {
  kind: RuleKind;
  path: string;
  constant: string;
  rows: ValueRow[];
  js: string;
  csharp: string;
  /** Members of a path rule the form does not edit (type, format, sourceType, items), kept as they were. */
  extra: Record<string, unknown>;
}

export const EMPTY_FORM: RuleForm = { kind: "path", path: "", constant: "", rows: [], js: "", csharp: "", extra: {} };

const FORM_KEYS = new Set(["path", "values", "value", "js", "csharp", "type", "description"]);

function text(value: unknown): string {
  if (value === undefined || value === null) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * The form of a rule (a field's overlay or default rule, or a custom field's definition). `type` of a custom
 * field is the field's own type, not a conversion, so `isCustom` keeps it out of `extra`.
 */
export function ruleToForm(rule: MappingRule | CustomFieldDefinition | null | undefined, isCustom = false): RuleForm {
  if (rule === null || rule === undefined) return { ...EMPTY_FORM, rows: [] };
  if (typeof rule === "string") return { ...EMPTY_FORM, rows: [], path: rule };
  const r = rule as unknown as Record<string, unknown>;
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(r))
    if (!FORM_KEYS.has(key) || (key === "type" && !isCustom)) extra[key] = value;
  const form: RuleForm = { ...EMPTY_FORM, rows: [], extra };
  if (typeof r.js === "string") return { ...form, kind: "js", js: r.js };
  if (typeof r.csharp === "string") return { ...form, kind: "csharp", csharp: r.csharp };
  if ("value" in r) return { ...form, kind: "constant", constant: text(r.value) };
  const path = typeof r.path === "string" ? r.path : "";
  if (r.values && typeof r.values === "object") {
    const rows = Object.entries(r.values as Record<string, unknown>).map(([from, to]) => ({ from, to: text(to) }));
    return { ...form, kind: "table", path, rows };
  }
  return { ...form, kind: "path", path };
}

/** A constant typed in a box, as the JSON value for a field of that type (text that is not one stays text). */
export function parseConstant(input: string, type: string | null | undefined): unknown {
  const trimmed = input.trim();
  if (type === "number" || type === "integer") {
    const n = Number(trimmed);
    return trimmed !== "" && Number.isFinite(n) ? n : input;
  }
  if (type === "boolean") {
    if (trimmed.toLowerCase() === "true") return true;
    if (trimmed.toLowerCase() === "false") return false;
    return input;
  }
  if (trimmed === "null") return null;
  return input;
}

/** The table's rows as the rule's `values` (rows with neither side filled are ignored; a later row wins). */
export function rowsToValues(rows: readonly ValueRow[], type: string | null | undefined): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const row of rows) {
    if (row.from === "" && row.to === "") continue;
    values[row.from] = parseConstant(row.to, type);
  }
  return values;
}

/** The rule a unified field's form stands for; `type` is the field's type (constants are converted to it). */
export function formToRule(form: RuleForm, type?: string | null): MappingRule {
  switch (form.kind) {
    case "js":
      return { js: form.js };
    case "csharp":
      return { csharp: form.csharp };
    case "constant":
      return { value: parseConstant(form.constant, type) };
    case "table":
      return { path: form.path, ...form.extra, values: rowsToValues(form.rows, type) };
    case "path":
      return Object.keys(form.extra).length === 0 ? form.path : { path: form.path, ...form.extra };
  }
}

/** A custom field's definition from its form: its type and description, and where its value comes from. */
export function formToCustomField(form: RuleForm, type: FieldType, description: string): CustomFieldDefinition {
  const definition: CustomFieldDefinition = { type };
  if (description.trim() !== "") definition.description = description.trim();
  const { type: _conversion, ...extra } = form.extra;
  switch (form.kind) {
    case "js":
      return { ...definition, js: form.js };
    case "csharp":
      return { ...definition, csharp: form.csharp };
    case "constant":
      return { ...definition, value: parseConstant(form.constant, type) };
    case "table":
      return { ...definition, path: form.path, ...extra, values: rowsToValues(form.rows, type) };
    case "path":
      return { ...definition, path: form.path, ...extra };
  }
}

function shorten(s: string, max = 60): string {
  const oneLine = s.replace(/\s+/g, " ").trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** A rule in a few words, for the table: "/title", "/prio → 3 values", "= 'open'", "JS: raw.a + 1", "left out". */
export function describeRule(rule: MappingRule | CustomFieldDefinition | null | undefined): string {
  if (rule === null) return "left out";
  if (rule === undefined) return "—";
  if (typeof rule === "string") return rule;
  const r = rule as unknown as Record<string, unknown>;
  if (typeof r.js === "string") return `JS: ${shorten(r.js)}`;
  if (typeof r.csharp === "string") return `C#: ${shorten(r.csharp)}`;
  if ("value" in r) return `= ${JSON.stringify(r.value)}`;
  if (typeof r.path === "string") {
    const parts = [r.path];
    const conversion = r.type ?? r.sourceType;
    if (typeof conversion === "string") parts.push(`as ${conversion}`);
    if (r.values && typeof r.values === "object") {
      const count = Object.keys(r.values).length;
      parts.push(`→ ${count} value${count === 1 ? "" : "s"}`);
    }
    if (r.items && typeof r.items === "object") parts.push("(per item)");
    return parts.join(" ");
  }
  return shorten(JSON.stringify(rule));
}

/** A value as the tables show it: text as is, absent as "—", anything else as JSON (long values cut). */
export function formatValue(value: unknown, max = 80): string {
  if (value === undefined) return "—";
  const s = typeof value === "string" ? value : JSON.stringify(value);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
