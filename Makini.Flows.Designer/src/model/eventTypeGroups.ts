// A connection's webhook event types in groups: sync, connection and system events, then each entity's
// inserted/updated/deleted events.

export interface EventTypeGroup {
  /** "sync", "connection", "system", another prefix, or "entity:work-order". */
  id: string;
  label: string;
  /** An entity's events: shown collapsed by default. */
  entity: boolean;
  types: string[];
}

const ENTITY_KINDS: ReadonlySet<string> = new Set(["inserted", "updated", "deleted"]);
const FIXED: readonly { id: string; label: string }[] = [
  { id: "sync", label: "Sync" },
  { id: "connection", label: "Connection" },
  { id: "system", label: "System" },
];

/** "work-order" → "Work order"; a word of two letters is an abbreviation: "pm" → "PM". */
export function entityLabel(entity: string): string {
  const words = entity.split(/[-_]/).map((word) => (word.length <= 2 ? word.toUpperCase() : word));
  const text = words.join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function prefixAndKind(type: string): [string, string] {
  const dot = type.lastIndexOf(".");
  return dot < 0 ? [type, ""] : [type.slice(0, dot), type.slice(dot + 1)];
}

function isEntityType(type: string): boolean {
  const [prefix, kind] = prefixAndKind(type);
  return ENTITY_KINDS.has(kind) && !FIXED.some((f) => f.id === prefix.split(".")[0]);
}

/**
 * The types in groups, each keeping the server's order: sync, connection, system (those present), any other
 * platform prefix, then one group per entity in the order the entities first appear.
 */
export function groupEventTypes(types: readonly string[]): EventTypeGroup[] {
  const groups = new Map<string, EventTypeGroup>();
  for (const fixed of FIXED) groups.set(fixed.id, { ...fixed, entity: false, types: [] });
  const entities: EventTypeGroup[] = [];
  for (const type of types) {
    if (isEntityType(type)) {
      const entity = prefixAndKind(type)[0];
      const id = `entity:${entity}`;
      let group = groups.get(id);
      if (!group) {
        group = { id, label: entityLabel(entity), entity: true, types: [] };
        groups.set(id, group);
        entities.push(group);
      }
      group.types.push(type);
      continue;
    }
    const prefix = type.split(".")[0];
    let group = groups.get(prefix);
    if (!group) {
      group = { id: prefix, label: entityLabel(prefix), entity: false, types: [] };
      groups.set(prefix, group);
    }
    group.types.push(type);
  }
  const platform = [...groups.values()].filter((g) => !g.entity && g.types.length > 0);
  return [...platform, ...entities];
}

/** How many of the group's types are checked. */
export function checkedCount(group: EventTypeGroup, checked: ReadonlySet<string>): number {
  return group.types.filter((t) => checked.has(t)).length;
}

/** "1 of 3 chosen". */
export function countText(group: EventTypeGroup, checked: ReadonlySet<string>): string {
  return `${checkedCount(group, checked)} of ${group.types.length} chosen`;
}
