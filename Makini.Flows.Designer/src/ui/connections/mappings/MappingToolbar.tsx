import type { EntityMapping } from "../../../api/mappingTypes";
import { RelativeTime } from "../RelativeTime";

interface Props {
  mapping: EntityMapping;
  unsaved: number;
  busy: string | null;
  historyOpen: boolean;
  onPreview: () => void;
  onSave: () => void;
  onToggleHistory: () => void;
  onReset: () => void;
}

/** The entity's saved version and the editor's actions: preview the draft, save it, the history, back to the default. */
export function MappingToolbar({ mapping, unsaved, busy, historyOpen, onPreview, onSave, onToggleHistory, onReset }: Props) {
  return (
    <div className="mapping-toolbar" role="toolbar" aria-label="Mapping actions">
      <span data-testid="mapping-current-version" data-version={mapping.version}>
        {mapping.version === 0 || !mapping.document ? "Connector default" : "Own mapping"} · version {mapping.version}
      </span>
      {mapping.savedAt && (
        <span className="muted small">
          saved <RelativeTime at={mapping.savedAt} />
          {mapping.author ? ` by ${mapping.author}` : ""}
        </span>
      )}
      <span className={unsaved > 0 ? "unsaved" : "muted small"} data-testid="unsaved-changes" data-count={unsaved}>
        {unsaved > 0 ? `${unsaved} unsaved change${unsaved === 1 ? "" : "s"}` : "No unsaved changes"}
      </span>
      <span className="spacer" />
      <button type="button" onClick={onPreview} disabled={busy !== null} aria-busy={busy === "preview"}>
        {busy === "preview" ? "Previewing…" : "Preview"}
      </button>
      <button type="button" className="primary" onClick={onSave} disabled={busy !== null || unsaved === 0}>
        Save
      </button>
      <button type="button" aria-pressed={historyOpen} onClick={onToggleHistory}>
        History
      </button>
      <button type="button" onClick={onReset} disabled={busy !== null || !mapping.document}>
        Reset to default
      </button>
    </div>
  );
}
