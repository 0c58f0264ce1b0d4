import { useRef, type KeyboardEvent } from "react";

export type ConnectionTab = "overview" | "mappings" | "webhooks";

const TABS: readonly { id: ConnectionTab; label: string }[] = [
  { id: "overview", label: "Overview" },
  { id: "mappings", label: "Mappings" },
  { id: "webhooks", label: "Webhooks" },
];

export const tabId = (tab: ConnectionTab) => `connection-tab-${tab}`;
export const panelId = (tab: ConnectionTab) => `connection-panel-${tab}`;

/** The connection page's sections as tabs: arrow keys, Home and End move between them. */
export function ConnectionTabs({ tab, onChange }: { tab: ConnectionTab; onChange: (tab: ConnectionTab) => void }) {
  const list = useRef<HTMLDivElement>(null);
  const onKeyDown = (e: KeyboardEvent) => {
    const index = TABS.findIndex((t) => t.id === tab);
    const next =
      e.key === "ArrowRight" ? (index + 1) % TABS.length : e.key === "ArrowLeft" ? (index + TABS.length - 1) % TABS.length : e.key === "Home" ? 0 : e.key === "End" ? TABS.length - 1 : -1;
    if (next < 0) return;
    e.preventDefault();
    onChange(TABS[next].id);
    list.current?.querySelector<HTMLElement>(`#${tabId(TABS[next].id)}`)?.focus();
  };
  return (
    <div className="page-tabs" role="tablist" aria-label="Connection sections" ref={list} onKeyDown={onKeyDown}>
      {TABS.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          id={tabId(t.id)}
          aria-selected={t.id === tab}
          aria-controls={panelId(t.id)}
          tabIndex={t.id === tab ? 0 : -1}
          onClick={() => onChange(t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
