import { problemText, type PlacedProblem } from "../../../model/mappingProblems";

/** Problems of a field (or of the document) as short lines: errors red, warnings amber. */
export function ProblemLines({ problems, testId }: { problems: readonly PlacedProblem[] | undefined; testId?: string }) {
  if (!problems || problems.length === 0) return null;
  const hasError = problems.some((p) => p.severity === "error");
  return (
    <ul className="diagnostics" data-testid={testId} role={hasError ? "alert" : undefined}>
      {problems.map((p, i) => (
        <li key={i} className={p.severity} data-pointer={p.pointer}>
          {p.severity === "warning" ? "Warning: " : ""}
          {problemText(p)}
        </li>
      ))}
    </ul>
  );
}
