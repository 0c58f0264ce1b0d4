import type { FlowProblem } from "./types";

/** An application/problem+json answer (or a network failure) as an Error the UI can show in full. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly pointer: string | undefined,
    readonly problems: FlowProblem[],
    /** A machine-readable reason, e.g. AUTHENTICATION_FAILED when a connection's check was refused. */
    readonly code?: string,
    /** The HTTP status the outside system answered with, when the problem came from it. */
    readonly sourceStatus?: number,
  ) {
    super(detail ? `${title}: ${detail}` : title);
  }

  static async fromResponse(response: Response): Promise<ProblemError> {
    const text = await response.text();
    try {
      const body = JSON.parse(text) as {
        title?: string;
        detail?: string;
        pointer?: string;
        errors?: FlowProblem[] | Record<string, string[]>;
        code?: unknown;
        sourceStatus?: unknown;
      };
      const problems = Array.isArray(body.errors) ? body.errors : [];
      return new ProblemError(
        response.status,
        body.title ?? `HTTP ${response.status}`,
        body.detail,
        body.pointer,
        problems,
        typeof body.code === "string" ? body.code : undefined,
        typeof body.sourceStatus === "number" ? body.sourceStatus : undefined,
      );
    } catch {
      return new ProblemError(response.status, `HTTP ${response.status} ${response.statusText}`, text || undefined, undefined, []);
    }
  }
}

export function describeError(error: unknown): string {
  if (error instanceof ProblemError) {
    const lines = [error.message + (error.pointer ? ` (at ${error.pointer})` : "")];
    for (const p of error.problems)
      lines.push(`${p.severity} at ${p.pointer || "/"}${p.line ? ` line ${p.line}, column ${p.column}` : ""}: ${p.message}`);
    return lines.join("\n");
  }
  return error instanceof Error ? error.message : String(error);
}
