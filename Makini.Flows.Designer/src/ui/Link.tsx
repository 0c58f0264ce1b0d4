import type { MouseEvent, ReactNode } from "react";
import { pathOf, type Route } from "./routes";

interface Props {
  to: Route;
  onNavigate: (route: Route) => void;
  className?: string;
  children: ReactNode;
  "aria-current"?: "page";
  "data-testid"?: string;
}

/** A real link (new tab, copy address) that moves within the designer without reloading it. */
export function Link({ to, onNavigate, children, ...rest }: Props) {
  const onClick = (e: MouseEvent) => {
    if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    onNavigate(to);
  };
  return (
    <a href={pathOf(to)} onClick={onClick} {...rest}>
      {children}
    </a>
  );
}
