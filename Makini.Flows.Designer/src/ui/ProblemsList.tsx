import type { FlowProblem } from "../api/types";

interface Props {
  problems: readonly FlowProblem[];
  checking: boolean;
  onPick: (problem: FlowProblem) => void;
}

/** The server's validation of the current flow; clicking a problem selects what it is about. */
export function ProblemsList({ problems, checking, onPick }: Props) {
  const errors = problems.filter((p) => p.severity === "error").length;
  return (
    <div className="problems" data-testid="problems">
      <div className="panel-title">
        Problems: {errors} error{errors === 1 ? "" : "s"}, {problems.length - errors} warning{problems.length - errors === 1 ? "" : "s"}
        {checking && <span className="muted"> (checking…)</span>}
      </div>
      <ul>
        {problems.map((p, i) => (
          <li key={i} className={`problem ${p.severity}`} data-testid="problem" onClick={() => onPick(p)}>
            <span className="sev">{p.severity}</span> <span className="mono">{p.pointer || "/"}</span>
            {p.line ? ` (line ${p.line}, column ${p.column})` : ""}: {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
