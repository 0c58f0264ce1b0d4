import { useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { applyCompletion, completionAt, type Completion, type CompletionSources } from "./completion";
import { tokenize } from "./highlight";

export interface Diagnostic {
  message: string;
  line?: number | null;
  column?: number | null;
  severity: "error" | "warning";
}

interface Props {
  value: string;
  language: "js" | "cs";
  onChange: (value: string) => void;
  diagnostics: readonly Diagnostic[];
  label: string;
  /** Names to offer after `raw.`, `record.`… (none: no completion). */
  completions?: CompletionSources;
}

/** A textarea over a highlighted copy of its text; lines with diagnostics are underlined, messages listed below. */
export function CodeEditor({ value, language, onChange, diagnostics, label, completions }: Props) {
  const highlight = useRef<HTMLPreElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const [completion, setCompletion] = useState<Completion | null>(null);
  const [active, setActive] = useState(0);
  const pendingCaret = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (pendingCaret.current !== null && input.current) {
      input.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
      pendingCaret.current = null;
    }
  }, [value]);

  const suggest = (text: string, caret: number) => {
    setCompletion(completions ? completionAt(text, caret, language, completions) : null);
    setActive(0);
  };
  const accept = (index: number) => {
    if (!completion || !input.current) return;
    const next = applyCompletion(value, input.current.selectionStart, completion, completion.items[index]);
    pendingCaret.current = next.caret;
    setCompletion(null);
    onChange(next.text);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!completion) return;
    const count = completion.items.length;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      setActive((i) => (i + (e.key === "ArrowDown" ? 1 : count - 1)) % count);
    } else if (e.key === "Enter" || e.key === "Tab") {
      e.preventDefault();
      accept(active);
    } else if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      setCompletion(null);
    } else if (e.key === "ArrowLeft" || e.key === "ArrowRight" || e.key === "Home" || e.key === "End") setCompletion(null);
  };
  const badLines = useMemo(() => new Set(diagnostics.map((d) => d.line ?? 0)), [diagnostics]);
  const lines = useMemo(() => {
    const result: { kind: string; text: string }[][] = [[]];
    for (const token of tokenize(value, language)) {
      const parts = token.text.split("\n");
      parts.forEach((part, i) => {
        if (i > 0) result.push([]);
        if (part) result[result.length - 1].push({ kind: token.kind, text: part });
      });
    }
    return result;
  }, [value, language]);
  const rows = Math.min(12, Math.max(2, lines.length));
  return (
    <div className="code-editor">
      <div className="code-area" style={{ height: `${rows * 1.4 + 0.8}em` }}>
        <pre ref={highlight} className="code-highlight" aria-hidden="true">
          {lines.map((tokens, i) => (
            <div key={i} className={badLines.has(i + 1) ? "code-line bad" : "code-line"}>
              {tokens.map((t, j) => (
                <span key={j} className={`tok-${t.kind}`}>
                  {t.text}
                </span>
              ))}
              {"\n"}
            </div>
          ))}
        </pre>
        <textarea
          ref={input}
          aria-label={label}
          className="code-input"
          spellCheck={false}
          value={value}
          aria-autocomplete={completions ? "list" : undefined}
          aria-controls={completion ? listId : undefined}
          aria-expanded={completions ? completion !== null : undefined}
          aria-activedescendant={completion ? `${listId}-${active}` : undefined}
          onChange={(e) => {
            onChange(e.target.value);
            suggest(e.target.value, e.target.selectionStart);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setCompletion(null)}
          onClick={() => setCompletion(null)}
          onScroll={(e) => {
            if (highlight.current) {
              highlight.current.scrollTop = e.currentTarget.scrollTop;
              highlight.current.scrollLeft = e.currentTarget.scrollLeft;
            }
          }}
        />
      </div>
      {completion && (
        <ul className="completions" id={listId} role="listbox" aria-label={`Completions for ${label}`}>
          {completion.items.map((item, i) => (
            <li
              key={item.label}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? "active" : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                accept(i);
              }}
            >
              {item.label}
            </li>
          ))}
        </ul>
      )}
      {diagnostics.length > 0 && (
        <ul className="diagnostics" data-testid="code-diagnostics">
          {diagnostics.map((d, i) => (
            <li key={i} className={d.severity}>
              {d.line ? `line ${d.line}, column ${d.column}: ` : ""}
              {d.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
