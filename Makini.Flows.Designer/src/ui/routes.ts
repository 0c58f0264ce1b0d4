/** The designer's pages: / (flows) and /flows/{id} (a new flow carries its name until it is saved). */
export type Route = { page: "list" } | { page: "flow"; id: string; newName?: string };

export function currentRoute(): Route {
  const match = /^\/flows\/([^/]+)\/?$/.exec(window.location.pathname);
  return match ? { page: "flow", id: decodeURIComponent(match[1]) } : { page: "list" };
}

export function navigate(route: Route): void {
  const path = route.page === "list" ? "/" : `/flows/${encodeURIComponent(route.id)}`;
  if (window.location.pathname !== path) history.pushState(null, "", path);
}
