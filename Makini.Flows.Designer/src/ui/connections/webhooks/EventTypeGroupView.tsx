import type { EventTypeGroup } from "../../../model/eventTypeGroups";
import { countText } from "../../../model/eventTypeGroups";

interface Props {
  idPrefix: string;
  group: EventTypeGroup;
  checked: ReadonlySet<string>;
  locked?: ReadonlySet<string>;
  onToggle: (type: string, checked: boolean) => void;
}

export const LOCKED_NOTE = "sent for every connection (endpoint rule)";

/** One group of the checklist: a fieldset, or for an entity's events a disclosure closed by default. */
export function EventTypeGroupView({ idPrefix, group, checked, locked, onToggle }: Props) {
  const count = <span className="muted small">({countText(group, checked)})</span>;
  const boxes = (
    <div className="event-types">
      {group.types.map((type) => {
        const isLocked = locked?.has(type) ?? false;
        const noteId = `${idPrefix}-${type}-note`;
        return (
          <div key={type} className="event-type" data-type={type}>
            <label>
              <input
                type="checkbox"
                checked={checked.has(type)}
                disabled={isLocked}
                aria-describedby={isLocked ? noteId : undefined}
                onChange={(e) => onToggle(type, e.target.checked)}
              />
              <span className="mono">{type}</span>
            </label>
            {isLocked && (
              <span id={noteId} className="muted small">
                {LOCKED_NOTE}
              </span>
            )}
          </div>
        );
      })}
    </div>
  );
  if (group.entity)
    return (
      <details className="event-group" data-group={group.id}>
        <summary>
          {group.label} events {count}
        </summary>
        {boxes}
      </details>
    );
  return (
    <fieldset className="event-group" data-group={group.id}>
      <legend>
        {group.label} {count}
      </legend>
      {boxes}
    </fieldset>
  );
}
