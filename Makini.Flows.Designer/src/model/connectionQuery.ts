import type { ConnectionQuery, ConnectionStatus } from "../api/connectionTypes";
import { STATUSES } from "./connectionStatus";

export const PER_PAGE = 25;

/** The list's page, search and status filter from the address bar's query (?page=2&search=acme&status=offline). */
export function queryFromLocation(search: string): ConnectionQuery {
  const params = new URLSearchParams(search);
  const page = Number.parseInt(params.get("page") ?? "", 10);
  const status = params.get("status") ?? "";
  return {
    page: Number.isInteger(page) && page > 0 ? page : 1,
    search: params.get("search") ?? "",
    status: (STATUSES as readonly string[]).includes(status) ? (status as ConnectionStatus) : "",
  };
}

/** The query for the address bar: only what differs from the first, unfiltered page. */
export function locationOf(query: ConnectionQuery): string {
  const params = new URLSearchParams();
  if (query.page > 1) params.set("page", String(query.page));
  if (query.search) params.set("search", query.search);
  if (query.status) params.set("status", query.status);
  const text = params.toString();
  return text ? `?${text}` : "";
}
