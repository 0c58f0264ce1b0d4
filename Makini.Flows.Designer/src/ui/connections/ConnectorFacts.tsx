import type { ConnectorSummary } from "../../api/connectionTypes";
import { authenticationLabel } from "../../model/catalogue";

/** What a connector is and what it reads, beside its connect form. */
export function ConnectorFacts({ connector }: { connector: ConnectorSummary }) {
  return (
    <aside className="connector-facts" aria-label={`About ${connector.name}`}>
      <div>
        <span className="category-tag">{connector.category}</span> <span className="muted">by {connector.vendor}</span>
      </div>
      {connector.description && <p>{connector.description}</p>}
      <dl>
        <dt>Sign-in</dt>
        <dd>{authenticationLabel(connector.authentication)}</dd>
        {connector.entities.length > 0 && (
          <>
            <dt>Reads</dt>
            <dd>{connector.entities.join(", ")}</dd>
          </>
        )}
      </dl>
      {connector.documentation && (
        <a href={connector.documentation} target="_blank" rel="noreferrer noopener">
          {connector.vendor}'s API documentation
        </a>
      )}
    </aside>
  );
}
