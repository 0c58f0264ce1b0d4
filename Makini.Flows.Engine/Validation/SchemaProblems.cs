using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Makini.Flows.Engine.Validation;

/// <summary>
/// Turns NJsonSchema's nested validation errors into flat problems with RFC 6901 pointers and plain
/// messages (one problem per actual mistake, not one per failed alternative).
/// </summary>
internal static class SchemaProblems
{
    public static List<FlowProblem> Of(ICollection<ValidationError> errors)
    {
        var result = new List<FlowProblem>();
        foreach (var error in errors)
            Flatten(error, result);
        // A value that is not an object also "misses" every required property: report only the first.
        var notObjects = result
            .Where(r => r.Message.StartsWith("expected object", StringComparison.Ordinal))
            .Select(r => r.Pointer)
            .ToHashSet();
        return result
            .Where(r =>
                !(
                    r.Message.StartsWith("required property", StringComparison.Ordinal)
                    && notObjects.Contains(ParentPointer(r.Pointer))
                )
            )
            .Distinct()
            .OrderBy(e => e.Line ?? int.MaxValue)
            .ThenBy(e => e.Column ?? int.MaxValue)
            .ThenBy(e => e.Pointer, StringComparer.Ordinal)
            .ToList();
    }

    private static void Flatten(ValidationError e, List<FlowProblem> into)
    {
        switch (e)
        {
            case ChildSchemaValidationError c
                when e.Kind is ValidationErrorKind.NotOneOf or ValidationErrorKind.NotAnyOf:
                FlattenAlternatives(c, into);
                return;
            case ChildSchemaValidationError c: // ArrayItemNotValid, AdditionalPropertiesNotValid, AdditionalItemNotValid, NotAllOf
                foreach (var child in c.Errors.Values.SelectMany(v => v))
                    Flatten(child, into);
                return;
            case MultiTypeValidationError m: // "type": [a, b] and none matched
                into.Add(
                    Make(
                        e,
                        Pointer(e),
                        $"expected {TypeList(m.Schema.Type)} but found {Found(e.Token)}"
                    )
                );
                return;
            default:
                into.Add(Make(e, Pointer(e), Message(e)));
                return;
        }
    }

    private static void FlattenAlternatives(ChildSchemaValidationError c, List<FlowProblem> into)
    {
        var branches = c.Errors.ToList();
        if (branches.Count == 1)
        {
            foreach (var x in branches[0].Value)
                Flatten(x, into);
            return;
        }

        if (branches.Count(b => b.Value.Count == 0) > 1)
        {
            into.Add(Make(c, Pointer(c), "matches more than one of the allowed forms"));
            return;
        }

        // "Tagged by key" union: every branch is a closed object with exactly one required key.
        var keys = branches
            .Select(b => b.Key.ActualSchema)
            .Select(s =>
                s.RequiredProperties.Count == 1 && !s.AllowAdditionalProperties
                    ? s.RequiredProperties.First()
                    : null
            )
            .ToList();
        if (keys.All(k => k is not null))
        {
            var allowed = string.Join(", ", keys.Select(k => $"'{k}'"));
            if (c.Token is not JObject obj)
            {
                if (!c.Schema.ActualSchema.Type.HasFlag(JsonObjectType.Object)) // else ObjectExpected is already reported
                    into.Add(
                        Make(
                            c,
                            Pointer(c),
                            $"expected object with exactly one of {allowed} but found {Found(c.Token)}"
                        )
                    );
                return;
            }
            var present = obj.Properties().Select(p => p.Name).ToList();
            var matching = present.Where(keys.Contains).ToList();
            if (present.Count == 1 && matching.Count == 1) // right shape, wrong value: report the value's own errors
            {
                foreach (var x in branches[keys.IndexOf(matching[0])].Value)
                    Flatten(x, into);
                return;
            }
            var found =
                present.Count == 0 ? "none" : string.Join(", ", present.Select(k => $"'{k}'"));
            into.Add(
                Make(c, Pointer(c), $"must have exactly one of the keys {allowed} (found: {found})")
            );
            return;
        }

        if (TryExplainByDiscriminator(c, branches, into))
            return;

        // Generic fallback: explain the closest alternative, among those of the value's kind (an object is explained
        // by the object form of "pointer or rule", not by "expected string").
        foreach (
            var x in branches
                .OrderBy(b => Admits(b.Key.ActualSchema, c.Token) ? 0 : 1)
                .ThenBy(b => b.Value.Count)
                .First()
                .Value
        )
            Flatten(x, into);
    }

    private static bool Admits(JsonSchema schema, JToken? token)
    {
        var kind = token?.Type switch
        {
            JTokenType.Object => JsonObjectType.Object,
            JTokenType.Array => JsonObjectType.Array,
            JTokenType.String => JsonObjectType.String,
            JTokenType.Integer => JsonObjectType.Integer | JsonObjectType.Number,
            JTokenType.Float => JsonObjectType.Number,
            JTokenType.Boolean => JsonObjectType.Boolean,
            JTokenType.Null => JsonObjectType.Null,
            _ => JsonObjectType.None,
        };
        return schema.Type == JsonObjectType.None
            || kind == JsonObjectType.None
            || (schema.Type & kind) != 0;
    }

    /// <summary>
    /// A union whose branches are objects told apart by one property with a single allowed value (a "type"
    /// discriminator): explain the branch the value names, or say which values are allowed.
    /// </summary>
    private static bool TryExplainByDiscriminator(
        ChildSchemaValidationError c,
        List<KeyValuePair<JsonSchema, ICollection<ValidationError>>> branches,
        List<FlowProblem> into
    )
    {
        var tags = branches.Select(b => Discriminator(b.Key.ActualSchema)).ToList();
        if (tags.Any(t => t is null) || tags.Select(t => t!.Value.Property).Distinct().Count() != 1)
            return false;
        if (c.Token is not JObject obj)
            return false;
        var property = tags[0]!.Value.Property;
        var value = obj[property];
        var chosen = tags.FindIndex(t => JToken.DeepEquals(t!.Value.Value, value));
        if (chosen >= 0)
        {
            foreach (var x in branches[chosen].Value)
                Flatten(x, into);
            return true;
        }
        var allowed = string.Join(", ", tags.Select(t => t!.Value.Value.ToString(Formatting.None)));
        var pointer = Pointer(c) + "/" + Escape(property);
        into.Add(
            Make(
                c,
                pointer,
                value is null
                    ? $"required property '{property}' is missing (one of: {allowed})"
                    : $"{Show(value)} is not one of: {allowed}"
            )
        );
        return true;
    }

    private static (string Property, JToken Value)? Discriminator(JsonSchema schema)
    {
        foreach (var (name, property) in schema.Properties)
            if (
                schema.RequiredProperties.Contains(name)
                && property.ActualSchema.Enumeration.Count == 1
            )
                return (name, JToken.FromObject(property.ActualSchema.Enumeration.First()!));
        return null;
    }

    // ---------------- messages ----------------

    private static string Message(ValidationError e)
    {
        var s = e.Schema?.ActualSchema;
        var t = e.Token;
        return e.Kind switch
        {
            ValidationErrorKind.PropertyRequired => $"required property '{e.Property}' is missing",
            ValidationErrorKind.NoAdditionalPropertiesAllowed =>
                $"unexpected property '{e.Property}'",
            ValidationErrorKind.StringExpected => $"expected string but found {Found(t)}",
            ValidationErrorKind.NumberExpected => $"expected number but found {Found(t)}",
            ValidationErrorKind.IntegerExpected => $"expected integer but found {Found(t)}",
            ValidationErrorKind.BooleanExpected => $"expected boolean but found {Found(t)}",
            ValidationErrorKind.ObjectExpected => $"expected object but found {Found(t)}",
            ValidationErrorKind.ArrayExpected => $"expected array but found {Found(t)}",
            ValidationErrorKind.NullExpected => $"expected null but found {Found(t)}",
            ValidationErrorKind.PatternMismatch => $"{Show(t)} does not match pattern {s?.Pattern}",
            ValidationErrorKind.NotInEnumeration =>
                $"{Show(t)} is not one of: {string.Join(", ", s?.Enumeration.Select(v => v?.ToString()) ?? [])}",
            ValidationErrorKind.StringTooShort =>
                $"must be at least {s?.MinLength} characters long",
            ValidationErrorKind.StringTooLong => $"must be at most {s?.MaxLength} characters long",
            ValidationErrorKind.NumberTooSmall
            or ValidationErrorKind.NumberTooBig
            or ValidationErrorKind.IntegerTooBig => $"{Show(t)} is out of range",
            ValidationErrorKind.TooFewItems => $"must have at least {s?.MinItems} items",
            ValidationErrorKind.TooManyItems => $"must have at most {s?.MaxItems} items",
            ValidationErrorKind.ItemsNotUnique => "items must be unique",
            ValidationErrorKind.TooManyProperties =>
                $"must have at most {s?.MaxProperties} properties",
            ValidationErrorKind.TooFewProperties =>
                $"must have at least {s?.MinProperties} properties",
            ValidationErrorKind.ExcludedSchemaValidates => "matches a forbidden form",
            _ => $"invalid value ({e.Kind})",
        };
    }

    private static string Found(JToken? t) =>
        t?.Type switch
        {
            JTokenType.Integer or JTokenType.Float => "number",
            JTokenType.String
            or JTokenType.Date
            or JTokenType.Guid
            or JTokenType.Uri
            or JTokenType.TimeSpan => "string",
            JTokenType.Boolean => "boolean",
            JTokenType.Null or null => "null",
            JTokenType.Object => "object",
            JTokenType.Array => "array",
            JTokenType.Property => "property",
            var other => other.ToString()!.ToLowerInvariant(),
        };

    private static string Show(JToken? t)
    {
        var text = t is null ? "null" : t.ToString(Formatting.None);
        return text.Length > 60 ? text[..57] + "..." : text;
    }

    private static string TypeList(JsonObjectType type) =>
        string.Join(
            " or ",
            Enum.GetValues<JsonObjectType>()
                .Where(v => v != JsonObjectType.None && type.HasFlag(v))
                .Select(v => v.ToString().ToLowerInvariant())
        );

    private static FlowProblem Make(ValidationError e, string pointer, string message) =>
        FlowProblem.Error(ProblemCodes.Schema, pointer, message) with
        {
            Line = e.HasLineInfo ? e.LineNumber : null,
            Column = e.HasLineInfo ? e.LinePosition : null,
        };

    // ---------------- RFC 6901 pointers ----------------

    /// Pointer of the offending location, built from the JToken parent chain (exact; no string parsing).
    /// NJsonSchema's own Path ("#/activities[0].inputs.text") is built by concatenation, is not escaped,
    /// and uses Newtonsoft's ['a.b'] form inside oneOf/dictionaries, so it is ambiguous for odd keys.
    public static string Pointer(ValidationError e)
    {
        if (e.Token is null)
            return PathToPointer(e.Path);
        var basePtr = TokenPointer(e.Token);
        // PropertyRequired: Token is the parent object and Property the missing key.
        return e.Kind == ValidationErrorKind.PropertyRequired
            ? basePtr + "/" + Escape(e.Property ?? "")
            : basePtr;
    }

    /// <summary>The document and every token inside it.</summary>
    public static IEnumerable<JToken> Tokens(JToken document) =>
        document is JContainer container ? container.DescendantsAndSelf() : [document];

    public static string TokenPointer(JToken token)
    {
        var segments = new List<string>();
        for (JToken? cur = token; cur is not null; cur = cur.Parent)
        {
            if (cur is JProperty p)
                segments.Add(Escape(p.Name));
            else if (cur.Parent is JArray a)
                segments.Add(a.IndexOf(cur).ToString(CultureInfo.InvariantCulture));
        }
        segments.Reverse();
        return segments.Count == 0 ? "" : "/" + string.Join("/", segments);
    }

    private static string ParentPointer(string pointer) =>
        pointer[..Math.Max(0, pointer.LastIndexOf('/'))];

    public static string Escape(string name) => name.Replace("~", "~0").Replace("/", "~1");

    /// Best-effort fallback for Newtonsoft/NJsonSchema paths: "#/a[0].b", "a['x.y'][2]", and System.Text.Json's
    /// "$.a[0].b".
    public static string PathToPointer(string? path)
    {
        if (string.IsNullOrEmpty(path))
            return "";
        var p =
            path.StartsWith("#/", StringComparison.Ordinal) ? path[2..]
            : path.StartsWith('$') ? path[1..]
            : path;
        var segs = new List<string>();
        var i = 0;
        while (i < p.Length)
        {
            if (p[i] == '.')
            {
                i++;
                continue;
            }
            if (p[i] == '[')
            {
                if (i + 1 < p.Length && p[i + 1] == '\'')
                {
                    var sb = new System.Text.StringBuilder();
                    i += 2;
                    while (i < p.Length && p[i] != '\'')
                    {
                        if (p[i] == '\\' && i + 1 < p.Length)
                            i++;
                        sb.Append(p[i++]);
                    }
                    i += 2; // skip "']"
                    segs.Add(Escape(sb.ToString()));
                }
                else
                {
                    var end = p.IndexOf(']', i);
                    segs.Add(p[(i + 1)..end]);
                    i = end + 1;
                }
                continue;
            }
            var j = i;
            while (j < p.Length && p[j] != '.' && p[j] != '[')
                j++;
            segs.Add(Escape(p[i..j]));
            i = j;
        }
        return segs.Count == 0 ? "" : "/" + string.Join("/", segs);
    }
}
