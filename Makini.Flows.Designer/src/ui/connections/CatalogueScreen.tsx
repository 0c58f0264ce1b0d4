import { useMemo, useState } from "react";
import type { Api } from "../../api/client";
import { CATEGORIES, filterConnectors } from "../../model/catalogue";
import { Link } from "../Link";
import type { Route } from "../routes";
import { ConnectionsLayout } from "./ConnectionsLayout";
import { useConnectors } from "./useConnectors";

interface Props {
  api: Api;
  onNavigate: (route: Route) => void;
  onSignOut: () => void;
}

/** /connectors: every system this server can connect, searchable and filtered by category. */
export function CatalogueScreen({ api, onNavigate, onSignOut }: Props) {
  const { connectors, error } = useConnectors(api);
  const [search, setSearch] = useState("");
  const [category, setCategory] = useState("");
  const shown = useMemo(() => filterConnectors(connectors ?? [], search, category), [connectors, search, category]);

  return (
    <ConnectionsLayout
      title="Connect a system"
      crumbs={[{ label: "Connections", to: { page: "connections" } }]}
      onNavigate={onNavigate}
      onSignOut={onSignOut}
      testId="catalogue"
    >
      <form
        className="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          if (shown.length > 0) onNavigate({ page: "connect", connector: shown[0].id });
        }}
      >
        <input
          type="search"
          className="search"
          aria-label="Search systems"
          placeholder="Search by name or vendor"
          value={search}
          autoFocus
          onChange={(e) => setSearch(e.target.value)}
        />
        <div className="segmented" role="group" aria-label="Category">
          {["", ...CATEGORIES].map((c) => (
            <button type="button" key={c} aria-pressed={category === c} onClick={() => setCategory(c)}>
              {c || "All"}
            </button>
          ))}
        </div>
        <span className="muted small" aria-live="polite">
          {connectors && `${shown.length} of ${connectors.length} systems`}
          {shown.length > 0 && search && " · Enter opens the first"}
        </span>
      </form>
      {error && <pre className="error-box">{error}</pre>}
      {!connectors && !error && <p className="muted">Loading the catalogue…</p>}
      <ul className="catalogue" data-testid="connector-list">
        {shown.map((c) => (
          <li key={c.id}>
            <Link to={{ page: "connect", connector: c.id }} onNavigate={onNavigate} className="connector-card" data-testid={`connector-${c.id}`}>
              <span className="connector-card-head">
                <strong>{c.name}</strong>
                <span className="category-tag">{c.category}</span>
              </span>
              <span className="muted small">{c.vendor}</span>
              {c.description && <span className="connector-description">{c.description}</span>}
            </Link>
          </li>
        ))}
      </ul>
      {connectors && shown.length === 0 && (
        <p className="muted">
          No system matches{search ? ` '${search}'` : ""}
          {category ? ` in ${category}` : ""}.
        </p>
      )}
    </ConnectionsLayout>
  );
}
