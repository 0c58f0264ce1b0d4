// A small tokenizer for JavaScript and C# expressions, enough to colour them in the code editor.

export type TokenKind = "keyword" | "string" | "number" | "comment" | "name" | "punct" | "space";

export interface Token {
  kind: TokenKind;
  text: string;
}

const JS_KEYWORDS = new Set(
  "break case catch const continue default delete do else false finally for function if in instanceof let new null of return switch this throw true try typeof undefined var void while yield await async".split(
    " ",
  ),
);
const CS_KEYWORDS = new Set(
  "as base bool break byte case catch char checked class const continue decimal default do double else enum false finally float for foreach if in int is long new null object out ref return sbyte short sizeof static string switch this throw true try typeof uint ulong ushort using var void while dynamic await async".split(
    " ",
  ),
);

const PATTERNS: [TokenKind, RegExp][] = [
  ["space", /\s+/y],
  ["comment", /\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$)/y],
  ["string", /"(?:\\.|[^"\\\n])*"?|'(?:\\.|[^'\\\n])*'?|`(?:\\[\s\S]|[^`\\])*`?|@"(?:""|[^"])*"?|\$"(?:\\.|[^"\\\n])*"?/y],
  ["number", /\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?[mMdDfFlLuU]?/y],
  ["name", /[A-Za-z_$][\w$]*/y],
  ["punct", /[\s\S]/y],
];

export function tokenize(source: string, language: "js" | "cs"): Token[] {
  const keywords = language === "js" ? JS_KEYWORDS : CS_KEYWORDS;
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    for (const [kind, pattern] of PATTERNS) {
      if (kind === "string" && language === "js" && source[index] === "@") continue;
      pattern.lastIndex = index;
      const match = pattern.exec(source);
      if (!match || match[0].length === 0) continue;
      const text = match[0];
      tokens.push({ kind: kind === "name" && keywords.has(text) ? "keyword" : kind, text });
      index += text.length;
      break;
    }
  }
  return tokens;
}
