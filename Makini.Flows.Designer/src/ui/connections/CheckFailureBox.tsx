import { useEffect, useRef } from "react";
import type { CheckFailure } from "../../model/connectionProblems";

/** The system's refusal of a connection check, in plain words, focused so it is read out at once. */
export function CheckFailureBox({ failure, note }: { failure: CheckFailure; note?: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), [failure]);
  return (
    <div className="error-box check-failure" role="alert" tabIndex={-1} ref={box} data-testid="check-failure">
      <strong>{failure.title}</strong>
      {failure.detail && <div>{failure.detail}</div>}
      {failure.sourceStatus !== undefined && <div className="small">The system answered with HTTP status {failure.sourceStatus}.</div>}
      {note && <div className="small">{note}</div>}
    </div>
  );
}
