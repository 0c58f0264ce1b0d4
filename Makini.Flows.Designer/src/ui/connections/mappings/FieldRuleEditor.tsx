import { useState } from "react";
import type { MappedField, MappingRule, SourceField } from "../../../api/mappingTypes";
import type { ExpressionCompletions } from "../../../editor/completion";
import type { PlacedProblem } from "../../../model/mappingProblems";
import { describeRule, formToRule, RULE_KINDS, ruleToForm, type RuleForm, type RuleKind } from "../../../model/mappingRules";
import { ProblemLines } from "./ProblemLines";
import { RuleInputs } from "./RuleInputs";

/** What the draft does with a field: the connector's default, a rule of its own, or leave it out. */
export type FieldChoice = { kind: "default" } | { kind: "omit" } | { kind: "rule"; rule: MappingRule };

interface Props {
  field: MappedField;
  /** The draft's rule (undefined: the default; null: left out). */
  rule: MappingRule | null | undefined;
  defaultRule: MappingRule | undefined;
  sourceFields: readonly SourceField[];
  completions: ExpressionCompletions;
  problems: readonly PlacedProblem[] | undefined;
  onChange: (choice: FieldChoice) => void;
}

type Choice = "default" | "omit" | RuleKind;

/** Where one unified field's value comes from, edited in place; every change goes into the draft at once. */
export function FieldRuleEditor({ field, rule, defaultRule, sourceFields, completions, problems, onChange }: Props) {
  const [form, setForm] = useState<RuleForm>(() => ruleToForm(rule ?? defaultRule));
  const choice: Choice = rule === undefined ? "default" : rule === null ? "omit" : form.kind;
  const id = `field-${field.name}`;

  const choose = (next: Choice) => {
    if (next === "default") onChange({ kind: "default" });
    else if (next === "omit") onChange({ kind: "omit" });
    else {
      const nextForm = { ...form, kind: next };
      setForm(nextForm);
      onChange({ kind: "rule", rule: formToRule(nextForm, field.type) });
    }
  };
  const edit = (next: RuleForm) => {
    setForm(next);
    onChange({ kind: "rule", rule: formToRule(next, field.type) });
  };
  const expression = choice === "js" || choice === "csharp";

  return (
    <div className="field-rule-editor" data-testid={`field-editor-${field.name}`}>
      <div className="row">
        <label htmlFor={`${id}-kind`}>Source of {field.name}</label>
        <select id={`${id}-kind`} value={choice} onChange={(e) => choose(e.target.value as Choice)}>
          <option value="default">Connector default{defaultRule !== undefined ? ` (${describeRule(defaultRule)})` : ""}</option>
          {RULE_KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
          <option value="omit">Leave the field out</option>
        </select>
      </div>
      {choice !== "default" && choice !== "omit" && (
        <RuleInputs
          id={id}
          label={field.name}
          form={form}
          onChange={edit}
          sourceFields={sourceFields}
          completions={completions}
          problems={problems}
        />
      )}
      <ProblemLines problems={problems?.filter((p) => !(expression && p.line))} testId={`field-problems-${field.name}`} />
    </div>
  );
}
