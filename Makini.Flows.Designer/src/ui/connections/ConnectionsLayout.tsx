import { useEffect, type ReactNode } from "react";
import { Link } from "../Link";
import type { Route } from "../routes";
import { TopBar } from "../TopBar";

export interface Crumb {
  label: string;
  to: Route;
}

interface Props {
  title: string;
  /** Shown beside the title (a status, the system's name). */
  titleExtra?: ReactNode;
  crumbs?: readonly Crumb[];
  actions?: ReactNode;
  onNavigate: (route: Route) => void;
  onSignOut: () => void;
  testId: string;
  children: ReactNode;
}

/** The frame of every Connections page: top bar, where the page sits, its title and its main actions. */
export function ConnectionsLayout({ title, titleExtra, crumbs = [], actions, onNavigate, onSignOut, testId, children }: Props) {
  useEffect(() => {
    const before = document.title;
    document.title = `${title} · Makini Flows`;
    return () => {
      document.title = before;
    };
  }, [title]);
  return (
    <div className="connections-screen" data-testid={testId}>
      <TopBar section="connections" onNavigate={onNavigate}>
        <span className="spacer" />
        <button onClick={onSignOut}>Sign out</button>
      </TopBar>
      <main className="page">
        {crumbs.length > 0 && (
          <nav className="breadcrumb" aria-label="Breadcrumb">
            {crumbs.map((crumb) => (
              <span key={crumb.label}>
                <Link to={crumb.to} onNavigate={onNavigate}>
                  {crumb.label}
                </Link>
                <span aria-hidden="true"> › </span>
              </span>
            ))}
          </nav>
        )}
        <div className="page-head">
          <h1 data-testid="page-title">{title}</h1>
          {titleExtra}
          {actions}
        </div>
        {children}
      </main>
    </div>
  );
}
