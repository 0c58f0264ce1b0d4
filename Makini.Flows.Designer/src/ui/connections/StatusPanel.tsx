import { useState } from "react";
import type { Connection } from "../../api/connectionTypes";
import { RelativeTime } from "./RelativeTime";
import { StatusBadge } from "./StatusBadge";

interface Props {
  connection: Connection;
  onCheck: () => Promise<void>;
}

/** Where the connection stands, why, since when, and a check on demand. */
export function StatusPanel({ connection, onCheck }: Props) {
  const [checking, setChecking] = useState(false);
  const disabled = connection.status === "disabled";
  const check = async () => {
    setChecking(true);
    try {
      await onCheck();
    } finally {
      setChecking(false);
    }
  };
  return (
    <section className="card" aria-labelledby="status-title">
      <h2 id="status-title">Status</h2>
      <div className="status-line" aria-live="polite" data-testid="connection-status">
        <StatusBadge status={connection.status} reason={connection.statusReason} />
        {connection.statusReason && <span data-testid="status-reason">{connection.statusReason}</span>}
      </div>
      <dl className="facts">
        <dt>Since</dt>
        <dd>
          <RelativeTime at={connection.statusChangedAt ?? connection.createdAt} />
        </dd>
        <dt>Last check</dt>
        <dd data-testid="last-check">
          <RelativeTime at={connection.lastCheckedAt} />
        </dd>
        <dt>Connected</dt>
        <dd>
          <RelativeTime at={connection.connectedAt ?? connection.createdAt} />
        </dd>
      </dl>
      <button onClick={() => void check()} disabled={checking || disabled} aria-busy={checking} title={disabled ? "Enable the connection to check it" : undefined}>
        {checking && <span className="spinner" aria-hidden="true" />}
        {checking ? "Checking…" : "Check now"}
      </button>
    </section>
  );
}
