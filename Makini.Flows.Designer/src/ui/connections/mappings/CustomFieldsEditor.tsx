import type { FieldType, MappedCustomField, SourceField } from "../../../api/mappingTypes";
import { FIELD_TYPES } from "../../../api/mappingTypes";
import type { ExpressionCompletions } from "../../../editor/completion";
import type { CustomFieldDraft, CustomFieldPatch } from "../../../model/mappingDraft";
import type { PlacedProblems } from "../../../model/mappingProblems";
import { RULE_KINDS, type RuleKind } from "../../../model/mappingRules";
import { CustomFieldSample } from "./CustomFieldSample";
import { ProblemLines } from "./ProblemLines";
import { RuleInputs } from "./RuleInputs";

interface Props {
  fields: readonly CustomFieldDraft[];
  /** The saved custom fields, with a value from a stored record. */
  current: readonly MappedCustomField[];
  sourceFields: readonly SourceField[];
  completions: ExpressionCompletions;
  problems: PlacedProblems;
  /** What stops a field being saved (no name, a name used twice), by field id. */
  nameProblems: Record<string, string>;
  onAdd: () => void;
  onChange: (id: string, patch: CustomFieldPatch) => void;
  onRemove: (id: string) => void;
}

/**
 * New fields of the entity, under customFields in every record: a name, a type, where the value comes from,
 * a description. Inputs are named by the field's place ("Name of custom field 1"), which renaming keeps.
 */
export function CustomFieldsEditor({ fields, current, sourceFields, completions, problems, nameProblems, onAdd, onChange, onRemove }: Props) {
  return (
    <section className="card" aria-labelledby="custom-fields-title" data-testid="custom-fields">
      <div className="card-head">
        <h2 id="custom-fields-title">Custom fields</h2>
        <button type="button" onClick={onAdd}>
          Add custom field
        </button>
      </div>
      {fields.length === 0 && <p className="muted small">No custom fields. They appear under customFields in every record, and can be filtered and sorted on.</p>}
      {fields.map((field, index) => {
        const n = index + 1;
        const id = `custom-${field.id}`;
        const fieldProblems = problems.customFields[field.name.trim()];
        const expression = field.source.kind === "js" || field.source.kind === "csharp";
        const nameProblem = nameProblems[field.id];
        return (
          <fieldset key={field.id} className="custom-field" data-testid="custom-field" data-name={field.name}>
            <legend>Custom field {n}</legend>
            <div className="custom-field-grid">
              <label htmlFor={`${id}-name`}>
                Name
                <span className="visually-hidden"> of custom field {n}</span>
              </label>
              <div>
                <input
                  id={`${id}-name`}
                  className="mono"
                  value={field.name}
                  aria-invalid={nameProblem ? true : undefined}
                  aria-describedby={nameProblem ? `${id}-name-error` : undefined}
                  onChange={(e) => onChange(field.id, { name: e.target.value })}
                />
                {nameProblem && (
                  <div id={`${id}-name-error`} className="field-error">
                    {nameProblem}
                  </div>
                )}
              </div>
              <label htmlFor={`${id}-type`}>
                Type
                <span className="visually-hidden"> of custom field {n}</span>
              </label>
              <select id={`${id}-type`} value={field.type} onChange={(e) => onChange(field.id, { type: e.target.value as FieldType })}>
                {FIELD_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
              <label htmlFor={`${id}-kind`}>
                Source
                <span className="visually-hidden"> of custom field {n}</span>
              </label>
              <select
                id={`${id}-kind`}
                value={field.source.kind}
                onChange={(e) => onChange(field.id, { source: { ...field.source, kind: e.target.value as RuleKind } })}
              >
                {RULE_KINDS.map((k) => (
                  <option key={k.kind} value={k.kind}>
                    {k.label}
                  </option>
                ))}
              </select>
              <span aria-hidden="true">Value</span>
              <RuleInputs
                id={id}
                label={`custom field ${n}`}
                form={field.source}
                onChange={(source) => onChange(field.id, { source })}
                sourceFields={sourceFields}
                completions={completions}
                problems={fieldProblems}
              />
              <label htmlFor={`${id}-description`}>
                Description
                <span className="visually-hidden"> of custom field {n}</span>
              </label>
              <input
                id={`${id}-description`}
                placeholder="what the field holds, for whoever reads the API"
                value={field.description}
                onChange={(e) => onChange(field.id, { description: e.target.value })}
              />
            </div>
            <ProblemLines problems={fieldProblems?.filter((p) => !(expression && p.line))} testId="custom-field-problems" />
            <div className="row">
              <CustomFieldSample saved={current.find((c) => c.name === field.name.trim())} />
              <span className="spacer" />
              <button type="button" onClick={() => onRemove(field.id)} aria-label={`Remove custom field ${n}`}>
                Remove
              </button>
            </div>
          </fieldset>
        );
      })}
    </section>
  );
}
