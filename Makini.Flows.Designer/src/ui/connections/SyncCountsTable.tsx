import type { EntityCounts, SyncRun } from "../../api/syncTypes";
import { entityHeading, formatCount, modeLabel, runStatusLabel, sumCounts } from "../../model/syncText";
import { RelativeTime } from "./RelativeTime";

const COLUMNS = ["inserted", "updated", "deleted", "unchanged"] as const;

function CountCells({ counts }: { counts: EntityCounts }) {
  return (
    <>
      {COLUMNS.map((column) => (
        <td key={column} className="number" data-column={column}>
          {formatCount(counts[column] ?? 0)}
        </td>
      ))}
    </>
  );
}

/** What one sync found per entity (the sync under way, live, or the last one), with the totals. */
export function SyncCountsTable({ run, live }: { run: SyncRun; live: boolean }) {
  const entities = Object.entries(run.counts ?? {});
  return (
    <table className="tokens sync-counts" data-testid="sync-counts" data-sync-id={run.id}>
      <caption>
        {live ? (
          `Counts so far · ${modeLabel(run.mode)}`
        ) : (
          <>
            Last sync · {modeLabel(run.mode)} · {runStatusLabel(run.status).toLowerCase()} <RelativeTime at={run.finishedAt ?? run.startedAt} />
          </>
        )}
      </caption>
      <thead>
        <tr>
          <th scope="col">Entity</th>
          {COLUMNS.map((column) => (
            <th key={column} scope="col" className="number">
              {column.charAt(0).toUpperCase() + column.slice(1)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {entities.map(([entity, counts]) => {
          const reading = live && run.entity === entity;
          return (
            <tr key={entity} data-testid={`sync-count-${entity}`} className={reading ? "reading" : undefined}>
              <th scope="row" title={entity}>
                {entityHeading(entity)}
                {reading && <span className="muted small"> · reading</span>}
              </th>
              <CountCells counts={counts} />
            </tr>
          );
        })}
        {entities.length === 0 && (
          <tr>
            <td colSpan={5} className="muted">
              Nothing read yet.
            </td>
          </tr>
        )}
      </tbody>
      {entities.length > 1 && (
        <tfoot>
          <tr data-testid="sync-count-total">
            <th scope="row">Total</th>
            <CountCells counts={sumCounts(run.counts)} />
          </tr>
        </tfoot>
      )}
    </table>
  );
}
