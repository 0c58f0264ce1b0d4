import { useState } from "react";
import type { PreviewRecord, PreviewResult } from "../../../api/mappingTypes";
import { previewRows } from "../../../model/mappingDiff";
import { formatValue } from "../../../model/mappingRules";

interface Props {
  result: PreviewResult;
  onClose: () => void;
}

/** Stored records mapped by the draft: per record, every field before and after (changed ones marked), and its errors. */
export function PreviewResults({ result, onClose }: Props) {
  const [onlyChanged, setOnlyChanged] = useState(false);
  const changedRecords = result.records.filter((r) => previewRows(r).some((row) => row.changed)).length;
  return (
    <section className="card" aria-labelledby="preview-title" data-testid="mapping-preview">
      <div className="card-head">
        <h2 id="preview-title">Preview</h2>
        <span className="muted small" data-testid="preview-summary">
          {result.records.length} record{result.records.length === 1 ? "" : "s"}, {changedRecords} changed · nothing saved
        </span>
        <span className="spacer" />
        <label className="inline">
          <input type="checkbox" checked={onlyChanged} onChange={(e) => setOnlyChanged(e.target.checked)} />
          Only changed fields
        </label>
        <button type="button" onClick={onClose}>
          Close preview
        </button>
      </div>
      {result.records.length === 0 && <p className="muted">No stored records to preview: sync the connection first.</p>}
      <div className="preview-records">
        {result.records.map((record, i) => (
          <PreviewRecordView key={record.key ?? record.sourceKey ?? i} record={record} onlyChanged={onlyChanged} />
        ))}
      </div>
    </section>
  );
}

function PreviewRecordView({ record, onlyChanged }: { record: PreviewRecord; onlyChanged: boolean }) {
  const rows = previewRows(record).filter((r) => r.changed || !onlyChanged);
  const title = record.key ?? record.sourceKey ?? "(no key)";
  const headingId = `preview-${title}`.replace(/[^\w-]/g, "_");
  return (
    <article className="preview-record" data-testid="preview-record" data-key={record.key ?? undefined} aria-labelledby={headingId}>
      <h3 id={headingId} className="mono">
        {title}
        {record.sourceKey && record.sourceKey !== record.key && <span className="muted small"> (source {record.sourceKey})</span>}
      </h3>
      {record.errors && record.errors.length > 0 && (
        <ul className="diagnostics" data-testid="preview-errors">
          {record.errors.map((e, i) => (
            <li key={i} className="error">
              {e.field ? <span className="mono">{e.field}: </span> : null}
              {e.message}
            </li>
          ))}
        </ul>
      )}
      <table className="tokens preview-table">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.field} data-field={row.field} data-changed={row.changed} className={row.changed ? "changed" : undefined}>
              <th scope="row" className="mono">
                {row.field}
                {row.changed && <span className="visually-hidden"> (changed)</span>}
              </th>
              <td data-column="before">{formatValue(row.before)}</td>
              <td data-column="after">{formatValue(row.after)}</td>
            </tr>
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={3} className="muted">
                No field changes.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </article>
  );
}
