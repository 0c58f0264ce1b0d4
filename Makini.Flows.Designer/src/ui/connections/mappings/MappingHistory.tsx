import { useCallback, useEffect, useState } from "react";
import type { Api } from "../../../api/client";
import type { MappingDiff, MappingVersion, MappingVersionSummary } from "../../../api/mappingTypes";
import { describeError } from "../../../api/problem";
import { RelativeTime } from "../RelativeTime";
import { DocumentChanges } from "./DocumentChanges";

interface Props {
  api: Api;
  connectionId: string;
  entity: string;
  /** Changes when a save, a revert or a reset made a new version. */
  refreshKey: number;
  onRevert: (version: number) => void;
  onClose: () => void;
}

type Shown = { kind: "version"; version: MappingVersion } | { kind: "diff"; diff: MappingDiff } | null;

/** The entity's mapping versions, newest first (0 is the connector's default): view one, compare it with the current one, revert to it. */
export function MappingHistory({ api, connectionId, entity, refreshKey, onRevert, onClose }: Props) {
  const [versions, setVersions] = useState<MappingVersionSummary[] | null>(null);
  const [shown, setShown] = useState<Shown>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setError(null);
    setShown(null);
    api.mappingVersions(connectionId, entity).then(setVersions, (e) => setError(describeError(e)));
  }, [api, connectionId, entity, refreshKey]);
  const current = versions?.find((v) => v.current)?.version;

  const attempt = useCallback(async (load: () => Promise<Shown>) => {
    setError(null);
    try {
      setShown(await load());
    } catch (e) {
      setError(describeError(e));
    }
  }, []);
  const view = (version: number) => attempt(async () => ({ kind: "version", version: await api.mappingVersion(connectionId, entity, version) }));
  const compare = (from: number, to: number) => attempt(async () => ({ kind: "diff", diff: await api.mappingDiff(connectionId, entity, from, to) }));

  return (
    <section className="card" aria-labelledby="mapping-history-title" data-testid="mapping-history">
      <div className="card-head">
        <h2 id="mapping-history-title">History of the {entity} mapping</h2>
        <span className="spacer" />
        <button type="button" onClick={onClose}>
          Close history
        </button>
      </div>
      {error && <pre className="error-box">{error}</pre>}
      {versions === null && !error && <p className="muted">Loading…</p>}
      {versions && (
        <table className="tokens">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Saved</th>
              <th scope="col">By</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version} data-testid="mapping-version" data-version={v.version} data-current={v.current}>
                <th scope="row">
                  v{v.version}
                  {v.version === 0 && <span className="muted small"> connector default</span>}
                  {v.current && <span className="status-badge status-online"> current</span>}
                </th>
                <td>{v.savedAt ? <RelativeTime at={v.savedAt} /> : <span className="muted">—</span>}</td>
                <td>{v.author ?? <span className="muted">—</span>}</td>
                <td className="actions">
                  <button type="button" aria-label={`View version ${v.version}`} onClick={() => void view(v.version)}>
                    View
                  </button>
                  {current !== undefined && !v.current && (
                    <>
                      <button type="button" aria-label={`Compare version ${v.version} with the current one`} onClick={() => void compare(v.version, current)}>
                        Compare
                      </button>
                      <button type="button" aria-label={`Revert to version ${v.version}`} onClick={() => onRevert(v.version)}>
                        Revert
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {shown?.kind === "version" && (
        <div className="history-detail" data-testid="mapping-version-document">
          <h3>
            Version {shown.version.version}
            {shown.version.author && <span className="muted small"> by {shown.version.author}</span>}
          </h3>
          {shown.version.document ? (
            <pre className="json">{JSON.stringify(shown.version.document, null, 2)}</pre>
          ) : (
            <p className="muted">No document: the connector's default mapping.</p>
          )}
        </div>
      )}
      {shown?.kind === "diff" && (
        <div className="history-detail" data-testid="mapping-version-diff">
          <h3>
            From version {shown.diff.from} to version {shown.diff.to}
          </h3>
          <DocumentChanges changes={shown.diff.changes} testId="version-changes" />
        </div>
      )}
    </section>
  );
}
