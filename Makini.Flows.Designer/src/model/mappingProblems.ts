import type { MappingProblem } from "../api/mappingTypes";
import { ProblemError } from "../api/problem";
import type { Diagnostic } from "../editor/CodeEditor";

// Where a problem of a mapping document goes on the page: under the unified field or the custom field its
// pointer names (/fields/title/js, /customFields/costCenter/type), or in a list above when it names neither.

export interface PlacedProblem {
  message: string;
  pointer: string;
  line?: number | null;
  column?: number | null;
  severity: "error" | "warning";
}

export interface PlacedProblems {
  fields: Record<string, PlacedProblem[]>;
  customFields: Record<string, PlacedProblem[]>;
  other: PlacedProblem[];
}

export const NO_PROBLEMS: PlacedProblems = { fields: {}, customFields: {}, other: [] };

function tokens(pointer: string): string[] {
  if (pointer === "" || pointer === "/") return [];
  return pointer
    .replace(/^\//, "")
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function add(map: Record<string, PlacedProblem[]>, key: string, problem: PlacedProblem): void {
  (map[key] ??= []).push(problem);
}

export function placeProblems(problems: readonly (MappingProblem & { severity?: string })[], severity: "error" | "warning" = "error"): PlacedProblems {
  const placed: PlacedProblems = { fields: {}, customFields: {}, other: [] };
  for (const p of problems) {
    const problem: PlacedProblem = {
      message: p.message,
      pointer: p.pointer ?? "",
      line: p.line,
      column: p.column,
      severity: p.severity === "warning" ? "warning" : severity,
    };
    const [section, name] = tokens(problem.pointer);
    if (section === "fields" && name !== undefined) add(placed.fields, name, problem);
    else if (section === "customFields" && name !== undefined) add(placed.customFields, name, problem);
    else placed.other.push(problem);
  }
  return placed;
}

/** Both lists placed together (errors of a refused save, warnings of a preview or a save). */
export function mergeProblems(a: PlacedProblems, b: PlacedProblems): PlacedProblems {
  const merge = (x: Record<string, PlacedProblem[]>, y: Record<string, PlacedProblem[]>) => {
    const result: Record<string, PlacedProblem[]> = { ...x };
    for (const [k, v] of Object.entries(y)) result[k] = [...(result[k] ?? []), ...v];
    return result;
  };
  return { fields: merge(a.fields, b.fields), customFields: merge(a.customFields, b.customFields), other: [...a.other, ...b.other] };
}

/** The problems of a 400 answer (errors[] with pointers), or null when the error is something else. */
export function refusedDocumentProblems(error: unknown): PlacedProblems | null {
  if (!(error instanceof ProblemError) || error.status !== 400) return null;
  if (error.problems.length > 0) return placeProblems(error.problems);
  return placeProblems([{ pointer: error.pointer ?? "", message: error.detail ?? error.title }]);
}

export function countProblems(placed: PlacedProblems): number {
  const count = (m: Record<string, PlacedProblem[]>) => Object.values(m).reduce((n, list) => n + list.length, 0);
  return count(placed.fields) + count(placed.customFields) + placed.other.length;
}

/** The problems as the code editor underlines and lists them. */
export function diagnosticsOf(problems: readonly PlacedProblem[] | undefined): Diagnostic[] {
  return (problems ?? []).map((p) => ({ message: p.message, line: p.line, column: p.column, severity: p.severity }));
}

/** A problem in one line: where in the expression, what. */
export function problemText(problem: PlacedProblem): string {
  const at = problem.line ? `line ${problem.line}, column ${problem.column ?? 1}: ` : "";
  return `${at}${problem.message}`;
}
