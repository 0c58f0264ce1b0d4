import { useEffect, useState } from "react";
import type { ExpressionKind, FlowDefinition, InputDescriptor, InputExpression } from "../api/types";
import { CodeEditor, type Diagnostic } from "../editor/CodeEditor";

interface Props {
  descriptor: InputDescriptor;
  value: InputExpression | undefined;
  flow: FlowDefinition;
  diagnostics: readonly Diagnostic[];
  onChange: (value: InputExpression | undefined) => void;
}

const KIND_LABELS: Record<ExpressionKind, string> = { literal: "Literal", variable: "Variable", js: "JavaScript", cs: "C#" };

export function kindOf(value: InputExpression | undefined): ExpressionKind {
  if (!value) return "literal";
  if ("variable" in value) return "variable";
  if ("js" in value) return "js";
  if ("cs" in value) return "cs";
  return "literal";
}

function convert(value: InputExpression | undefined, kind: ExpressionKind): InputExpression | undefined {
  const current = kindOf(value);
  if (current === kind) return value;
  const text =
    value === undefined
      ? ""
      : "literal" in value
        ? typeof value.literal === "string"
          ? JSON.stringify(value.literal)
          : JSON.stringify(value.literal ?? null)
        : "variable" in value
          ? value.variable
          : "js" in value
            ? value.js
            : value.cs;
  switch (kind) {
    case "js":
      return { js: current === "variable" ? `vars.${text}` : text };
    case "cs":
      return { cs: current === "variable" ? `vars["${text}"]` : text };
    case "variable":
      return { variable: "" };
    default:
      return undefined;
  }
}

/** One activity input: literal (typed by the descriptor), variable, JavaScript or C#. */
export function InputEditor({ descriptor, value, flow, diagnostics, onChange }: Props) {
  const kind = kindOf(value);
  const kinds: ExpressionKind[] = descriptor.literalOnly ? ["literal"] : ["literal", "variable", "js", "cs"];
  const id = `input-${descriptor.name}`;
  return (
    <div className="field input-editor" data-testid={id}>
      <div className="field-head">
        <label htmlFor={id} title={descriptor.description ?? ""}>
          {descriptor.displayName}
          {descriptor.required ? " *" : ""}
        </label>
        {kinds.length > 1 && (
          <select
            aria-label={`${descriptor.displayName} kind`}
            data-testid={`${id}-kind`}
            value={kind}
            onChange={(e) => onChange(convert(value, e.target.value as ExpressionKind))}
          >
            {kinds.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        )}
      </div>
      {kind === "literal" && (
        <LiteralEditor id={id} descriptor={descriptor} value={value && "literal" in value ? value.literal : undefined} onChange={onChange} />
      )}
      {kind === "variable" && value && "variable" in value && (
        <select id={id} value={value.variable} onChange={(e) => onChange({ variable: e.target.value })}>
          <option value="">(choose a variable)</option>
          {flow.variables.map((v) => (
            <option key={v.name} value={v.name}>
              {v.name}
            </option>
          ))}
          {value.variable && !flow.variables.some((v) => v.name === value.variable) && (
            <option value={value.variable}>{value.variable} (not declared)</option>
          )}
        </select>
      )}
      {(kind === "js" || kind === "cs") && value && (
        <CodeEditor
          label={`${descriptor.displayName} ${kind === "js" ? "JavaScript" : "C#"}`}
          language={kind}
          value={"js" in value ? value.js : "cs" in value ? value.cs : ""}
          onChange={(text) => onChange(kind === "js" ? { js: text } : { cs: text })}
          diagnostics={diagnostics}
        />
      )}
      {kind !== "js" && kind !== "cs" && diagnostics.length > 0 && (
        <ul className="diagnostics">
          {diagnostics.map((d, i) => (
            <li key={i} className={d.severity}>
              {d.message}
            </li>
          ))}
        </ul>
      )}
      {descriptor.description && <div className="hint">{descriptor.description}</div>}
    </div>
  );
}

interface LiteralProps {
  id: string;
  descriptor: InputDescriptor;
  value: unknown;
  onChange: (value: InputExpression | undefined) => void;
}

function LiteralEditor({ id, descriptor, value, onChange }: LiteralProps) {
  const set = (v: unknown) => onChange(v === undefined ? undefined : { literal: v });
  if (descriptor.options && descriptor.options.length > 0)
    return (
      <select id={id} value={typeof value === "string" ? value : ""} onChange={(e) => set(e.target.value || undefined)}>
        <option value="">{descriptor.default !== null && descriptor.default !== undefined ? `(default: ${String(descriptor.default)})` : "(none)"}</option>
        {descriptor.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  switch (descriptor.type) {
    case "boolean":
      return (
        <select id={id} value={value === undefined ? "" : String(value)} onChange={(e) => set(e.target.value === "" ? undefined : e.target.value === "true")}>
          <option value="">(not set)</option>
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      );
    case "number":
    case "integer":
      return (
        <input
          id={id}
          type="number"
          step={descriptor.type === "integer" ? 1 : "any"}
          value={typeof value === "number" ? value : ""}
          onChange={(e) => set(e.target.value === "" ? undefined : Number(e.target.value))}
        />
      );
    case "string":
      return descriptor.uiHint === "multiline" ? (
        <textarea id={id} rows={3} value={typeof value === "string" ? value : ""} onChange={(e) => set(e.target.value === "" ? undefined : e.target.value)} />
      ) : (
        <input id={id} value={typeof value === "string" ? value : ""} onChange={(e) => set(e.target.value === "" ? undefined : e.target.value)} />
      );
    default:
      return descriptor.uiHint === "list" ? <ListEditor id={id} value={value} onChange={set} /> : <JsonEditor id={id} value={value} onChange={set} />;
  }
}

/** A list of strings, one per line (Fork branches, Switch cases, HTTP methods). */
function ListEditor({ id, value, onChange }: { id: string; value: unknown; onChange: (v: unknown) => void }) {
  const text = Array.isArray(value) ? value.map(String).join("\n") : "";
  const [draft, setDraft] = useState(text);
  useEffect(() => setDraft(text), [text]);
  return (
    <textarea
      id={id}
      rows={3}
      placeholder="one per line"
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={() => {
        const items = draft.split("\n").map((s) => s.trim()).filter(Boolean);
        onChange(items.length === 0 ? undefined : items);
      }}
    />
  );
}

/** Any JSON value; applied when it parses, otherwise the parse error is shown. */
function JsonEditor({ id, value, onChange }: { id: string; value: unknown; onChange: (v: unknown) => void }) {
  const text = value === undefined ? "" : JSON.stringify(value, null, 2);
  const [draft, setDraft] = useState(text);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    // Follows outside changes (undo, another node) but leaves the text alone while it means the same value.
    setDraft((current) => {
      try {
        return JSON.stringify(current.trim() === "" ? undefined : JSON.parse(current)) === JSON.stringify(value) ? current : text;
      } catch {
        return text;
      }
    });
  }, [text, value]);
  return (
    <>
      <textarea
        id={id}
        className="mono"
        rows={3}
        placeholder="JSON"
        value={draft}
        onChange={(e) => {
          setDraft(e.target.value);
          if (e.target.value.trim() === "") {
            setError(null);
            onChange(undefined);
            return;
          }
          try {
            const parsed: unknown = JSON.parse(e.target.value);
            setError(null);
            onChange(parsed);
          } catch (err) {
            setError((err as Error).message);
          }
        }}
      />
      {error && <div className="error-text">{error}</div>}
    </>
  );
}
