import { useEffect, useState } from "react";
import type { Api } from "../api/client";
import { describeError } from "../api/problem";
import type { VersionSummary } from "../api/types";

interface Props {
  api: Api;
  flowId: string;
  publishedVersion: number | null | undefined;
  refreshKey: number;
  onRevert: (version: number) => void;
}

/** Published versions of the flow, newest first; revert copies one into the draft. */
export function VersionsPanel({ api, flowId, publishedVersion, refreshKey, onRevert }: Props) {
  const [versions, setVersions] = useState<VersionSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.versions(flowId).then(setVersions, (e) => setError(describeError(e)));
  }, [api, flowId, refreshKey]);
  return (
    <div className="versions" data-testid="versions">
      {error && <pre className="error-box">{error}</pre>}
      {versions.length === 0 && <p className="muted">Not published yet.</p>}
      <ul>
        {versions.map((v) => (
          <li key={v.version} data-testid={`version-${v.version}`}>
            <strong>v{v.version}</strong>
            {v.version === publishedVersion ? " (live)" : ""} <span className="muted">{new Date(v.publishedAt).toLocaleString()}</span>{" "}
            <span className="mono small">{v.hash.slice(0, 10)}</span>{" "}
            <button onClick={() => onRevert(v.version)}>Revert draft to v{v.version}</button>
          </li>
        ))}
      </ul>
    </div>
  );
}
