import type { ReactNode } from "react";
import { Link } from "./Link";
import type { Route } from "./routes";

interface Props {
  section: "flows" | "connections";
  onNavigate: (route: Route) => void;
  children?: ReactNode;
}

/** The top bar of the designer's main pages: the product, its sections, and the page's own controls. */
export function TopBar({ section, onNavigate, children }: Props) {
  return (
    <header className="topbar">
      <strong>Makini Flows</strong>
      <nav className="main-nav" aria-label="Sections">
        <Link to={{ page: "list" }} onNavigate={onNavigate} aria-current={section === "flows" ? "page" : undefined}>
          Flows
        </Link>
        <Link to={{ page: "connections" }} onNavigate={onNavigate} aria-current={section === "connections" ? "page" : undefined}>
          Connections
        </Link>
      </nav>
      {children}
    </header>
  );
}
