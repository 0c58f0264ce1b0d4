import type { PageMeta } from "../../api/connectionTypes";
import { pageSummary, pageTargets } from "../../model/paging";

/** First / previous / next / last page, from the list's meta. */
export function Pager({ meta, onPage }: { meta: PageMeta; onPage: (page: number) => void }) {
  const targets = pageTargets(meta);
  const summary = pageSummary(meta);
  const button = (label: string, target: number | null, symbol: string) => (
    <button type="button" aria-label={label} title={label} disabled={target === null} onClick={() => target !== null && onPage(target)}>
      {symbol}
    </button>
  );
  return (
    <nav className="pager" aria-label="Pages" data-testid="pager">
      {button("First page", targets.first, "«")}
      {button("Previous page", targets.prev, "‹")}
      <span>
        Page {meta.current_page} of {Math.max(1, meta.last_page)}
      </span>
      {button("Next page", targets.next, "›")}
      {button("Last page", targets.last, "»")}
      {summary && <span className="muted">{summary}</span>}
    </nav>
  );
}
