import { useEffect, useMemo, useState } from "react";
import { Api, storedKey, storeKey } from "../api/client";
import { describeError, ProblemError } from "../api/problem";
import type { ActivityDescriptor, FlowDefinition } from "../api/types";
import { emptyFlow } from "../model/canonical";
import { CatalogueScreen } from "./connections/CatalogueScreen";
import { ConnectionListScreen } from "./connections/ConnectionListScreen";
import { ConnectionScreen } from "./connections/ConnectionScreen";
import { ConnectPage } from "./connections/ConnectPage";
import { Designer } from "./Designer";
import { FlowList } from "./FlowList";
import { SignIn } from "./SignIn";
import { currentRoute, navigate, type Route } from "./routes";

/** Takes the key from a sign-in link (#key=...), keeps it in session storage and removes it from the address bar. */
function keyFromLink(): string | null {
  const match = /(?:^#|&)key=([^&]+)/.exec(window.location.hash);
  if (!match) return null;
  const key = decodeURIComponent(match[1]);
  storeKey(key);
  history.replaceState(null, "", window.location.pathname + window.location.search);
  return key;
}

interface Opened {
  flow: FlowDefinition;
  isNew: boolean;
  publishedVersion: number | null | undefined;
}

export function App() {
  const [key, setKey] = useState<string | null>(() => keyFromLink() ?? storedKey());
  const [authError, setAuthError] = useState<string | null>(null);
  const [route, setRoute] = useState<Route>(currentRoute);
  // Counts visits, so a page opened again (a link to where one is, Back) starts fresh.
  const [visit, setVisit] = useState(0);
  const [descriptors, setDescriptors] = useState<ActivityDescriptor[] | null>(null);
  const [opened, setOpened] = useState<Opened | null>(null);
  const [error, setError] = useState<string | null>(null);
  const api = useMemo(() => (key ? new Api(key) : null), [key]);

  useEffect(() => {
    const onPop = () => {
      setRoute(currentRoute());
      setVisit((n) => n + 1);
    };
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);

  const signOut = (reason: string | null = null) => {
    storeKey(null);
    setKey(null);
    setAuthError(reason);
    setDescriptors(null);
  };

  useEffect(() => {
    if (!api) return;
    api.activities().then(setDescriptors, (e) => {
      if (e instanceof ProblemError && (e.status === 401 || e.status === 403)) signOut("That key was refused by the server.");
      else setError(describeError(e));
    });
  }, [api]);

  useEffect(() => {
    if (!api || route.page !== "flow") {
      setOpened(null);
      return;
    }
    if (opened && opened.flow.id === route.id) return;
    if (route.newName !== undefined) {
      setOpened({ flow: emptyFlow(route.id, route.newName), isNew: true, publishedVersion: null });
      return;
    }
    setOpened(null);
    api.flow(route.id).then(
      (details) => {
        performance.mark("designer:flow-loaded");
        setOpened({ flow: details.draft, isNew: false, publishedVersion: details.publishedVersion });
      },
      (e) => setError(describeError(e)),
    );
  }, [api, route]);

  const go = (next: Route, replace = false) => {
    setError(null);
    navigate(next, replace);
    setRoute(next);
    setVisit((n) => n + 1);
  };

  if (!api) return <SignIn error={authError} onSignedIn={(k) => (storeKey(k), setKey(k))} />;
  if (error)
    return (
      <div className="page-error">
        <pre className="error-box">{error}</pre>
        <button onClick={() => go({ page: "list" })}>Back to the flows</button>
      </div>
    );
  const screen = { api, onNavigate: go, onSignOut: () => signOut() };
  if (route.page === "connections") return <ConnectionListScreen key={visit} {...screen} />;
  if (route.page === "catalogue") return <CatalogueScreen key={visit} {...screen} />;
  if (route.page === "connect") return <ConnectPage key={visit} connectorId={route.connector} {...screen} />;
  if (route.page === "connection") return <ConnectionScreen key={visit} id={route.id} {...screen} />;
  if (!descriptors) return <div className="loading">Loading activities…</div>;
  if (route.page === "list")
    return (
      <FlowList
        api={api}
        onOpen={(id) => go({ page: "flow", id })}
        onNew={(id, name) => go({ page: "flow", id, newName: name })}
        onNavigate={go}
        onSignOut={() => signOut()}
      />
    );
  if (!opened) return <div className="loading">Loading flow…</div>;
  return (
    <Designer
      key={opened.flow.id}
      api={api}
      descriptors={descriptors}
      initial={opened.flow}
      isNew={opened.isNew}
      publishedVersion={opened.publishedVersion}
      onBack={() => go({ page: "list" })}
      onCreated={(id) => {
        history.replaceState(null, "", `/flows/${encodeURIComponent(id)}`);
      }}
    />
  );
}
