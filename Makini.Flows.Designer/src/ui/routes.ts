/**
 * The designer's pages: / (flows), /flows/{id} (a new flow carries its name until it is saved),
 * /connections (with ?page=&search=&status=), /connections/{id}, /connectors (the catalogue) and
 * /connectors/{id}/connect (the connect form).
 */
export type Route =
  | { page: "list" }
  | { page: "flow"; id: string; newName?: string }
  | { page: "connections" }
  | { page: "connection"; id: string }
  | { page: "catalogue" }
  | { page: "connect"; connector: string };

const PATTERNS: readonly [RegExp, (id: string) => Route][] = [
  [/^\/flows\/([^/]+)\/?$/, (id) => ({ page: "flow", id })],
  [/^\/connections\/?$/, () => ({ page: "connections" })],
  [/^\/connections\/([^/]+)\/?$/, (id) => ({ page: "connection", id })],
  [/^\/connectors\/?$/, () => ({ page: "catalogue" })],
  [/^\/connectors\/([^/]+)\/connect\/?$/, (connector) => ({ page: "connect", connector })],
];

export function routeOf(pathname: string): Route {
  for (const [pattern, route] of PATTERNS) {
    const match = pattern.exec(pathname);
    if (match) return route(match[1] === undefined ? "" : decodeURIComponent(match[1]));
  }
  return { page: "list" };
}

export function currentRoute(): Route {
  return routeOf(window.location.pathname);
}

export function pathOf(route: Route): string {
  switch (route.page) {
    case "list":
      return "/";
    case "flow":
      return `/flows/${encodeURIComponent(route.id)}`;
    case "connections":
      return "/connections";
    case "connection":
      return `/connections/${encodeURIComponent(route.id)}`;
    case "catalogue":
      return "/connectors";
    case "connect":
      return `/connectors/${encodeURIComponent(route.connector)}/connect`;
  }
}

/** Puts the route in the address bar: a new history entry, or in place of the current one (`replace`). */
export function navigate(route: Route, replace = false): void {
  const path = pathOf(route);
  if (window.location.pathname + window.location.search === path) return;
  if (replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
}
