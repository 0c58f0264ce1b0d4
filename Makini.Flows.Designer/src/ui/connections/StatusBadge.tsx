import { statusLabel } from "../../model/connectionStatus";

/** A connection's status as a coloured badge (online green, offline red, sign-in needed amber, disabled grey). */
export function StatusBadge({ status, reason }: { status: string; reason?: string | null }) {
  return (
    <span className={`status-badge status-${status}`} data-testid="status-badge" data-status={status} title={reason ?? undefined}>
      {statusLabel(status)}
    </span>
  );
}
