import type { MappedCustomField } from "../../../api/mappingTypes";
import { formatValue } from "../../../model/mappingRules";

/** The saved custom field's value in a stored record, or that it is not saved yet. */
export function CustomFieldSample({ saved }: { saved: MappedCustomField | undefined }) {
  if (!saved) return <span className="muted small">Not saved yet.</span>;
  return (
    <span className="small" data-testid="custom-field-sample">
      Saved; in a stored record: <span className="mono">{formatValue(saved.sample)}</span>
    </span>
  );
}
