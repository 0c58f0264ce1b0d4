import type { DocumentChange } from "../../../api/mappingTypes";
import { pointerLabel } from "../../../model/mappingDiff";
import { formatValue } from "../../../model/mappingRules";

const OPS: Record<string, string> = { add: "Added", remove: "Removed", replace: "Changed" };

/** Changes between two mapping documents: what was added, removed or changed, where, from what to what. */
export function DocumentChanges({ changes, testId = "document-changes" }: { changes: readonly DocumentChange[]; testId?: string }) {
  if (changes.length === 0) return <p className="muted">No changes.</p>;
  return (
    <ul className="document-changes" data-testid={testId}>
      {changes.map((c) => (
        <li key={`${c.op}${c.pointer}`} data-op={c.op} data-pointer={c.pointer} className={`change-${c.op}`}>
          <strong>{OPS[c.op] ?? c.op}</strong> <span className="mono">{pointerLabel(c.pointer)}</span>
          {c.op !== "add" && (
            <>
              {" "}
              <del className="mono">{formatValue(c.before, 200)}</del>
            </>
          )}
          {c.op !== "remove" && (
            <>
              {c.op === "replace" ? " → " : " "}
              <ins className="mono">{formatValue(c.after, 200)}</ins>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
