import type { SourceField } from "../../../api/mappingTypes";
import { CodeEditor } from "../../../editor/CodeEditor";
import type { ExpressionCompletions } from "../../../editor/completion";
import type { PlacedProblem } from "../../../model/mappingProblems";
import { diagnosticsOf } from "../../../model/mappingProblems";
import type { RuleForm } from "../../../model/mappingRules";
import { SourceFieldPicker } from "./SourceFieldPicker";
import { ValueTableEditor } from "./ValueTableEditor";

interface Props {
  /** Prefix of the inputs' ids. */
  id: string;
  /** Names the inputs: "Source field of title", "title JavaScript". */
  label: string;
  form: RuleForm;
  onChange: (form: RuleForm) => void;
  sourceFields: readonly SourceField[];
  completions: ExpressionCompletions;
  problems?: readonly PlacedProblem[];
}

/**
 * The inputs of one kind of rule: a source field, a constant, a value table, or a JavaScript or C# expression.
 * Problems at a line of an expression are underlined in it; the others are the caller's to list.
 */
export function RuleInputs({ id, label, form, onChange, sourceFields, completions, problems }: Props) {
  const invalid = (problems ?? []).some((p) => p.severity === "error");
  switch (form.kind) {
    case "path":
    case "table":
      return (
        <div className="rule-inputs">
          <SourceFieldPicker
            id={`${id}-path`}
            label={`Source field of ${label}`}
            value={form.path}
            sourceFields={sourceFields}
            invalid={invalid}
            onChange={(path) => onChange({ ...form, path })}
          />
          {form.kind === "table" && <ValueTableEditor label={label} rows={form.rows} onChange={(rows) => onChange({ ...form, rows })} />}
        </div>
      );
    case "constant":
      return (
        <div className="rule-inputs">
          <label htmlFor={`${id}-constant`} className="visually-hidden">
            Constant value of {label}
          </label>
          <input
            id={`${id}-constant`}
            className="mono"
            placeholder="the value every record gets"
            value={form.constant}
            aria-invalid={invalid ? true : undefined}
            onChange={(e) => onChange({ ...form, constant: e.target.value })}
          />
        </div>
      );
    case "js":
    case "csharp":
      return (
        <div className="rule-inputs">
          <CodeEditor
            label={`${label} ${form.kind === "js" ? "JavaScript" : "C#"}`}
            language={form.kind === "js" ? "js" : "cs"}
            value={form.kind === "js" ? form.js : form.csharp}
            onChange={(text) => onChange(form.kind === "js" ? { ...form, js: text } : { ...form, csharp: text })}
            diagnostics={diagnosticsOf(problems?.filter((p) => p.line))}
            completions={form.kind === "js" ? completions.js : completions.cs}
          />
          <div className="hint muted small">
            {form.kind === "js" ? (
              <>
                <code>raw</code> is the source record, <code>record</code> the unified one as the connector's default makes it (<code>raw.</code> lists the fields).
              </>
            ) : (
              <>
                <code>raw</code> is the source record, <code>record</code> the unified one as the connector's default makes it (<code>raw["</code> lists the fields).
              </>
            )}
          </div>
        </div>
      );
  }
}
