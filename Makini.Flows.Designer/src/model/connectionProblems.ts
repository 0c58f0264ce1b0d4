import { ProblemError } from "../api/problem";

/** Messages placed where the user fixes them: under the name, under a credential field, under the metadata. */
export interface FormErrors {
  name?: string;
  credentials: Record<string, string>;
  metadata?: string;
  /** Messages whose pointer names nothing on the form (shown above the button). */
  other: string[];
}

export const NO_ERRORS: FormErrors = { credentials: {}, other: [] };

export function hasErrors(errors: FormErrors): boolean {
  return errors.name !== undefined || errors.metadata !== undefined || errors.other.length > 0 || Object.keys(errors.credentials).length > 0;
}

function decodePointer(pointer: string): string[] {
  if (pointer === "" || pointer === "/") return [];
  return pointer
    .replace(/^\//, "")
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function append(existing: string | undefined, message: string): string {
  return existing ? `${existing} ${message}` : message;
}

/**
 * Places each problem of a 400 answer (errors [{pointer, message}], or one pointer with a detail) under its
 * field: /name, /credentials/<field>, /metadata/...; a credential the form does not show, or any other
 * pointer, goes to `other` with its pointer.
 */
export function formErrorsOf(error: ProblemError, fieldNames: readonly string[]): FormErrors {
  const errors: FormErrors = { credentials: {}, other: [] };
  const entries =
    error.problems.length > 0
      ? error.problems.map((p) => ({ pointer: p.pointer ?? "", message: p.message }))
      : error.pointer !== undefined
        ? [{ pointer: error.pointer, message: error.detail ?? error.title }]
        : [];
  if (entries.length === 0) errors.other.push(error.message);
  for (const { pointer, message } of entries) {
    const [head, field] = decodePointer(pointer);
    if (head === "name" && field === undefined) errors.name = append(errors.name, message);
    else if (head === "credentials" && field !== undefined && fieldNames.includes(field))
      errors.credentials[field] = append(errors.credentials[field], message);
    else if (head === "metadata") errors.metadata = append(errors.metadata, message);
    else errors.other.push(pointer ? `${message} (at ${pointer})` : message);
  }
  return errors;
}

const CHECK_FAILURES: Record<string, string> = {
  AUTHENTICATION_FAILED: "The system refused these credentials",
  CONNECTION_FAILED: "Could not reach the system",
  RATE_LIMIT_EXCEEDED: "The system is refusing requests for now (too many requests)",
  INVALID_RESPONSE: "The system answered with something that is not what it should send",
};

/** A failed connection check (422), in words: what happened, the source's answer, and its HTTP status. */
export interface CheckFailure {
  title: string;
  detail?: string;
  sourceStatus?: number;
}

export function checkFailureOf(error: ProblemError): CheckFailure {
  const title = (error.code && CHECK_FAILURES[error.code]) ?? (error.code ? `The connection check failed (${error.code})` : error.title);
  return { title, detail: error.detail, sourceStatus: error.sourceStatus };
}

/** What a failed "Test and save" shows: field messages for a 400, the source's answer for a 422, else the error. */
export type SaveFailure = { kind: "fields"; errors: FormErrors } | { kind: "check"; failure: CheckFailure } | { kind: "other"; message: string };

export function saveFailureOf(error: unknown, fieldNames: readonly string[]): SaveFailure {
  if (error instanceof ProblemError && error.status === 400) return { kind: "fields", errors: formErrorsOf(error, fieldNames) };
  if (error instanceof ProblemError && error.status === 422) return { kind: "check", failure: checkFailureOf(error) };
  return { kind: "other", message: error instanceof Error ? error.message : String(error) };
}
