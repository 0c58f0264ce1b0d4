using System.Buffers;
using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Engine.Expressions.JavaScript;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Values;

namespace Makini.Flows.Engine.Tests.ScriptCorpus;

/// <summary>
/// The script corpus (<c>ScriptCorpus/*.json</c>, see its README): every script gives its frozen result on the
/// production path (the compiled code where it covers the script, Jint where not) and in plain Jint (the same
/// sandbox, no compiled code), byte for byte as the server writes JSON; its one-expression form gives the same.
/// A report tells how many scripts and one-expression forms the compiled path finishes by itself.
/// </summary>
public sealed class ScriptCorpusTests
{
    private static readonly FlowEngine Production = new();
    private static readonly FlowEngine PlainJint = new(
        options: new FlowEngineOptions { CompileJavaScript = false }
    );

    private static readonly Lazy<IReadOnlyDictionary<string, CorpusCase>> Corpus = new(() =>
        CorpusCase.LoadAll().ToDictionary(c => c.Id)
    );

    public static TheoryData<string> Cases => new(Corpus.Value.Keys.Order(StringComparer.Ordinal));

    public static TheoryData<string> CasesWithOneExpression =>
        new(
            Corpus
                .Value.Values.Where(c => c.OneExpression is not null)
                .Select(c => c.Id)
                .Order(StringComparer.Ordinal)
        );

    public static TheoryData<string> Conditions =>
        new(
            Corpus
                .Value.Values.Where(c => c.Kind == "condition" && c.Items is null)
                .Select(c => c.Id)
                .Order(StringComparer.Ordinal)
        );

    [Fact]
    public void The_corpus_holds_at_least_a_hundred_well_formed_cases()
    {
        var cases = Corpus.Value.Values.ToList();
        cases.Count.ShouldBeGreaterThanOrEqualTo(100);
        foreach (var c in cases)
        {
            c.Id.ShouldMatch(@"^\d{3}-[a-z0-9-]+$", "a case file is named NNN-name.json");
            c.Kind.ShouldBeOneOf("mapping", "condition");
            c.Description.ShouldNotBeNullOrWhiteSpace();
            c.Styles.ShouldNotBeEmpty($"{c.Id} should name its styles");
            c.HasExpected.ShouldBeTrue($"{c.Id} has no frozen expected result");
        }
        cases.Select(c => c.Id[..3]).Distinct().Count().ShouldBe(cases.Count, "numbers are unique");
        cases.Count(c => c.OneExpression is not null).ShouldBeGreaterThan(cases.Count / 2);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_script_gives_its_expected_result_on_the_production_path(string id)
    {
        var c = Corpus.Value[id];
        var actual = await RunAsync(Production, c, c.Script, "s");

        if (!c.HasExpected)
        {
            Freeze(c, actual.Answer);
            Assert.Fail($"{id} has no expected result; the production path gives {actual.Answer}");
        }
        ShouldMeanWhatTheScriptMeans(c, actual.Answer, "the production path");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_script_gives_in_plain_Jint_what_it_gives_on_the_production_path(string id)
    {
        var c = Corpus.Value[id];

        var jint = await RunAsync(PlainJint, c, c.Script, "j");
        var production = await RunAsync(Production, c, c.Script, "s");

        production.Answer.ShouldBe(
            jint.Answer,
            $"{id}: the production path answers otherwise than Jint"
        );
        if (c.HasExpected)
            ShouldMeanWhatTheScriptMeans(c, jint.Answer, "Jint");
    }

    [Theory]
    [MemberData(nameof(CasesWithOneExpression))]
    public async Task The_one_expression_form_gives_the_same_result_on_both_paths(string id)
    {
        var c = Corpus.Value[id];
        JavaScriptExpression
            .Compile(c.OneExpression!)
            .Syntax.Body.Count.ShouldBe(1, $"{id}: the one-expression form is one statement");

        var production = await RunAsync(Production, c, c.OneExpression!, "e");
        var jint = await RunAsync(PlainJint, c, c.OneExpression!, "k");

        production.Answer.ShouldBe(
            jint.Answer,
            $"{id}: the one-expression form answers otherwise than in Jint"
        );
        jint.Answer.ShouldBe(Expected(c), $"{id}: the one-expression form is not the same logic");
    }

    /// <summary>A run stored with the value the production path gave holds the same text as with Jint's.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_script_and_its_one_expression_form_are_stored_as_in_plain_Jint(string id)
    {
        var c = Corpus.Value[id];
        foreach (var script in new[] { c.Script, c.OneExpression }.OfType<string>())
        {
            var jint = await RunAsync(PlainJint, c, script, "m");
            var production = await RunAsync(Production, c, script, "n");
            if (c.KnownIssues.TryGetValue("stored", out var issue))
                KnownIssue(production.Stored == jint.Stored, c, "stored", issue);
            else
                production.Stored.ShouldBe(
                    jint.Stored,
                    $"{id}: stored otherwise than with Jint's value ({script})"
                );
        }
    }

    private static void ShouldMeanWhatTheScriptMeans(CorpusCase c, string answer, string path)
    {
        if (c.KnownIssues.TryGetValue("result", out var issue))
            KnownIssue(answer == Expected(c), c, "result", issue);
        else
            answer.ShouldBe(Expected(c), $"{c.Id} ({path}): {c.Description}");
    }

    /// <summary>A known issue of the script (the one-expression form is written to avoid it) skips the check while it shows, and fails it once it no longer does.</summary>
    private static void KnownIssue(bool passes, CorpusCase c, string kind, string issue)
    {
        if (passes)
            Assert.Fail(
                $"{c.Id}: the known issue no longer shows; remove knownIssues.{kind} from the case ({issue})"
            );
        Assert.Skip($"{c.Id}: known issue ({kind}): {issue}");
    }

    /// <summary>
    /// An If takes the branch that the condition's value means (JavaScript truthiness), on both paths. (Conditions
    /// evaluated per item are checked by their values above.)
    /// </summary>
    [Theory]
    [MemberData(nameof(Conditions))]
    public async Task A_condition_takes_the_branch_its_value_means(string id)
    {
        var c = Corpus.Value[id];
        var truthy = Truthy(c.Expected);
        foreach (var engine in new[] { Production, PlainJint })
        {
            var run = await engine.StartAsync(
                engine.Prepare(c.Branch(c.Script, $"corpus-{id[..3]}-if")),
                c.Input(),
                TestContext.Current.CancellationToken
            );
            run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
            run.Output?.GetValue<bool>().ShouldBe(truthy, $"{id}: the If took the other branch");
        }
    }

    /// <summary>
    /// Reports the share of scripts, and of their one-expression forms, that the compiled path runs from start to
    /// end on the case's input (compiled, and not handed over to Jint). Asserts only that the detection works.
    /// </summary>
    [Fact]
    public async Task Report_the_share_of_the_corpus_on_the_compiled_path()
    {
        var output = TestContext.Current.TestOutputHelper!;
        var rows = new List<(CorpusCase Case, PathTaken Script, PathTaken? Expression)>();
        foreach (var c in Corpus.Value.Values.OrderBy(c => c.Id, StringComparer.Ordinal))
            rows.Add(
                (
                    c,
                    await PathOfAsync(c, c.Script, "p"),
                    c.OneExpression is null ? null : await PathOfAsync(c, c.OneExpression, "q")
                )
            );

        var scripts = rows.Count;
        var scriptsCompiled = rows.Count(r => r.Script == PathTaken.Compiled);
        var scriptsHandedOver = rows.Count(r => r.Script == PathTaken.HandedOver);
        var expressions = rows.Count(r => r.Expression is not null);
        var expressionsCompiled = rows.Count(r => r.Expression == PathTaken.Compiled);
        var expressionsHandedOver = rows.Count(r => r.Expression == PathTaken.HandedOver);
        var report = new StringBuilder();
        report.AppendLine(
            $"scripts on the compiled path: {scriptsCompiled} of {scripts} ({Percent(scriptsCompiled, scripts)}); compiled but handed over to Jint on their input: {scriptsHandedOver}"
        );
        report.AppendLine(
            $"one-expression forms on the compiled path: {expressionsCompiled} of {expressions} ({Percent(expressionsCompiled, expressions)}); handed over: {expressionsHandedOver}"
        );
        var withBoth = rows.Where(r => r.Expression is not null).ToList();
        report.AppendLine(
            $"cases with a one-expression form: script compiled {withBoth.Count(r => r.Script == PathTaken.Compiled)} of {withBoth.Count}, its one-expression form compiled {withBoth.Count(r => r.Expression == PathTaken.Compiled)}"
        );
        foreach (var style in rows.SelectMany(r => r.Case.Styles).Distinct().Order())
        {
            var inStyle = rows.Where(r => r.Case.Styles.Contains(style)).ToList();
            report.AppendLine(
                $"  style {style}: {inStyle.Count(r => r.Script == PathTaken.Compiled)} of {inStyle.Count} scripts compiled"
            );
        }
        foreach (var (c, script, expression) in rows)
            report.AppendLine(
                $"{c.Id, -52} script: {script, -10} one expression: {expression?.ToString() ?? "-"}"
            );
        output.WriteLine(report.ToString());

        // The detector works: the benchmark flow's mapping (case 001, both forms) is compiled, a while loop is not,
        // and a compiled script that meets non-ASCII case mapping is handed over.
        var benchmark = rows.Single(r => r.Case.Id.StartsWith("001-", StringComparison.Ordinal));
        benchmark.Case.OneExpression.ShouldBe(BenchmarkMapping());
        benchmark.Expression.ShouldBe(PathTaken.Compiled);
        benchmark.Script.ShouldBe(PathTaken.Compiled);
        JavaScriptExpression.Compile(BenchmarkMapping()).Compiled.ShouldNotBeNull();
        (
            await PathOfAsync(
                benchmark.Case,
                "let n = 0; while (n < input.body.records.length) n++; n",
                "z"
            )
        ).ShouldBe(PathTaken.Jint);
        (
            await PathOfAsync(
                benchmark.Case,
                "input.body.records.map(r => (r.title + ' \u00e9').toUpperCase())",
                "y"
            )
        ).ShouldBe(PathTaken.HandedOver, "non-ASCII case mapping is handed over to Jint");
        scriptsCompiled.ShouldBeGreaterThan(0);
        (
            scriptsCompiled + scriptsHandedOver + rows.Count(r => r.Script == PathTaken.Jint)
        ).ShouldBe(scripts);
    }

    public enum PathTaken
    {
        /// <summary>Compiled, and the compiled code gave the answer itself.</summary>
        Compiled,

        /// <summary>Compiled, but the compiled code handed this input over to Jint.</summary>
        HandedOver,

        /// <summary>Outside the compiled subset: always Jint.</summary>
        Jint,
    }

    private static async Task<PathTaken> PathOfAsync(CorpusCase c, string script, string form)
    {
        if (JavaScriptExpression.Compile(script).Compiled is null)
            return PathTaken.Jint;
        var flowId = FlowId(c, form);
        using var handedOver = new HandedOverCount(flowId);
        await RunAsync(Production, c, script, form);
        return handedOver.Count == 0 ? PathTaken.Compiled : PathTaken.HandedOver;
    }

    /// <summary>The mapping of the load benchmark's flow (bench/.../Flows/http-mapping.flow.json).</summary>
    private static string BenchmarkMapping()
    {
        var path = Path.Combine(
            RepositoryRoot(),
            "bench",
            "Makini.Flows.Benchmarks",
            "Flows",
            "http-mapping.flow.json"
        );
        var flow = JsonNode.Parse(File.ReadAllText(path))!;
        return (string)
            flow["activities"]!.AsArray().Single(a => (string)a!["id"]! == "answer")!["inputs"]![
                "body"
            ]!["js"]!;
    }

    private static string Percent(int part, int whole) =>
        whole == 0 ? "-" : $"{100.0 * part / whole:0.#} %";

    private static string FlowId(CorpusCase c, string form) => $"corpus-{c.Id[..3]}-{form}";

    /// <summary>A script's value written as the server writes it: in an HTTP answer, and in a stored run.</summary>
    private sealed record Written(string Answer, string Stored);

    /// <summary>Runs the case's flow with <paramref name="script"/> and returns its value as the server writes it.</summary>
    private static async Task<Written> RunAsync(
        FlowEngine engine,
        CorpusCase c,
        string script,
        string form
    )
    {
        var run = await engine.StartAsync(
            engine.Prepare(c.Flow(script, FlowId(c, form))),
            c.Input(),
            TestContext.Current.CancellationToken
        );
        run.Status.ShouldBe(RunStatus.Completed, $"{c.Id}: {run.Error?.Message}");
        if (c.Items is null)
            return new Written(AnswerText(run.Output), StoredText(run.Output));
        var values = CorpusCase.ItemValues(run);
        values.Count.ShouldBe(c.Items.Count);
        return new Written(
            "[" + string.Join(",", values.Select(AnswerText)) + "]",
            "[" + string.Join(",", values.Select(StoredText)) + "]"
        );
    }

    /// <summary>As an HTTP Response activity's body is written (HookResponse).</summary>
    private static string AnswerText(JsonNode? node)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, JsonText.WriterOptions))
            ParsedJson.Write(writer, node, JsonSerializerOptions.Web);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>As a run's state is stored (RunStateJson).</summary>
    private static string StoredText(JsonNode? node) =>
        node is null ? "null" : JsonSerializer.Serialize(node, RunStateJson.Options);

    /// <summary>
    /// The expected value as the server writes a value it built (not text it copies from parsed JSON): the case
    /// file's own spelling of strings (escapes) does not count, its spelling of numbers does.
    /// </summary>
    private static string Expected(CorpusCase c) => AnswerText(Built(c.Expected));

    private static JsonNode? Built(JsonNode? node) =>
        node switch
        {
            null => null,
            JsonObject obj => new JsonObject(
                obj.Select(p => KeyValuePair.Create(p.Key, Built(p.Value)))
            ),
            JsonArray array => new JsonArray(array.Select(Built).ToArray()),
            JsonValue value when value.GetValueKind() == JsonValueKind.String => JsonValue.Create(
                value.GetValue<string>()
            ),
            _ => node.DeepClone(),
        };

    private static bool Truthy(JsonNode? value) =>
        value switch
        {
            null => false,
            JsonValue v when v.GetValueKind() == JsonValueKind.False => false,
            JsonValue v when v.GetValueKind() == JsonValueKind.True => true,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>() != "",
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>()
                is not (0 or double.NaN),
            _ => true,
        };

    /// <summary>
    /// With SCRIPT_CORPUS_FREEZE=1, writes the production path's result into a case file that has none yet, in the
    /// source tree. Read what was written before committing it: the frozen result must be what the script means.
    /// </summary>
    private static void Freeze(CorpusCase c, string actual)
    {
        if (Environment.GetEnvironmentVariable("SCRIPT_CORPUS_FREEZE") != "1")
            return;
        var source = Path.Combine(
            RepositoryRoot(),
            "tests",
            "Makini.Flows.Engine.Tests",
            CorpusCase.Folder,
            Path.GetFileName(c.Path)
        );
        var json = JsonNode.Parse(File.ReadAllText(source))!.AsObject();
        json["expected"] = JsonNode.Parse(actual);
        File.WriteAllText(
            source,
            json.ToJsonString(
                new JsonSerializerOptions
                {
                    WriteIndented = true,
                    Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
                }
            ) + "\n"
        );
    }

    private static string RepositoryRoot()
    {
        for (
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            dir is not null;
            dir = dir.Parent
        )
            if (File.Exists(Path.Combine(dir.FullName, "Makini.sln")))
                return dir.FullName;
        throw new InvalidOperationException("the repository root (Makini.sln) was not found");
    }

    /// <summary>Counts the hand-overs to Jint of one flow's scripts while it is alive.</summary>
    private sealed class HandedOverCount : IDisposable
    {
        private readonly MeterListener _listener = new();
        private int _count;

        public HandedOverCount(string flowId)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument == EngineTelemetry.ScriptsHandedOver)
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>(
                (_, value, tags, _) =>
                {
                    foreach (var tag in tags)
                        if (tag.Key == "flow" && Equals(tag.Value, flowId))
                            Interlocked.Add(ref _count, (int)value);
                }
            );
            _listener.Start();
        }

        public int Count => _count;

        public void Dispose() => _listener.Dispose();
    }
}
