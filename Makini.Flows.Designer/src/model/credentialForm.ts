import type { CredentialField } from "../api/connectionTypes";

/** What the user typed into a connect form, by credential field name. */
export type CredentialValues = Record<string, string>;

/** Creating a connection, or replacing the credentials of one (whose secrets are never shown again). */
export type FormMode = "create" | "update";

/** The value the server shows in place of a stored secret. */
export const MASKED = "********";

/** Whether a field holds a secret: shown masked, never pre-filled from what is stored. */
export function isSecret(field: CredentialField): boolean {
  return field.secret === true || field.type === "password";
}

/** The HTML input type for a field; a revealed secret becomes plain text. */
export function inputTypeOf(field: CredentialField, revealed = false): string {
  if (isSecret(field)) return revealed ? "text" : "password";
  switch (field.type) {
    case "url":
      return "url";
    case "email":
      return "email";
    case "number":
      return "number";
    default:
      return "text";
  }
}

/** The browser's autofill hint: password managers fill sign-in fields, never API keys into a username box. */
export function autoCompleteOf(field: CredentialField): string {
  if (field.type === "password") return "new-password";
  if (field.type === "email" || /^(user(name)?|login|email)$/i.test(field.name)) return "username";
  return "off";
}

/**
 * The values a form opens with: each field's default when creating; when updating, the stored value of each
 * non-secret field (secrets start empty: left empty, the stored one is kept).
 */
export function initialValues(
  fields: readonly CredentialField[],
  mode: FormMode = "create",
  stored: Record<string, string> = {},
): CredentialValues {
  const values: CredentialValues = {};
  for (const field of fields) {
    if (mode === "update") {
      const current = stored[field.name];
      values[field.name] = isSecret(field) || current === undefined || current === MASKED ? "" : current;
    } else values[field.name] = field.default ?? "";
  }
  return values;
}

/** Whether an empty value is acceptable: optional fields, and fields the server fills with their default. */
function mayBeEmpty(field: CredentialField): boolean {
  return !field.required || (field.default ?? "") !== "";
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** The problem with one field's value, or null when the value is fine (an empty secret of an update keeps the stored one). */
export function fieldProblem(field: CredentialField, value: string, mode: FormMode = "create"): string | null {
  const text = isSecret(field) ? value : value.trim();
  if (text === "") return mayBeEmpty(field) || (mode === "update" && isSecret(field)) ? null : `${field.label} is required.`;
  if (field.type === "url" && !isHttpUrl(text)) return `${field.label} must be an absolute http:// or https:// URL.`;
  if (field.type === "number" && !Number.isFinite(Number(text))) return `${field.label} must be a number.`;
  if (field.type === "email" && !/^[^\s@]+@[^\s@]+$/.test(text)) return `${field.label} must be an email address.`;
  return null;
}

/** The problems of every field, by field name (fields without a problem are left out). */
export function credentialProblems(
  fields: readonly CredentialField[],
  values: CredentialValues,
  mode: FormMode = "create",
): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const field of fields) {
    const problem = fieldProblem(field, values[field.name] ?? "", mode);
    if (problem) problems[field.name] = problem;
  }
  return problems;
}

/**
 * The credentials to send, trimmed except secrets (whose spaces may be part of them). Creating: the filled fields
 * only (the server applies defaults to the rest). Updating: every non-secret field, an emptied one as "" (cleared),
 * and only the secrets typed again: a field left out keeps its stored value.
 */
export function credentialsToSend(
  fields: readonly CredentialField[],
  values: CredentialValues,
  mode: FormMode = "create",
): Record<string, string> {
  const credentials: Record<string, string> = {};
  for (const field of fields) {
    const raw = values[field.name] ?? "";
    const value = isSecret(field) ? raw : raw.trim();
    if (value !== "" || (mode === "update" && !isSecret(field))) credentials[field.name] = value;
  }
  return credentials;
}
