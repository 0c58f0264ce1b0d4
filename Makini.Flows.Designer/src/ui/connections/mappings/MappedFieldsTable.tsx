import { Fragment, useState } from "react";
import type { MappedField, MappingDocument, MappingRule, SourceField } from "../../../api/mappingTypes";
import type { ExpressionCompletions } from "../../../editor/completion";
import { fieldChanged, type MappingDraft } from "../../../model/mappingDraft";
import type { PlacedProblems } from "../../../model/mappingProblems";
import { describeRule, formatValue } from "../../../model/mappingRules";
import { FieldRuleEditor, type FieldChoice } from "./FieldRuleEditor";
import { ProblemLines } from "./ProblemLines";

interface Props {
  fields: readonly MappedField[];
  draft: MappingDraft;
  saved: MappingDocument | null | undefined;
  defaults: Record<string, MappingRule> | null | undefined;
  sourceFields: readonly SourceField[];
  completions: ExpressionCompletions;
  problems: PlacedProblems;
  /** Changes when the draft is replaced (reload, undo): the open editors start again from it. */
  generation: number;
  onChoice: (field: string, choice: FieldChoice) => void;
  onUndo: (field: string) => void;
}

/**
 * The entity's unified fields: where each gets its value now (the default or the saved mapping), a value from
 * a stored record, and what the draft changes; Edit opens the field's rule under its row.
 */
export function MappedFieldsTable({ fields, draft, saved, defaults, sourceFields, completions, problems, generation, onChoice, onUndo }: Props) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const [filter, setFilter] = useState("");
  const toggle = (name: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });
  const shown = fields.filter((f) => f.name.toLowerCase().includes(filter.trim().toLowerCase()));

  return (
    <section className="card" aria-labelledby="mapped-fields-title">
      <div className="card-head">
        <h2 id="mapped-fields-title">Fields</h2>
        <label htmlFor="mapped-fields-filter" className="visually-hidden">
          Filter fields
        </label>
        <input id="mapped-fields-filter" type="search" placeholder="Filter fields" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </div>
      <div className="table-scroll tall" role="region" aria-labelledby="mapped-fields-title" tabIndex={0}>
        <table className="tokens mapped-fields" data-testid="mapped-fields">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Source now</th>
              <th scope="col">Sample</th>
              <th scope="col">Draft</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {shown.map((field) => {
              const changed = fieldChanged(draft, saved, field.name);
              const fieldProblems = problems.fields[field.name];
              const isOpen = open.has(field.name) || (fieldProblems ?? []).some((p) => p.severity === "error");
              return (
                <Fragment key={field.name}>
                  <tr data-testid={`mapped-field-${field.name}`} data-field={field.name} data-changed={changed} className={changed ? "changed" : undefined}>
                    <th scope="row">
                      <span className="mono">{field.name}</span>
                      {field.type && <div className="muted small">{field.type}</div>}
                    </th>
                    <td data-column="source">
                      <span className="mono">{describeRule(field.source)}</span>{" "}
                      <span className={`origin-tag origin-${field.origin}`}>{field.origin}</span>
                    </td>
                    <td data-column="sample" className="sample">
                      {formatValue(field.sample)}
                    </td>
                    <td data-column="draft">
                      {changed && (
                        <span className="mono">{field.name in draft.fields ? describeRule(draft.fields[field.name]) : `default (${describeRule(defaults?.[field.name])})`}</span>
                      )}
                    </td>
                    <td className="actions">
                      <button type="button" aria-expanded={isOpen} aria-label={`Edit ${field.name}`} onClick={() => toggle(field.name)}>
                        {isOpen ? "Close" : "Edit"}
                      </button>
                      {changed && (
                        <button type="button" aria-label={`Undo the change to ${field.name}`} onClick={() => onUndo(field.name)}>
                          Undo
                        </button>
                      )}
                    </td>
                  </tr>
                  {isOpen && (
                    <tr className="field-editor-row">
                      <td colSpan={5}>
                        <FieldRuleEditor
                          key={generation}
                          field={field}
                          rule={draft.fields[field.name]}
                          defaultRule={defaults?.[field.name]}
                          sourceFields={sourceFields}
                          completions={completions}
                          problems={fieldProblems}
                          onChange={(choice) => onChoice(field.name, choice)}
                        />
                      </td>
                    </tr>
                  )}
                  {!isOpen && fieldProblems && (
                    <tr>
                      <td colSpan={5}>
                        <ProblemLines problems={fieldProblems} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
