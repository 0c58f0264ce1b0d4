import { describe, expect, it } from "vitest";
import type { MappingDocument, MappingRule } from "../src/api/mappingTypes";
import { ProblemError } from "../src/api/problem";
import { applyCompletion, completionAt, memberNames } from "../src/editor/completion";
import { documentDiff, pointerLabel, previewRows } from "../src/model/mappingDiff";
import {
  addCustomField,
  buildDocument,
  customFieldProblems,
  draftOf,
  fieldChanged,
  mapByDefault,
  normalizedDocument,
  omitField,
  removeCustomField,
  setFieldRule,
  undoField,
  updateCustomField,
} from "../src/model/mappingDraft";
import { countProblems, placeProblems, refusedDocumentProblems } from "../src/model/mappingProblems";
import { describeRule, formatValue, formToRule, parseConstant, ruleToForm } from "../src/model/mappingRules";

const defaults: Record<string, MappingRule> = {
  key: "/id",
  title: "/title",
  code: { path: "/number", type: "string" },
  severity: "/priority",
};

// The contract's example (docs/mappings.md).
const saved: MappingDocument = {
  fields: {
    title: "/summary",
    priority: { path: "/prio", values: { "1": "low", "2": "medium", "3": "high" } },
    dueDate: { path: "/due", type: "epochSeconds" },
    description: { value: "no description" },
    isUrgent: { js: "raw.prio >= 3 && record.status !== 'closed'" },
    assignee: null,
  },
  customFields: {
    costCenter: { type: "string", path: "/cost_center", description: "SAP cost centre" },
    ageDays: { type: "integer", csharp: '(DateTime.UtcNow - DateTime.Parse((string)raw["created"])).Days' },
  },
};

describe("a rule in the editor's form and back", () => {
  it.each<[string, MappingRule]>([
    ["a pointer", "/summary"],
    ["a value table", { path: "/prio", values: { "1": "low", "2": "medium", "3": "high" } }],
    ["a conversion", { path: "/due", type: "epochSeconds" }],
    ["a constant", { value: "no description" }],
    ["JavaScript", { js: "raw.prio >= 3" }],
    ["C#", { csharp: 'raw["prio"]' }],
  ])("keeps %s as it was", (_, rule) => {
    expect(formToRule(ruleToForm(rule), "string")).toEqual(rule);
  });

  it("keeps the text of every kind when the kind changes", () => {
    const form = { ...ruleToForm({ js: "raw.a" }), path: "/a" };
    expect(formToRule({ ...form, kind: "path" })).toBe("/a");
    expect(formToRule(form)).toEqual({ js: "raw.a" });
  });

  it("converts constants and table values to the field's type", () => {
    expect(parseConstant("12", "integer")).toBe(12);
    expect(parseConstant("12", "string")).toBe("12");
    expect(parseConstant("twelve", "number")).toBe("twelve");
    expect(parseConstant("TRUE", "boolean")).toBe(true);
    const form = { ...ruleToForm("/prio"), kind: "table" as const, rows: [{ from: "1", to: "10" }, { from: "", to: "" }, { from: "2", to: "20" }] };
    expect(formToRule(form, "number")).toEqual({ path: "/prio", values: { "1": 10, "2": 20 } });
  });

  it("reads a custom field's definition: its type is the field's, sourceType a conversion", () => {
    const form = ruleToForm({ type: "integer", path: "/n", sourceType: "string", description: "d" }, true);
    expect(form).toMatchObject({ kind: "path", path: "/n", extra: { sourceType: "string" } });
  });

  it("describes rules in a few words", () => {
    expect(describeRule("/title")).toBe("/title");
    expect(describeRule(null)).toBe("left out");
    expect(describeRule({ path: "/prio", values: { a: 1, b: 2 } })).toBe("/prio → 2 values");
    expect(describeRule({ path: "/due", type: "epochSeconds" })).toBe("/due as epochSeconds");
    expect(describeRule({ value: "x" })).toBe('= "x"');
    expect(describeRule({ js: "raw.a\n  + 1" })).toBe("JS: raw.a + 1");
    expect(formatValue(undefined)).toBe("—");
    expect(formatValue({ a: 1 })).toBe('{"a":1}');
  });
});

describe("the draft and the document it stands for", () => {
  it("gives back the saved document when nothing changed", () => {
    expect(buildDocument(draftOf(saved), defaults)).toEqual(saved);
    expect(buildDocument(draftOf(null), defaults)).toEqual({});
    expect(normalizedDocument({ fields: {}, customFields: {} })).toEqual({});
  });

  it("holds only the fields the user changed, not rules that repeat the default", () => {
    let draft = draftOf(null);
    draft = setFieldRule(draft, "title", "/description");
    draft = setFieldRule(draft, "code", { path: "/number", type: "string" });
    draft = omitField(draft, "severity");
    expect(buildDocument(draft, defaults)).toEqual({ fields: { title: "/description", severity: null } });
    expect(buildDocument(mapByDefault(draft, "title"), defaults)).toEqual({ fields: { severity: null } });
  });

  it("undoes a field's change back to the saved rule, or to the default", () => {
    let draft = setFieldRule(draftOf(saved), "title", { js: "raw.x" });
    expect(fieldChanged(draft, saved, "title")).toBe(true);
    draft = undoField(draft, saved, "title");
    expect(draft.fields.title).toBe("/summary");
    expect(fieldChanged(draft, saved, "title")).toBe(false);
    draft = setFieldRule(draft, "key", "/other");
    expect(undoField(draft, saved, "key").fields).not.toHaveProperty("key");
    expect(fieldChanged(omitField(draftOf(null), "title"), null, "title")).toBe(true);
  });

  it("adds, renames, retypes and removes custom fields", () => {
    let draft = addCustomField(draftOf(null), "costCenter");
    const id = draft.customFields[0].id;
    draft = updateCustomField(draft, id, { source: { ...draft.customFields[0].source, kind: "js", js: "'CC-' + raw.siteId" } });
    expect(buildDocument(draft)).toEqual({ customFields: { costCenter: { type: "string", js: "'CC-' + raw.siteId" } } });
    draft = updateCustomField(draft, id, { name: "cost_centre", type: "integer", description: " the centre " });
    expect(buildDocument(draft)).toEqual({
      customFields: { cost_centre: { type: "integer", description: "the centre", js: "'CC-' + raw.siteId" } },
    });
    expect(draft.customFields[0].id).toBe(id);
    draft = addCustomField(draft);
    expect(draft.customFields[1].name).toBe("customField1");
    expect(buildDocument(removeCustomField(draft, id)).customFields).toEqual({ customField1: { type: "string", path: "" } });
  });

  it("names what stops custom fields being saved", () => {
    let draft = draftOf(null);
    for (const name of ["a", "a", "bad name", "title", "ok_1", "x"]) draft = addCustomField(draft, name);
    const [a1, a2, bad, title, ok, unnamed] = draft.customFields;
    const problems = customFieldProblems(updateCustomField(draft, unnamed.id, { name: " " }), ["title"]);
    expect(problems[a1.id]).toContain("used twice");
    expect(problems[a2.id]).toContain("used twice");
    expect(problems[bad.id]).toContain("letters, digits and _");
    expect(problems[title.id]).toContain("unified field");
    expect(problems[ok.id]).toBeUndefined();
    expect(problems[unnamed.id]).toBe("Give the field a name.");
  });
});

describe("what changes, for display", () => {
  it("lists document changes member by member, with escaped pointers", () => {
    const after: MappingDocument = {
      fields: { ...saved.fields, title: { js: "raw.a" }, "a/b": "/x", assignee: "/owner" },
      customFields: { costCenter: saved.customFields!.costCenter },
    };
    delete after.fields!.description;
    expect(documentDiff(saved, after)).toEqual([
      { pointer: "/fields/title", op: "replace", before: "/summary", after: { js: "raw.a" } },
      { pointer: "/fields/description", op: "remove", before: { value: "no description" } },
      { pointer: "/fields/assignee", op: "replace", before: null, after: "/owner" },
      { pointer: "/fields/a~1b", op: "add", after: "/x" },
      { pointer: "/customFields/ageDays", op: "remove", before: saved.customFields!.ageDays },
    ]);
    expect(documentDiff(null, {})).toEqual([]);
    expect(documentDiff(null, { fields: { title: "/a" } })).toEqual([{ pointer: "/fields/title", op: "add", after: "/a" }]);
    expect(documentDiff({ customFields: { a: { type: "string", value: 1 } } }, {})).toEqual([
      { pointer: "/customFields/a", op: "remove", before: { type: "string", value: 1 } },
    ]);
    expect(pointerLabel("/fields/a~1b")).toBe("fields › a/b");
  });

  it("shows a previewed record field by field, custom fields by name, changed ones marked", () => {
    const rows = previewRows({
      key: "WO-1",
      before: { key: "WO-1", title: "Pump", severity: "high", customFields: {}, mappingErrors: [] },
      after: { key: "WO-1", title: "Repair", customFields: { costCenter: "CC-1" }, mappingErrors: [{ field: "x", message: "m" }] },
      changes: [{ field: "title", before: "Pump", after: "Repair" }],
      errors: [],
    });
    expect(rows).toEqual([
      { field: "key", before: "WO-1", after: "WO-1", changed: false },
      { field: "title", before: "Pump", after: "Repair", changed: true },
      { field: "customFields.costCenter", before: undefined, after: "CC-1", changed: true },
      { field: "severity", before: "high", after: undefined, changed: true },
    ]);
  });
});

describe("problems of a refused document, placed by pointer", () => {
  it("puts each problem under its field or custom field, the rest apart", async () => {
    const error = await ProblemError.fromResponse(
      new Response(
        JSON.stringify({
          title: "Invalid mapping",
          errors: [
            { pointer: "/fields/title/js", message: "Unexpected token", line: 1, column: 7 },
            { pointer: "/customFields/cost~1Center/type", message: "Unknown type" },
            { pointer: "/other", message: "What is this?" },
          ],
        }),
        { status: 400, headers: { "Content-Type": "application/problem+json" } },
      ),
    );
    const placed = refusedDocumentProblems(error)!;
    expect(placed.fields.title).toEqual([{ pointer: "/fields/title/js", message: "Unexpected token", line: 1, column: 7, severity: "error" }]);
    expect(placed.customFields["cost/Center"][0].message).toBe("Unknown type");
    expect(placed.other.map((p) => p.message)).toEqual(["What is this?"]);
    expect(countProblems(placed)).toBe(3);
    expect(refusedDocumentProblems(new ProblemError(500, "Boom", undefined, undefined, []))).toBeNull();
    expect(placeProblems([{ pointer: "/fields/a", message: "w" }], "warning").fields.a[0].severity).toBe("warning");
  });
});

describe("completion of raw. and record. in expressions", () => {
  const sources = { raw: memberNames(["/title", "/siteId", "/asset/name", "/tasks/0/title", "/a-b"], "js"), record: ["title", "siteKey"] };

  it("names the source fields as JavaScript members", () => {
    expect(sources.raw).toEqual(["asset", "asset.name", "siteId", "tasks", "title"]);
    expect(memberNames(["/asset/name", "/a-b"], "cs")).toEqual(["a-b", "asset"]);
  });

  it("offers the names after raw. that start with what is typed", () => {
    const text = "'CC-' + raw.si";
    const completion = completionAt(text, text.length, "js", sources)!;
    expect(completion.items.map((i) => i.label)).toEqual(["siteId"]);
    expect(applyCompletion(text + " + 1", text.length, completion, completion.items[0])).toEqual({ text: "'CC-' + raw.siteId + 1", caret: 18 });
    expect(completionAt("raw.", 4, "js", sources)!.items).toHaveLength(5);
    expect(completionAt("record.s", 8, "js", sources)!.items.map((i) => i.label)).toEqual(["siteKey"]);
    expect(completionAt("raw.title", 9, "js", sources)).toBeNull();
    expect(completionAt("x.raw.t", 7, "js", sources)).toBeNull();
    expect(completionAt("other.t", 7, "js", sources)).toBeNull();
  });

  it("closes the indexer in C#", () => {
    const text = '(string)raw["ti';
    const completion = completionAt(text, text.length, "cs", { raw: ["title"] })!;
    expect(applyCompletion(text, text.length, completion, completion.items[0]).text).toBe('(string)raw["title"]');
  });
});
