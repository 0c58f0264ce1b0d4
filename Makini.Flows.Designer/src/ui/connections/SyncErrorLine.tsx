import type { SyncError } from "../../api/syncTypes";
import { errorTitle } from "../../model/syncText";
import { RelativeTime } from "./RelativeTime";

/** A sync's error as the source gave it: its code and the entity being read, when, and the message on its own line. */
export function SyncErrorLine({ error, showTime = false }: { error: SyncError; showTime?: boolean }) {
  return (
    <>
      <div>
        <strong className="mono">{errorTitle(error)}</strong>
        {showTime && error.at && (
          <>
            {" "}
            <RelativeTime at={error.at} />
          </>
        )}
      </div>
      {error.message && <div className="sync-error-message">{error.message}</div>}
    </>
  );
}
