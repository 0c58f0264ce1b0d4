// Completion of member names in an expression: after `raw.` (JavaScript) or `raw["` (C#) the code editor
// offers the fields found in the source records, after `record.` / `record["` the unified fields.

/** Names offered after each object an expression sees, e.g. { raw: ["title", "asset.name"], record: ["title"] }. */
export type CompletionSources = Readonly<Record<string, readonly string[]>>;

export interface CompletionItem {
  label: string;
  /** What replaces the typed prefix. */
  insert: string;
}

export interface Completion {
  /** Where the typed prefix starts (it ends at the caret). */
  from: number;
  items: CompletionItem[];
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * The names to offer at the caret, or null when the caret does not follow `object.` / `object["` (with what
 * has been typed of a name). A name typed in full is not offered again.
 */
export function completionAt(text: string, caret: number, language: "js" | "cs", sources: CompletionSources, max = 50): Completion | null {
  const before = text.slice(0, caret);
  const pattern = language === "js" ? /(?:^|[^\w$.])([A-Za-z_$][\w$]*)\.([\w$.]*)$/ : /(?:^|[^\w$.])([A-Za-z_$][\w$]*)\["([^"\n]*)$/;
  const match = pattern.exec(before);
  if (!match) return null;
  const names = sources[match[1]];
  if (!names) return null;
  const prefix = match[2];
  const lower = prefix.toLowerCase();
  const items = names
    .filter((name) => name.toLowerCase().startsWith(lower) && name !== prefix)
    .slice(0, max)
    .map((name) => ({ label: name, insert: language === "js" ? name : `${name}"]` }));
  return items.length > 0 ? { from: caret - prefix.length, items } : null;
}

/** The text with the prefix replaced by the item, and where the caret goes (after it). */
export function applyCompletion(text: string, caret: number, completion: Completion, item: CompletionItem): { text: string; caret: number } {
  const next = text.slice(0, completion.from) + item.insert + text.slice(caret);
  return { text: next, caret: completion.from + item.insert.length };
}

function unescape(token: string): string {
  return token.replace(/~1/g, "/").replace(/~0/g, "~");
}

/**
 * Member names for JSON pointers of the source records: "/asset/name" is `asset.name` in JavaScript; C# reads
 * one level (`raw["asset"]`), so it gets the first token. Tokens that are not names (array indexes, "a-b")
 * end the JavaScript name there.
 */
export function memberNames(paths: readonly string[], language: "js" | "cs"): string[] {
  const names = new Set<string>();
  for (const path of paths) {
    const tokens = path.replace(/^\//, "").split("/").map(unescape);
    if (tokens.length === 0 || tokens[0] === "") continue;
    if (language === "cs") {
      names.add(tokens[0]);
      continue;
    }
    const parts: string[] = [];
    for (const token of tokens) {
      if (!IDENTIFIER.test(token)) break;
      parts.push(token);
      names.add(parts.join("."));
    }
  }
  return [...names].sort((a, b) => a.localeCompare(b));
}

/** What the code editor offers in each language. */
export interface ExpressionCompletions {
  js: CompletionSources;
  cs: CompletionSources;
}

/** `raw` from the source records' fields, `record` from the unified fields. */
export function expressionCompletions(sourcePaths: readonly string[], unifiedFields: readonly string[]): ExpressionCompletions {
  const record = [...unifiedFields].sort((a, b) => a.localeCompare(b));
  return { js: { raw: memberNames(sourcePaths, "js"), record }, cs: { raw: memberNames(sourcePaths, "cs"), record } };
}
