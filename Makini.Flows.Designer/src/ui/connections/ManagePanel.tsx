import { useState } from "react";
import type { Connection } from "../../api/connectionTypes";

interface Props {
  connection: Connection;
  onSetEnabled: (enabled: boolean) => Promise<void>;
  onDelete: () => Promise<void>;
}

/** Pausing the connection (no checks, tokens refused) and deleting it with its tokens. */
export function ManagePanel({ connection, onSetEnabled, onDelete }: Props) {
  const [busy, setBusy] = useState(false);
  const disabled = connection.status === "disabled";
  const act = async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="manage-title">
      <h2 id="manage-title">Manage</h2>
      <div className="row">
        <button disabled={busy} onClick={() => void act(() => onSetEnabled(disabled))}>
          {disabled ? "Enable" : "Disable"}
        </button>
        <span className="muted small">
          {disabled ? "Disabled: not checked and not read until enabled." : "Stops checks and reads until it is enabled again."}
        </span>
      </div>
      <div className="row">
        <button
          className="danger"
          disabled={busy}
          onClick={() => {
            if (window.confirm(`Delete the connection '${connection.name}'? Its credentials are erased and its tokens stop working.`))
              void act(onDelete);
          }}
        >
          Delete connection
        </button>
      </div>
    </section>
  );
}
