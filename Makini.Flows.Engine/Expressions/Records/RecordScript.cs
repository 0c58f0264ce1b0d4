using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Makini.Flows.Engine.Expressions.CSharp;
using Makini.Flows.Engine.Expressions.JavaScript;
using Makini.Flows.Engine.Runtime;

namespace Makini.Flows.Engine.Expressions.Records;

/// <summary>The language of a record script.</summary>
public enum ScriptLanguage
{
    JavaScript,
    CSharp,
}

/// <summary>What one record's evaluation gave: its value, or the message of its failure.</summary>
public readonly record struct RecordScriptResult(JsonNode? Value, string? Error);

/// <summary>
/// A mapping expression over one record: it sees <c>raw</c> (the source record) and <c>record</c> (the unified
/// record the declarative mapping made). It is compiled as a flow expression whose first line binds those two names
/// to the values a flow expression receives (<c>input</c> and <c>item</c>), only for the names the script uses, so a
/// C# script sends the host only what it reads. When every use of <c>raw</c> reads a named property of it
/// (<c>raw.siteId</c>, <c>raw["siteId"]</c>), only those properties of the source record are converted to JavaScript
/// or sent to the host: the script cannot tell the difference. Positions in errors are those of the user's own text.
/// </summary>
public sealed partial class RecordScript
{
    private readonly FlowEngine _engine;
    private readonly JavaScriptExpression? _javaScript;
    private readonly CSharpExpression? _cSharp;
    private readonly int _prefixLength;
    private readonly FrozenSet<string>? _rawFields;

    private RecordScript(
        FlowEngine engine,
        ScriptLanguage language,
        string source,
        JavaScriptExpression? javaScript,
        CSharpExpression? cSharp,
        int prefixLength,
        bool readsRaw,
        bool readsRecord,
        FrozenSet<string>? rawFields
    )
    {
        _engine = engine;
        _rawFields = rawFields;
        Language = language;
        Source = source;
        _javaScript = javaScript;
        _cSharp = cSharp;
        _prefixLength = prefixLength;
        ReadsRaw = readsRaw;
        ReadsRecord = readsRecord;
    }

    public ScriptLanguage Language { get; }
    public string Source { get; }

    /// <summary>Whether the script names <c>raw</c>; when not, callers need not build it.</summary>
    public bool ReadsRaw { get; }

    /// <summary>Whether the script names <c>record</c>; when not, callers need not build it.</summary>
    public bool ReadsRecord { get; }

    /// <summary>
    /// The properties of <c>raw</c> the script reads, when it reads <c>raw</c> only by naming them; null when it may
    /// read the whole record (passes it on, enumerates it, reads a computed name).
    /// </summary>
    public IReadOnlySet<string>? RawFields => _rawFields;

    /// <summary>Compiles the script; throws <see cref="ScriptSyntaxException"/> with every problem.</summary>
    public static RecordScript Compile(FlowEngine engine, ScriptLanguage language, string source)
    {
        var readsRaw = RawName().IsMatch(source);
        var readsRecord = RecordName().IsMatch(source);
        var rawFields = readsRaw ? RawFieldsOf(language, source) : null;
        var prefix = Prefix(language, readsRaw, readsRecord);
        var text = prefix + source;
        try
        {
            return language == ScriptLanguage.JavaScript
                ? new RecordScript(
                    engine,
                    language,
                    source,
                    JavaScriptExpression.Compile(text, engine.Options.ScriptLimits),
                    null,
                    prefix.Length,
                    readsRaw,
                    readsRecord,
                    rawFields
                )
                : new RecordScript(
                    engine,
                    language,
                    source,
                    null,
                    engine.Compiler.CompileCSharpSource(text),
                    prefix.Length,
                    readsRaw,
                    readsRecord,
                    rawFields
                );
        }
        catch (ScriptSyntaxException syntax)
        {
            throw new ScriptSyntaxException([
                .. syntax.Errors.Select(e => Unshift(e, prefix.Length)),
            ]);
        }
    }

    // Names an object has without owning them: reading one of those is not reading a field of the record.
    private static readonly FrozenSet<string> ObjectMembers = FrozenSet.Create(
        StringComparer.Ordinal,
        "constructor",
        "hasOwnProperty",
        "isPrototypeOf",
        "propertyIsEnumerable",
        "toLocaleString",
        "toString",
        "valueOf",
        "__proto__",
        "__defineGetter__",
        "__defineSetter__",
        "__lookupGetter__",
        "__lookupSetter__"
    );

    /// <summary>
    /// The properties of <c>raw</c> a script reads, when each use of the name is followed by a property named in the
    /// text (<c>raw.name</c>, <c>raw?.name</c>, <c>raw['name']</c> in JavaScript; <c>raw["name"]</c>,
    /// <c>raw!["name"]</c>, <c>raw?["name"]</c> in C#); null (the whole record) otherwise, or when the script names
    /// <c>input</c> (what <c>raw</c> is bound to) or JavaScript's <c>arguments</c>, which reach the record too.
    /// </summary>
    private static FrozenSet<string>? RawFieldsOf(ScriptLanguage language, string source)
    {
        if (InputName().IsMatch(source))
            return null;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match use in RawName().Matches(source))
        {
            var access =
                language == ScriptLanguage.JavaScript
                    ? JavaScriptAccess().Match(source, use.Index + use.Length)
                    : CSharpAccess().Match(source, use.Index + use.Length);
            if (!access.Success)
                return null;
            var name = access.Groups["name"].Value;
            if (language == ScriptLanguage.JavaScript && ObjectMembers.Contains(name))
                return null;
            names.Add(name);
        }
        return names.ToFrozenSet(StringComparer.Ordinal);
    }

    private static string Prefix(ScriptLanguage language, bool raw, bool record)
    {
        if (!raw && !record)
            return "";
        return language == ScriptLanguage.JavaScript
            ? "const "
                + string.Join(
                    ", ",
                    new[]
                    {
                        raw ? "raw = input" : null,
                        record ? "record = item" : null,
                    }.OfType<string>()
                )
                + "; "
            : (raw ? "var raw = input; " : "") + (record ? "var record = item; " : "");
    }

    private static ScriptError Unshift(ScriptError error, int prefixLength)
    {
        if (prefixLength == 0 || error.Line != 1)
            return error;
        var column = Math.Max(1, error.Column - prefixLength);
        var message = error.Message.Replace(
            $"(line 1, column {error.Column})",
            $"(line 1, column {column})",
            StringComparison.Ordinal
        );
        return error with { Column = column, Message = message };
    }

    /// <summary>
    /// Evaluates the script for each record (<paramref name="raws"/> and <paramref name="records"/> side by side):
    /// one request to a script host for all of them in C#, one sandboxed engine for all of them in JavaScript.
    /// A failure is that record's result; nothing throws.
    /// </summary>
    public void Evaluate(
        IReadOnlyList<JsonElement> raws,
        IReadOnlyList<JsonElement> records,
        Span<RecordScriptResult> results,
        CancellationToken cancellationToken = default
    )
    {
        if (_cSharp is not null)
        {
            // A host request has the script's time limit as a whole: pages go in slices, so a script that is merely
            // slow per record still fits.
            for (var start = 0; start < raws.Count; start += CSharpSlice)
            {
                var count = Math.Min(CSharpSlice, raws.Count - start);
                EvaluateCSharp(
                    Slice(raws, start, count),
                    Slice(records, start, count),
                    results.Slice(start, count)
                );
            }
        }
        else
            EvaluateJavaScript(raws, records, results, cancellationToken);
    }

    private const int CSharpSlice = 256;

    private static IReadOnlyList<JsonElement> Slice(
        IReadOnlyList<JsonElement> list,
        int start,
        int count
    ) =>
        start == 0 && count == list.Count ? list
        : list is JsonElement[] array ? new ArraySegment<JsonElement>(array, start, count)
        : [.. list.Skip(start).Take(count)];

    private void EvaluateCSharp(
        IReadOnlyList<JsonElement> raws,
        IReadOnlyList<JsonElement> records,
        Span<RecordScriptResult> results
    )
    {
        var contexts = new CSharpContext[raws.Count];
        for (var i = 0; i < contexts.Length; i++)
            contexts[i] = new CSharpContext(
                !ReadsRaw ? null
                    : _rawFields is null ? Node(raws[i])
                    : Only(raws[i], _rawFields),
                null,
                null,
                ReadsRecord ? Node(records[i]) : null,
                i
            );
        if (Stopped is { } stopped)
        {
            results.Fill(new RecordScriptResult(null, stopped));
            return;
        }
        var outcomes = new ScriptOutcome[contexts.Length];
        _engine.CSharpHosts.Evaluate(_cSharp!, contexts, outcomes);
        // A host that failed the whole request (past its time or memory, or crashed) counts as one runaway.
        if (
            outcomes.Length > 0
            && outcomes[0].Error is { } first
            && outcomes.All(o => o.Error == first)
            && first.StartsWith("the script ", StringComparison.Ordinal)
        )
            Ran(first);
        for (var i = 0; i < outcomes.Length; i++)
            results[i] = new RecordScriptResult(
                outcomes[i].Value,
                outcomes[i].Error is { } error ? Unshift(error) : null
            );
    }

    private void EvaluateJavaScript(
        IReadOnlyList<JsonElement> raws,
        IReadOnlyList<JsonElement> records,
        Span<RecordScriptResult> results,
        CancellationToken cancellationToken
    )
    {
        if (Stopped is { } stopped)
        {
            results.Fill(new RecordScriptResult(null, stopped));
            return;
        }
        var limits = _engine.Options.ScriptLimits;
        var pool = _engine.JavaScriptEngines;
        var engine = pool.Rent();
        var arguments = new Jint.Native.JsValue[5];
        arguments.AsSpan().Fill(Jint.Native.JsValue.Undefined);
        try
        {
            for (var i = 0; i < raws.Count; i++)
            {
                if (ReadsRaw)
                    arguments[0] = _rawFields is null
                        ? JsonToJs.Convert(engine, raws[i])
                        : JsonToJs.ConvertOnly(engine, raws[i], _rawFields);
                if (ReadsRecord)
                    arguments[3] = JsonToJs.Convert(engine, records[i]);
                try
                {
                    results[i] = new RecordScriptResult(
                        JsToJson.Convert(
                            engine.Call(_javaScript!, arguments, cancellationToken),
                            limits.MaxResultNodes
                        ),
                        null
                    );
                }
                catch (Exception exception)
                    when (JavaScriptRuntime.Describe(exception, _javaScript!, limits, engine)
                            is { } message
                    )
                {
                    results[i] = new RecordScriptResult(null, Unshift(message));
                    if (!IsRunaway(exception))
                        continue;
                    // An engine cut short mid-script may hold half-changed state: the rest run on a fresh one.
                    engine.Dispose();
                    engine = pool.Rent();
                    if (Ran(message))
                    {
                        results[(i + 1)..].Fill(new RecordScriptResult(null, Stopped!));
                        return;
                    }
                }
                catch (ScriptRuntimeException runtime)
                {
                    results[i] = new RecordScriptResult(null, Unshift(runtime.Message));
                }
            }
        }
        finally
        {
            pool.Return(engine);
        }
    }

    /// <summary>
    /// After this many evaluations cut short by a limit (time, statements, memory, recursion), the script is stopped
    /// for good: every later record fails at once, instead of each one running to the limit (an endless loop over
    /// 100,000 stored records would otherwise take days).
    /// </summary>
    public const int MaxRunaways = 3;

    private int _runaways;

    /// <summary>Set once the script is stopped: the error every later evaluation gets.</summary>
    public string? Stopped { get; private set; }

    private bool Ran(string message)
    {
        if (Interlocked.Increment(ref _runaways) < MaxRunaways)
            return false;
        Stopped ??=
            $"the script is stopped: it ran past its limits on {MaxRunaways} records (the last: {message}); fix it and save the mapping again";
        return true;
    }

    private static bool IsRunaway(Exception exception) =>
        exception
            is TimeoutException
                or RegexMatchTimeoutException
                or Jint.Runtime.StatementsCountOverflowException
                or Jint.Runtime.MemoryLimitExceededException
                or Jint.Runtime.RecursionDepthOverflowException;

    // Runtime messages name positions as "(line L, column C)"; those on the first line move back by the prefix.
    private string Unshift(string message) =>
        _prefixLength == 0
            ? message
            : LineOneColumn()
                .Replace(
                    message,
                    m =>
                        $"(line 1, column {Math.Max(1, int.Parse(m.Groups[1].Value) - _prefixLength)})"
                );

    private static JsonNode? Node(JsonElement element) =>
        element.ValueKind switch
        {
            JsonValueKind.Object => JsonObject.Create(element),
            JsonValueKind.Array => JsonArray.Create(element),
            JsonValueKind.Undefined or JsonValueKind.Null => null,
            _ => JsonValue.Create(element),
        };

    /// <summary>An object with only the named properties (in the record's order); anything else whole.</summary>
    private static JsonNode? Only(JsonElement element, FrozenSet<string> names)
    {
        if (element.ValueKind != JsonValueKind.Object)
            return Node(element);
        var only = new JsonObject();
        foreach (var property in element.EnumerateObject())
            if (names.Contains(property.Name))
                only[property.Name] = Node(property.Value);
        return only;
    }

    [GeneratedRegex(@"(?<![\w.$])(?:input|arguments)\b")]
    private static partial Regex InputName();

    [GeneratedRegex(
        @"\G(?:\??\.(?<name>[A-Za-z_$][\w$]*)|(?:\?\.)?\[\s*(?:'(?<name>[\w$]+)'|""(?<name>[\w$]+)"")\s*\])"
    )]
    private static partial Regex JavaScriptAccess();

    [GeneratedRegex(@"\G!?\??\[\s*""(?<name>\w+)""\s*\]")]
    private static partial Regex CSharpAccess();

    [GeneratedRegex(@"(?<![\w.$])raw\b")]
    private static partial Regex RawName();

    [GeneratedRegex(@"(?<![\w.$])record\b")]
    private static partial Regex RecordName();

    [GeneratedRegex(@"\(line 1, column (\d+)\)")]
    private static partial Regex LineOneColumn();
}
