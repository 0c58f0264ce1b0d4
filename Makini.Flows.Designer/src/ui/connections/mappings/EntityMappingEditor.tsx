import { useEffect, useMemo, useState } from "react";
import type { Api } from "../../../api/client";
import type { MappingSaved, PreviewResult } from "../../../api/mappingTypes";
import { describeError } from "../../../api/problem";
import { expressionCompletions } from "../../../editor/completion";
import { documentDiff } from "../../../model/mappingDiff";
import {
  addCustomField,
  buildDocument,
  customFieldProblems,
  mapByDefault,
  normalizedDocument,
  omitField,
  removeCustomField,
  setFieldRule,
  undoField,
  updateCustomField,
} from "../../../model/mappingDraft";
import { countProblems, NO_PROBLEMS, placeProblems, refusedDocumentProblems, type PlacedProblems } from "../../../model/mappingProblems";
import { CustomFieldsEditor } from "./CustomFieldsEditor";
import type { FieldChoice } from "./FieldRuleEditor";
import { MappedFieldsTable } from "./MappedFieldsTable";
import { MappingHistory } from "./MappingHistory";
import { MappingToolbar } from "./MappingToolbar";
import { PreviewResults } from "./PreviewResults";
import { ProblemLines } from "./ProblemLines";
import { SaveReview } from "./SaveReview";
import { useEntityMapping } from "./useEntityMapping";

interface Props {
  api: Api;
  connectionId: string;
  entity: string;
  /** A save, revert or reset made a new version (the entity list shows versions). */
  onSaved: () => void;
  onDirtyChange: (dirty: boolean) => void;
}

type Message = { kind: "error" | "info"; text: string };

const PREVIEW_LIMIT = 10;

function savedText(what: string, saved: MappingSaved | null): string {
  if (!saved) return `${what}.`;
  const reprojected = typeof saved.reprojected === "number" ? `; ${saved.reprojected} stored record${saved.reprojected === 1 ? "" : "s"} re-mapped` : "";
  return `${what}: version ${saved.version}${reprojected}.`;
}

/** One entity's mapping: its fields and custom fields edited as a draft, previewed, saved after review, and its history. */
export function EntityMappingEditor({ api, connectionId, entity, onSaved, onDirtyChange }: Props) {
  const { mapping, error, draft, setDraft, replaceDraft, generation, reload } = useEntityMapping(api, connectionId, entity);
  const [problems, setProblems] = useState<PlacedProblems>(NO_PROBLEMS);
  const [message, setMessage] = useState<Message | null>(null);
  const [preview, setPreview] = useState<PreviewResult | null>(null);
  const [reviewing, setReviewing] = useState(false);
  const [historyOpen, setHistoryOpen] = useState(false);
  const [historyKey, setHistoryKey] = useState(0);
  const [busy, setBusy] = useState<string | null>(null);

  const fieldNames = useMemo(() => (mapping?.fields ?? []).map((f) => f.name), [mapping]);
  const document = useMemo(() => buildDocument(draft, mapping?.defaults), [draft, mapping]);
  const changes = useMemo(() => documentDiff(normalizedDocument(mapping?.document), document), [mapping, document]);
  const nameProblems = useMemo(() => customFieldProblems(draft, fieldNames), [draft, fieldNames]);
  const completions = useMemo(
    () => expressionCompletions((mapping?.sourceFields ?? []).map((f) => f.path), fieldNames),
    [mapping, fieldNames],
  );
  const dirty = changes.length > 0;
  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  if (error && !mapping) return <pre className="error-box">{error}</pre>;
  if (!mapping) return <p className="muted">Loading the {entity} mapping…</p>;

  const refused = (e: unknown, what: string) => {
    const placed = refusedDocumentProblems(e);
    if (placed) {
      setProblems(placed);
      const n = countProblems(placed);
      setMessage({ kind: "error", text: `${what}: ${n} problem${n === 1 ? "" : "s"} in the mapping, shown by the fields.` });
    } else setMessage({ kind: "error", text: `${what}: ${describeError(e)}` });
  };
  const run = async (name: string, action: () => Promise<void>) => {
    setBusy(name);
    setMessage(null);
    try {
      await action();
    } finally {
      setBusy(null);
    }
  };
  /** After a new version: the saved document becomes the draft, the history and the entity list show it. */
  const afterNewVersion = async (text: string, saved: MappingSaved | null) => {
    setReviewing(false);
    setPreview(null);
    await reload();
    setProblems(placeProblems(saved?.warnings ?? [], "warning"));
    setMessage({ kind: "info", text });
    setHistoryKey((k) => k + 1);
    onSaved();
  };

  const runPreview = () =>
    run("preview", async () => {
      try {
        const result = await api.previewMapping(connectionId, entity, { mapping: document, limit: PREVIEW_LIMIT });
        setPreview(result);
        setProblems(placeProblems(result.warnings ?? [], "warning"));
      } catch (e) {
        refused(e, "The preview was refused");
      }
    });
  const startSave = () => {
    setMessage(null);
    if (Object.keys(nameProblems).length > 0) {
      setMessage({ kind: "error", text: "Some custom fields cannot be saved as they are: see the messages under their names." });
      return;
    }
    if (!dirty) {
      setMessage({ kind: "info", text: "Nothing to save: the draft is the saved mapping." });
      return;
    }
    setReviewing(true);
  };
  const confirmSave = () =>
    run("save", async () => {
      try {
        const saved = await api.saveMapping(connectionId, entity, document);
        await afterNewVersion(savedText("Saved", saved), saved);
      } catch (e) {
        setReviewing(false);
        refused(e, "The mapping was not saved");
      }
    });
  const unsavedNote = dirty ? " The draft's unsaved changes are dropped." : "";
  const revert = (version: number) => {
    if (!window.confirm(`Revert the ${entity} mapping to version ${version}? It is saved as a new version and the stored records are re-mapped.${unsavedNote}`))
      return;
    void run("revert", async () => {
      try {
        const saved = await api.revertMapping(connectionId, entity, version);
        await afterNewVersion(savedText(`Reverted to version ${version}`, saved), saved);
      } catch (e) {
        refused(e, "The revert failed");
      }
    });
  };
  const reset = () => {
    if (!window.confirm(`Reset the ${entity} mapping to the connector's default? Its custom fields go too; the history keeps this version.${unsavedNote}`))
      return;
    void run("reset", async () => {
      try {
        const saved = await api.resetMapping(connectionId, entity);
        await afterNewVersion(savedText("Back to the connector's default", saved), saved);
      } catch (e) {
        refused(e, "The reset failed");
      }
    });
  };

  const choose = (name: string, choice: FieldChoice) =>
    setDraft((d) => (choice.kind === "default" ? mapByDefault(d, name) : choice.kind === "omit" ? omitField(d, name) : setFieldRule(d, name, choice.rule)));

  return (
    <div className="mapping-editor" data-testid="mapping-editor" data-entity={entity}>
      <MappingToolbar
        mapping={mapping}
        unsaved={changes.length}
        busy={busy}
        historyOpen={historyOpen}
        onPreview={() => void runPreview()}
        onSave={startSave}
        onToggleHistory={() => setHistoryOpen((o) => !o)}
        onReset={reset}
      />
      {message && (
        <div className={`banner ${message.kind}`} role={message.kind === "error" ? "alert" : "status"} data-testid="mapping-message">
          <pre>{message.text}</pre>
          <button type="button" onClick={() => setMessage(null)} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
      <ProblemLines problems={problems.other} testId="mapping-problems" />
      {reviewing && (
        <SaveReview entity={entity} changes={changes} busy={busy === "save"} onConfirm={() => void confirmSave()} onCancel={() => setReviewing(false)} />
      )}
      {historyOpen && (
        <MappingHistory
          api={api}
          connectionId={connectionId}
          entity={entity}
          refreshKey={historyKey}
          onRevert={revert}
          onClose={() => setHistoryOpen(false)}
        />
      )}
      {preview && <PreviewResults result={preview} onClose={() => setPreview(null)} />}
      <p className="muted small" data-testid="sampled-records">
        Samples and source fields from {mapping.sampledRecords ?? 0} stored record{mapping.sampledRecords === 1 ? "" : "s"}
        {(mapping.sourceFields ?? []).length === 0 ? ": sync the connection to see the system's fields." : "."}
      </p>
      <MappedFieldsTable
        fields={mapping.fields ?? []}
        draft={draft}
        saved={mapping.document}
        defaults={mapping.defaults}
        sourceFields={mapping.sourceFields ?? []}
        completions={completions}
        problems={problems}
        generation={generation}
        onChoice={choose}
        onUndo={(name) => replaceDraft(undoField(draft, mapping.document, name))}
      />
      <CustomFieldsEditor
        fields={draft.customFields}
        current={mapping.customFields ?? []}
        sourceFields={mapping.sourceFields ?? []}
        completions={completions}
        problems={problems}
        nameProblems={nameProblems}
        onAdd={() => setDraft((d) => addCustomField(d))}
        onChange={(id, patch) => setDraft((d) => updateCustomField(d, id, patch))}
        onRemove={(id) => setDraft((d) => removeCustomField(d, id))}
      />
    </div>
  );
}
