interface Props {
  /** How many endpoints have unsaved changes. */
  changed: number;
  busy: boolean;
  saved: boolean;
  error: string | null;
  onSave: () => void;
  onDiscard: () => void;
}

/** Save (the changed endpoints only) and discard, with what is unsaved and how the last save went. */
export function WebhooksToolbar({ changed, busy, saved, error, onSave, onDiscard }: Props) {
  return (
    <div className="mapping-toolbar webhooks-toolbar">
      <button type="button" className="primary" disabled={busy || changed === 0} aria-busy={busy} onClick={onSave}>
        {busy && <span className="spinner" aria-hidden="true" />}
        {busy ? "Saving…" : "Save"}
      </button>
      <button type="button" disabled={busy || changed === 0} onClick={onDiscard}>
        Discard changes
      </button>
      <span role="status" data-testid="webhooks-save-state">
        {changed > 0 && <span className="unsaved">{changed === 1 ? "1 endpoint changed" : `${changed} endpoints changed`}</span>}
        {changed === 0 && saved && "Saved."}
      </span>
      {error && (
        <pre className="error-box" role="alert">
          {error}
        </pre>
      )}
    </div>
  );
}
