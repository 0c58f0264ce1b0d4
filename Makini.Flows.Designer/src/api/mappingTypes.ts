// Shapes of the per-connection mappings API (docs/mappings.md): /api/connections/{id}/mappings.

/** The types a custom field (or a converted field) can have. */
export type FieldType = "string" | "number" | "integer" | "boolean" | "datetime";

export const FIELD_TYPES: readonly FieldType[] = ["string", "number", "integer", "boolean", "datetime"];

/** A declarative rule: a JSON pointer into the source record, with an optional conversion and value table. */
export interface PathRule {
  path: string;
  type?: string;
  format?: string;
  values?: Record<string, unknown>;
  /** Array fields (tasks, line items) map each item with a rule of their own. */
  items?: Record<string, MappingRule>;
}

export interface ValueRule {
  value: unknown;
}

export interface JsRule {
  js: string;
}

export interface CsharpRule {
  csharp: string;
}

/** How one unified field gets its value: a pointer ("/summary"), a rule object, a constant or an expression. */
export type MappingRule = string | PathRule | ValueRule | JsRule | CsharpRule;

/** A custom field: its type and description, and where its value comes from (path, value, js or csharp). */
export interface CustomFieldDefinition {
  type: FieldType;
  description?: string;
  path?: string;
  sourceType?: string;
  format?: string;
  values?: Record<string, unknown>;
  value?: unknown;
  js?: string;
  csharp?: string;
}

/** What a connection saves per entity: an overlay of the default mapping and its custom fields. */
export interface MappingDocument {
  /** A rule replaces the default mapping of that field; null leaves the field out. */
  fields?: Record<string, MappingRule | null>;
  customFields?: Record<string, CustomFieldDefinition>;
}

/** One entity in GET /mappings. */
export interface EntityMappingSummary {
  entity: string;
  version: number;
  savedAt?: string | null;
  author?: string | null;
  /** The entity's custom fields (names), or how many there are. */
  customFields?: string[] | number | null;
}

export interface MappingsOverview {
  connectionId: string;
  connector: string;
  entities: EntityMappingSummary[];
}

export type FieldOrigin = "default" | "mapping";

/** A unified field as the current mapping makes it, with a value from a stored record. */
export interface MappedField {
  name: string;
  type?: string | null;
  /** The rule in effect (null: the field is left out). */
  source?: MappingRule | null;
  origin: FieldOrigin | string;
  sample?: unknown;
}

export interface MappedCustomField {
  name: string;
  type: FieldType | string;
  source?: MappingRule | CustomFieldDefinition | null;
  description?: string | null;
  sample?: unknown;
}

/** A field found in the stored source records: its pointer, type, an example and how many records had it. */
export interface SourceField {
  path: string;
  type?: string | null;
  sample?: unknown;
  seen?: number | null;
}

/** GET /mappings/{entity}. */
export interface EntityMapping {
  entity: string;
  version: number;
  savedAt?: string | null;
  author?: string | null;
  /** The saved overlay; null when the entity uses the connector's default. */
  document?: MappingDocument | null;
  /** The connector's default mapping: field name to rule. */
  defaults?: Record<string, MappingRule> | null;
  fields: MappedField[];
  customFields: MappedCustomField[];
  sourceFields: SourceField[];
  sampledRecords?: number | null;
}

export interface MappingWarning {
  pointer: string;
  message: string;
}

/** A problem of a refused document (400): where it is, and the line and column inside an expression. */
export interface MappingProblem {
  pointer: string;
  message: string;
  line?: number | null;
  column?: number | null;
}

/** The answer to PUT, DELETE and revert: the new version. */
export interface MappingSaved {
  version: number;
  savedAt?: string | null;
  warnings?: MappingWarning[] | null;
  reprojected?: number | null;
}

export interface FieldChange {
  field: string;
  before?: unknown;
  after?: unknown;
}

export interface RecordMappingError {
  field?: string | null;
  message: string;
}

export interface PreviewRecord {
  sourceKey?: string | null;
  key?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  changes?: FieldChange[] | null;
  errors?: RecordMappingError[] | null;
}

export interface PreviewRequest {
  mapping: MappingDocument;
  samples?: unknown[];
  limit?: number;
}

export interface PreviewResult {
  records: PreviewRecord[];
  warnings?: MappingWarning[] | null;
}

export interface MappingVersionSummary {
  version: number;
  savedAt?: string | null;
  author?: string | null;
  current: boolean;
}

export interface MappingVersion {
  version: number;
  savedAt?: string | null;
  author?: string | null;
  document?: MappingDocument | null;
}

export type DiffOp = "add" | "remove" | "replace";

export interface DocumentChange {
  pointer: string;
  op: DiffOp | string;
  before?: unknown;
  after?: unknown;
}

export interface MappingDiff {
  from: number;
  to: number;
  changes: DocumentChange[];
}
