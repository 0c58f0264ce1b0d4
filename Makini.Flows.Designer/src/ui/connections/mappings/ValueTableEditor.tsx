import type { ValueRow } from "../../../model/mappingRules";

interface Props {
  /** Names the table's inputs: "Source value 1 of title". */
  label: string;
  rows: readonly ValueRow[];
  onChange: (rows: ValueRow[]) => void;
}

/** Rows of a value the source sends and the unified value it becomes; a value not in the table is left as sent. */
export function ValueTableEditor({ label, rows, onChange }: Props) {
  const set = (index: number, patch: Partial<ValueRow>) => onChange(rows.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  return (
    <div className="value-table">
      <table className="tokens" aria-label={`Value table of ${label}`}>
        <thead>
          <tr>
            <th scope="col">Source value</th>
            <th scope="col">Unified value</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              <td>
                <input aria-label={`Source value ${i + 1} of ${label}`} className="mono" value={row.from} onChange={(e) => set(i, { from: e.target.value })} />
              </td>
              <td>
                <input aria-label={`Unified value ${i + 1} of ${label}`} className="mono" value={row.to} onChange={(e) => set(i, { to: e.target.value })} />
              </td>
              <td className="actions">
                <button type="button" aria-label={`Remove row ${i + 1} of ${label}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                  ×
                </button>
              </td>
            </tr>
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={3} className="muted">
                No rows yet: every value passes as sent.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <button type="button" onClick={() => onChange([...rows, { from: "", to: "" }])}>
        Add row
      </button>
    </div>
  );
}
