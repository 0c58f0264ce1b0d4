import type { ReactNode } from "react";
import { Link } from "../Link";
import type { Route } from "../routes";
import { TopBar } from "../TopBar";

export interface Crumb {
  label: string;
  to: Route;
}

interface Props {
  title: ReactNode;
  crumbs?: readonly Crumb[];
  actions?: ReactNode;
  onNavigate: (route: Route) => void;
  onSignOut: () => void;
  testId: string;
  children: ReactNode;
}

/** The frame of every Connections page: top bar, where the page sits, its title and its main actions. */
export function ConnectionsLayout({ title, crumbs = [], actions, onNavigate, onSignOut, testId, children }: Props) {
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
          <h1>{title}</h1>
          {actions}
        </div>
        {children}
      </main>
    </div>
  );
}
