import { useMemo, useRef } from "react";
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
}

/** A textarea over a highlighted copy of its text; lines with diagnostics are underlined, messages listed below. */
export function CodeEditor({ value, language, onChange, diagnostics, label }: Props) {
  const highlight = useRef<HTMLPreElement>(null);
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
          aria-label={label}
          className="code-input"
          spellCheck={false}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onScroll={(e) => {
            if (highlight.current) {
              highlight.current.scrollTop = e.currentTarget.scrollTop;
              highlight.current.scrollLeft = e.currentTarget.scrollLeft;
            }
          }}
        />
      </div>
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
