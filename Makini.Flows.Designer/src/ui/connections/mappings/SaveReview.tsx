import { useEffect, useRef } from "react";
import type { DocumentChange } from "../../../api/mappingTypes";
import { DocumentChanges } from "./DocumentChanges";

interface Props {
  entity: string;
  changes: readonly DocumentChange[];
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** What saving changes in the saved mapping, before it is saved; Escape or Cancel goes back to editing. */
export function SaveReview({ entity, changes, busy, onConfirm, onCancel }: Props) {
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => confirm.current?.focus(), []);
  return (
    <section
      className="card save-review"
      role="region"
      aria-labelledby="save-review-title"
      data-testid="save-review"
      onKeyDown={(e) => {
        if (e.key === "Escape" && !busy) onCancel();
      }}
    >
      <h2 id="save-review-title">Save the {entity} mapping?</h2>
      <p className="muted small">Saving re-maps the stored records at once: the API answers with the new mapping as soon as it is saved.</p>
      <DocumentChanges changes={changes} testId="save-changes" />
      <div className="form-actions">
        <button ref={confirm} type="button" className="primary" disabled={busy} aria-busy={busy} onClick={onConfirm}>
          {busy && <span className="spinner" aria-hidden="true" />}
          {busy ? "Saving…" : "Confirm save"}
        </button>
        <button type="button" disabled={busy} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}
