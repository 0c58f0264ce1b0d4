import { useId, useMemo, useState, type KeyboardEvent } from "react";
import type { SourceField } from "../../../api/mappingTypes";
import { formatValue } from "../../../model/mappingRules";

interface Props {
  id: string;
  label: string;
  value: string;
  sourceFields: readonly SourceField[];
  onChange: (path: string) => void;
  invalid?: boolean;
}

const SHOWN = 100;

/**
 * A JSON pointer typed, or picked from the fields found in the stored source records (with their type, a
 * sample value and how many records had them): a combobox whose list narrows to what is typed.
 */
export function SourceFieldPicker({ id, label, value, sourceFields, onChange, invalid }: Props) {
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    return sourceFields.filter((f) => f.path.toLowerCase().includes(q)).slice(0, SHOWN);
  }, [sourceFields, query]);
  const shown = open && matches.length > 0;

  const pick = (field: SourceField) => {
    onChange(field.path);
    setOpen(false);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!open) {
        setOpen(true);
        setActive(0);
        return;
      }
      const count = matches.length || 1;
      setActive((i) => (i + (e.key === "ArrowDown" ? 1 : count - 1)) % count);
    } else if (e.key === "Enter" && shown) {
      e.preventDefault();
      pick(matches[Math.min(active, matches.length - 1)]);
    } else if (e.key === "Escape" && open) {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
    }
  };

  return (
    <div className="source-picker">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input
        id={id}
        role="combobox"
        className="mono"
        placeholder="/field, or pick one"
        autoComplete="off"
        spellCheck={false}
        value={value}
        aria-invalid={invalid ? true : undefined}
        aria-autocomplete="list"
        aria-expanded={shown}
        aria-controls={listId}
        aria-activedescendant={shown ? `${listId}-${Math.min(active, matches.length - 1)}` : undefined}
        onFocus={() => {
          setQuery("");
          setActive(0);
          setOpen(true);
        }}
        onBlur={() => setOpen(false)}
        onChange={(e) => {
          onChange(e.target.value);
          setQuery(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
      />
      <ul id={listId} role="listbox" aria-label={`${label}: source fields`} className="source-options" hidden={!shown}>
        {shown &&
          matches.map((field, i) => (
            <li
              key={field.path}
              id={`${listId}-${i}`}
              role="option"
              aria-label={field.path}
              aria-selected={i === active}
              className={i === active ? "active" : undefined}
              title={field.sample === undefined ? undefined : `e.g. ${formatValue(field.sample, 400)}`}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(field);
              }}
            >
              <span className="mono">{field.path}</span>
              {field.type && <span className="muted small"> {field.type}</span>}
              <span className="source-sample">{formatValue(field.sample, 50)}</span>
              {typeof field.seen === "number" && <span className="muted small"> · in {field.seen} records</span>}
            </li>
          ))}
      </ul>
    </div>
  );
}
