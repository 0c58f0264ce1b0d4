import type { SyncView } from "../../api/syncTypes";
import { progressPercent, progressText } from "../../model/syncText";

/** The bar of a queued or running sync (moving stripes while its progress is not known) and what it reads. */
export function SyncProgress({ view }: { view: SyncView }) {
  const percent = view.state === "running" ? progressPercent(view.progress) : null;
  const text = progressText(view);
  return (
    <div className="sync-progress" data-testid="sync-progress">
      <div
        className={`sync-bar${percent === null ? " indeterminate" : ""}`}
        role="progressbar"
        aria-label="Sync progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={text}
      >
        <div className="sync-bar-fill" style={percent === null ? undefined : { width: `${percent}%` }} />
      </div>
      <div className="small" data-testid="sync-progress-text">
        {text}
      </div>
    </div>
  );
}
