import { useEffect, useRef } from "react";
import type { MetadataRow } from "../../model/metadata";

interface Props {
  rows: readonly MetadataRow[];
  error?: string;
  onChange: (rows: MetadataRow[]) => void;
}

/** Key/value rows a connection carries for the user's own bookkeeping (customer, region, ...). */
export function MetadataEditor({ rows, error, onChange }: Props) {
  const container = useRef<HTMLFieldSetElement>(null);
  const added = useRef(false);
  useEffect(() => {
    if (!added.current) return;
    added.current = false;
    const keys = container.current?.querySelectorAll<HTMLInputElement>("input.metadata-key");
    keys?.[keys.length - 1]?.focus();
  }, [rows.length]);

  const set = (index: number, change: Partial<MetadataRow>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
  return (
    <fieldset className="metadata-editor" ref={container} aria-describedby={error ? "metadata-error" : undefined}>
      <legend>
        Metadata <span className="muted">(optional)</span>
      </legend>
      {rows.map((row, index) => (
        <div className="row" key={index}>
          <input
            className="metadata-key"
            aria-label={`Metadata key ${index + 1}`}
            placeholder="key"
            value={row.key}
            onChange={(e) => set(index, { key: e.target.value })}
          />
          <input aria-label={`Metadata value ${index + 1}`} placeholder="value" value={row.value} onChange={(e) => set(index, { value: e.target.value })} />
          <button type="button" aria-label={`Remove metadata ${row.key || index + 1}`} onClick={() => onChange(rows.filter((_, i) => i !== index))}>
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        onClick={() => {
          added.current = true;
          onChange([...rows, { key: "", value: "" }]);
        }}
      >
        Add a key
      </button>
      {error && (
        <div id="metadata-error" className="field-error">
          {error}
        </div>
      )}
    </fieldset>
  );
}
