import { useState } from "react";
import type { CredentialField } from "../../api/connectionTypes";
import { autoCompleteOf, inputTypeOf, isSecret, type CredentialValues, type FormMode } from "../../model/credentialForm";
import { RequiredMark } from "./RequiredMark";

interface Props {
  /** Makes the element ids unique on a page that shows two forms. */
  idPrefix: string;
  fields: readonly CredentialField[];
  values: CredentialValues;
  errors: Record<string, string>;
  mode: FormMode;
  onChange: (name: string, value: string) => void;
  /** Puts the cursor in the first empty field when the form opens. */
  focusFirstEmpty?: boolean;
}

/** The inputs a connector's credential fields declare: label, required mark, help, error, and a show toggle for secrets. */
export function CredentialInputs({ idPrefix, fields, values, errors, mode, onChange, focusFirstEmpty }: Props) {
  const [revealed, setRevealed] = useState<ReadonlySet<string>>(new Set());
  const firstEmpty = focusFirstEmpty ? fields.find((f) => (values[f.name] ?? "") === "")?.name : undefined;
  const toggle = (name: string) =>
    setRevealed((current) => {
      const next = new Set(current);
      if (!next.delete(name)) next.add(name);
      return next;
    });
  return (
    <>
      {fields.map((field) => {
        const id = `${idPrefix}-${field.name}`;
        const secret = isSecret(field);
        const shown = revealed.has(field.name);
        const error = errors[field.name];
        const describedBy = [field.help ? `${id}-help` : "", secret && mode === "update" ? `${id}-stored` : "", error ? `${id}-error` : ""]
          .filter(Boolean)
          .join(" ");
        return (
          <div className="field" key={field.name} data-testid={`credential-${field.name}`}>
            <div className="label-line">
              <label htmlFor={id}>{field.label}</label>
              {field.required && <RequiredMark />}
            </div>
            <div className="input-line">
              <input
                id={id}
                name={field.name}
                type={inputTypeOf(field, shown)}
                value={values[field.name] ?? ""}
                placeholder={field.placeholder ?? undefined}
                autoComplete={autoCompleteOf(field)}
                spellCheck={false}
                autoCapitalize="off"
                aria-required={field.required === true}
                aria-invalid={error ? true : undefined}
                aria-describedby={describedBy || undefined}
                autoFocus={field.name === firstEmpty}
                onChange={(e) => onChange(field.name, e.target.value)}
              />
              {secret && (
                <button type="button" className="reveal" aria-pressed={shown} aria-controls={id} aria-label={`${shown ? "Hide" : "Show"} ${field.label}`} onClick={() => toggle(field.name)}>
                  {shown ? "Hide" : "Show"}
                </button>
              )}
            </div>
            {field.help && (
              <div id={`${id}-help`} className="hint">
                {field.help}
              </div>
            )}
            {secret && mode === "update" && (
              <div id={`${id}-stored`} className="hint">
                Leave empty to keep the stored value (it is never shown).
              </div>
            )}
            {error && (
              <div id={`${id}-error`} className="field-error">
                {error}
              </div>
            )}
          </div>
        );
      })}
    </>
  );
}
