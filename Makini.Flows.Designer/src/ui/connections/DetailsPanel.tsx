import { useState } from "react";
import type { Api } from "../../api/client";
import type { Connection } from "../../api/connectionTypes";
import { ProblemError } from "../../api/problem";
import { formErrorsOf, NO_ERRORS, type FormErrors } from "../../model/connectionProblems";
import { metadataRecord, metadataRows, type MetadataRow } from "../../model/metadata";
import { FormProblems } from "./FormProblems";
import { MetadataEditor } from "./MetadataEditor";

interface Props {
  api: Api;
  connection: Connection;
  onUpdated: (connection: Connection, message: string) => void;
}

/** The connection's name and metadata, editable in place. */
export function DetailsPanel({ api, connection, onUpdated }: Props) {
  const [editing, setEditing] = useState(false);
  const entries = Object.entries(connection.metadata ?? {});
  return (
    <section className="card" aria-labelledby="details-title">
      <h2 id="details-title">Name and metadata</h2>
      {!editing && (
        <>
          <dl className="facts" data-testid="metadata">
            <div className="fact">
              <dt>Name</dt>
              <dd>{connection.name}</dd>
            </div>
            {entries.map(([key, value]) => (
              <div key={key} className="fact">
                <dt className="mono">{key}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
          {entries.length === 0 && <p className="muted small">No metadata.</p>}
          <button onClick={() => setEditing(true)}>Edit</button>
        </>
      )}
      {editing && (
        <DetailsForm
          api={api}
          connection={connection}
          onCancel={() => setEditing(false)}
          onSaved={(updated) => {
            setEditing(false);
            onUpdated(updated, "Saved.");
          }}
        />
      )}
    </section>
  );
}

interface FormProps {
  api: Api;
  connection: Connection;
  onCancel: () => void;
  onSaved: (connection: Connection) => void;
}

function DetailsForm({ api, connection, onCancel, onSaved }: FormProps) {
  const [name, setName] = useState(connection.name);
  const [rows, setRows] = useState<MetadataRow[]>(() => metadataRows(connection.metadata));
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);

  const save = async () => {
    const metadata = metadataRecord(rows);
    if (name.trim() === "" || "problem" in metadata) {
      setErrors({
        credentials: {},
        other: [],
        name: name.trim() === "" ? "Give the connection a name." : undefined,
        metadata: "problem" in metadata ? metadata.problem : undefined,
      });
      return;
    }
    setBusy(true);
    try {
      onSaved(await api.updateConnection(connection.id, { name: name.trim(), metadata: metadata.metadata }));
    } catch (e) {
      setErrors(e instanceof ProblemError && e.status === 400 ? formErrorsOf(e, []) : { credentials: {}, other: [e instanceof Error ? e.message : String(e)] });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      noValidate
      data-testid="details-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape" && !busy) onCancel();
      }}
    >
      <div className="field">
        <label htmlFor="details-name">Name</label>
        <input
          id="details-name"
          value={name}
          autoFocus
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={errors.name ? "details-name-error" : undefined}
          onChange={(e) => setName(e.target.value)}
        />
        {errors.name && (
          <div id="details-name-error" className="field-error">
            {errors.name}
          </div>
        )}
      </div>
      <MetadataEditor rows={rows} error={errors.metadata} onChange={setRows} />
      <FormProblems messages={errors.other} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
          {busy ? "Saving…" : "Save"}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
