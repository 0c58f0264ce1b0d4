import { useEffect, useRef, useState } from "react";
import type { Api } from "../../api/client";
import type { ConnectionPage, ConnectionQuery } from "../../api/connectionTypes";
import { describeError } from "../../api/problem";
import { locationOf, PER_PAGE, queryFromLocation } from "../../model/connectionQuery";
import { statusLabel, STATUSES } from "../../model/connectionStatus";
import { Link } from "../Link";
import type { Route } from "../routes";
import { ConnectionsLayout } from "./ConnectionsLayout";
import { Pager } from "./Pager";
import { RelativeTime } from "./RelativeTime";
import { StatusBadge } from "./StatusBadge";
import { loadConnectors } from "./useConnectors";

interface Props {
  api: Api;
  onNavigate: (route: Route) => void;
  onSignOut: () => void;
}

/** /connections: every connection with its status and last check, a page of 25 at a time, searchable. */
export function ConnectionListScreen({ api, onNavigate, onSignOut }: Props) {
  const [query, setQuery] = useState<ConnectionQuery>(() => queryFromLocation(window.location.search));
  const [searchText, setSearchText] = useState(query.search);
  const [result, setResult] = useState<ConnectionPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);

  // The catalogue is usually the next page: have it ready.
  useEffect(() => void loadConnectors(api).catch(() => undefined), [api]);

  useEffect(() => {
    history.replaceState(null, "", window.location.pathname + locationOf(query));
    const request = ++latest.current;
    api.connections(query, PER_PAGE).then(
      (page) => {
        if (request !== latest.current) return;
        setResult(page);
        setError(null);
      },
      (e) => request === latest.current && setError(describeError(e)),
    );
  }, [api, query]);

  useEffect(() => {
    if (searchText === query.search) return;
    const timer = setTimeout(() => setQuery((q) => ({ ...q, search: searchText.trim(), page: 1 })), 200);
    return () => clearTimeout(timer);
  }, [searchText, query.search]);

  const filtered = query.search !== "" || query.status !== "";
  return (
    <ConnectionsLayout
      title="Connections"
      onNavigate={onNavigate}
      onSignOut={onSignOut}
      testId="connection-list"
      actions={
        <Link to={{ page: "catalogue" }} onNavigate={onNavigate} className="button primary" data-testid="connect-system">
          Connect a system
        </Link>
      }
    >
      <div className="filters" role="search">
        <input
          type="search"
          className="search"
          aria-label="Search connections"
          placeholder="Search by name"
          value={searchText}
          onChange={(e) => setSearchText(e.target.value)}
        />
        <label htmlFor="status-filter">Status</label>
        <select
          id="status-filter"
          value={query.status}
          onChange={(e) => setQuery((q) => ({ ...q, status: e.target.value as ConnectionQuery["status"], page: 1 }))}
        >
          <option value="">Any</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {statusLabel(s)}
            </option>
          ))}
        </select>
      </div>
      {error && <pre className="error-box">{error}</pre>}
      <table className="flows connections" aria-busy={result === null}>
        <thead>
          <tr>
            <th>Name</th>
            <th>System</th>
            <th>Status</th>
            <th>Last check</th>
            <th>Created</th>
          </tr>
        </thead>
        <tbody>
          {result?.data.map((c) => (
            <tr key={c.id} data-testid={`connection-${c.id}`}>
              <td>
                <Link to={{ page: "connection", id: c.id }} onNavigate={onNavigate}>
                  {c.name}
                </Link>
              </td>
              <td>{c.connectorName}</td>
              <td>
                <StatusBadge status={c.status} reason={c.statusReason} />
                {c.statusReason && c.status !== "online" && <div className="muted small">{c.statusReason}</div>}
              </td>
              <td>
                <RelativeTime at={c.lastCheckedAt} />
              </td>
              <td className="small">{new Date(c.createdAt).toLocaleDateString()}</td>
            </tr>
          ))}
          {result && result.data.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                {filtered ? "No connection matches." : "No connections yet: connect a system to get an API token for it."}
              </td>
            </tr>
          )}
          {!result && !error && (
            <tr>
              <td colSpan={5} className="muted">
                Loading…
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {result && result.meta.total > 0 && <Pager meta={result.meta} onPage={(page) => setQuery((q) => ({ ...q, page }))} />}
    </ConnectionsLayout>
  );
}
