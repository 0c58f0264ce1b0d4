import { useId, useMemo } from "react";
import { groupEventTypes } from "../../../model/eventTypeGroups";
import { EventTypeGroupView } from "./EventTypeGroupView";

interface Props {
  /** The checklist's accessible name, e.g. "Event types sent to https://…". */
  label: string;
  types: readonly string[];
  checked: ReadonlySet<string>;
  /** Checked and not to be changed here: sent for every connection by a rule of the endpoint. */
  locked?: ReadonlySet<string>;
  onToggle: (type: string, checked: boolean) => void;
}

/** Event types as checkboxes in groups: sync, connection and system open, each entity's collapsed with a count. */
export function EventTypeChecklist({ label, types, checked, locked, onToggle }: Props) {
  const groups = useMemo(() => groupEventTypes(types), [types]);
  const idPrefix = useId();
  return (
    <div className="event-checklist" role="group" aria-label={label}>
      {groups
        .filter((group) => !group.entity)
        .map((group) => (
          <EventTypeGroupView key={group.id} idPrefix={idPrefix} group={group} checked={checked} locked={locked} onToggle={onToggle} />
        ))}
      <div className="entity-groups">
        {groups
          .filter((group) => group.entity)
          .map((group) => (
            <EventTypeGroupView key={group.id} idPrefix={idPrefix} group={group} checked={checked} locked={locked} onToggle={onToggle} />
          ))}
      </div>
    </div>
  );
}
