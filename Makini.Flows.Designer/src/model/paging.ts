import type { PageMeta } from "../api/connectionTypes";

/** "26–50 of 60", or null when there is nothing to page through. */
export function pageSummary(meta: PageMeta): string | null {
  if (meta.total === 0 || meta.from === null || meta.to === null) return null;
  return `${meta.from}–${meta.to} of ${meta.total}`;
}

/** Which page each control goes to, or null when it cannot be used. */
export function pageTargets(meta: PageMeta): { first: number | null; prev: number | null; next: number | null; last: number | null } {
  const current = meta.current_page;
  const last = Math.max(1, meta.last_page);
  return {
    first: current > 1 ? 1 : null,
    prev: current > 1 ? Math.min(current - 1, last) : null,
    next: current < last ? current + 1 : null,
    last: current < last ? last : null,
  };
}
