import { useCallback, useEffect, useRef, useState } from "react";
import type { Api } from "../../../api/client";
import type { EntityMappingSummary, MappingsOverview } from "../../../api/mappingTypes";
import { describeError } from "../../../api/problem";
import { EntityMappingEditor } from "./EntityMappingEditor";

function entityLabel(e: EntityMappingSummary): string {
  const custom = Array.isArray(e.customFields) ? e.customFields.length : typeof e.customFields === "number" ? e.customFields : 0;
  const parts = [e.entity, e.version > 0 ? `v${e.version}` : "default"];
  if (custom > 0) parts.push(`${custom} custom field${custom === 1 ? "" : "s"}`);
  return parts.join(" · ");
}

/** The connection's mappings, entity by entity: pick an entity, edit how its records are made. */
export function MappingsPanel({ api, connectionId }: { api: Api; connectionId: string }) {
  const [overview, setOverview] = useState<MappingsOverview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [entity, setEntity] = useState<string | null>(null);
  const dirty = useRef(false);

  const load = useCallback(
    () =>
      api.mappings(connectionId).then(
        (o) => {
          setOverview(o);
          setError(null);
          setEntity((current) => current ?? o.entities[0]?.entity ?? null);
        },
        (e) => setError(describeError(e)),
      ),
    [api, connectionId],
  );
  useEffect(() => void load(), [load]);
  const onDirtyChange = useCallback((d: boolean) => {
    dirty.current = d;
  }, []);

  const pick = (next: string) => {
    if (dirty.current && !window.confirm(`Leave the ${entity} mapping? Its unsaved changes are dropped.`)) return;
    dirty.current = false;
    setEntity(next);
  };

  return (
    <div className="mappings" data-testid="mappings">
      <section className="card" aria-labelledby="mappings-title">
        <h2 id="mappings-title">Mappings</h2>
        <p className="muted small">
          How this connection's records are made from the system's: remap a field, set a constant, translate values, compute a field with JavaScript or
          C#, and add custom fields. A save re-maps the stored records at once.
        </p>
        {error && <pre className="error-box">{error}</pre>}
        {!overview && !error && <p className="muted">Loading…</p>}
        {overview && (
          <div className="row">
            <label htmlFor="mapping-entity">Entity</label>
            <select id="mapping-entity" value={entity ?? ""} onChange={(e) => pick(e.target.value)}>
              {overview.entities.map((e) => (
                <option key={e.entity} value={e.entity}>
                  {entityLabel(e)}
                </option>
              ))}
            </select>
          </div>
        )}
      </section>
      {entity && (
        <EntityMappingEditor key={entity} api={api} connectionId={connectionId} entity={entity} onSaved={() => void load()} onDirtyChange={onDirtyChange} />
      )}
    </div>
  );
}
