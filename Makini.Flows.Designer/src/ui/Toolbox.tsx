import { useMemo, useState } from "react";
import type { ActivityDescriptor } from "../api/types";
import { ACTIVITY_MIME } from "../canvas/Canvas";

interface Props {
  descriptors: readonly ActivityDescriptor[];
  onAdd: (type: string) => void;
}

/** Activities from GET /api/activities, grouped by category; drag one onto the canvas (or double-click it). */
export function Toolbox({ descriptors, onAdd }: Props) {
  const [search, setSearch] = useState("");
  const groups = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const map = new Map<string, ActivityDescriptor[]>();
    for (const d of descriptors) {
      const text = `${d.type} ${d.displayName} ${d.category} ${d.description ?? ""}`.toLowerCase();
      if (needle && !text.includes(needle)) continue;
      map.set(d.category, [...(map.get(d.category) ?? []), d]);
    }
    return [...map.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [descriptors, search]);
  return (
    <aside className="toolbox" data-testid="toolbox">
      <input
        className="search"
        placeholder="Search activities"
        aria-label="Search activities"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      {groups.map(([category, items]) => (
        <section key={category}>
          <h4>{category}</h4>
          {items.map((d) => (
            <div
              key={d.type}
              className="toolbox-item"
              data-testid={`toolbox-${d.type}`}
              draggable
              title={d.description ?? d.displayName}
              onDragStart={(e) => {
                e.dataTransfer.setData(ACTIVITY_MIME, d.type);
                e.dataTransfer.effectAllowed = "move";
              }}
              onDoubleClick={() => onAdd(d.type)}
            >
              {d.displayName}
            </div>
          ))}
        </section>
      ))}
      {groups.length === 0 && <p className="muted">No activity matches.</p>}
    </aside>
  );
}
