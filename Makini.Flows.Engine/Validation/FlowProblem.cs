using System.Text.Json.Serialization;

namespace Makini.Flows.Engine.Validation;

[JsonConverter(typeof(JsonStringEnumConverter<ProblemSeverity>))]
public enum ProblemSeverity
{
    Error,
    Warning,
}

/// <summary>
/// One thing wrong with a flow: where (an RFC 6901 JSON pointer into the flow file), what (a plain message),
/// and for scripts or unparsable files the line and column (1-based) inside the script or file.
/// </summary>
public sealed record FlowProblem(
    ProblemSeverity Severity,
    string Code,
    string Pointer,
    string Message
)
{
    public int? Line { get; init; }
    public int? Column { get; init; }

    public static FlowProblem Error(string code, string pointer, string message) =>
        new(ProblemSeverity.Error, code, pointer, message);

    public static FlowProblem Warning(string code, string pointer, string message) =>
        new(ProblemSeverity.Warning, code, pointer, message);

    public override string ToString()
    {
        var where = Line is null ? Pointer : $"{Pointer} (line {Line}, column {Column})";
        return $"{Severity.ToString().ToLowerInvariant()} {Code} at {(where.Length == 0 ? "/" : where)}: {Message}";
    }
}

/// <summary>Stable problem codes, so tools and tests can tell problems apart without parsing messages.</summary>
public static class ProblemCodes
{
    public const string InvalidJson = "invalid-json";
    public const string Schema = "schema";
    public const string UnsupportedFormat = "unsupported-format";
    public const string UnknownActivityType = "unknown-activity-type";
    public const string DuplicateId = "duplicate-id";
    public const string DuplicateVariable = "duplicate-variable";
    public const string DanglingConnection = "dangling-connection";
    public const string DuplicateConnection = "duplicate-connection";
    public const string UnknownPort = "unknown-port";
    public const string UnknownInput = "unknown-input";
    public const string MissingInput = "missing-input";
    public const string WrongType = "wrong-type";
    public const string LiteralRequired = "literal-required";
    public const string UnknownVariable = "unknown-variable";
    public const string NoStart = "no-start";
    public const string SeveralStarts = "several-starts";
    public const string Unreachable = "unreachable";
    public const string ScriptSyntax = "script-syntax";
    public const string UnknownName = "unknown-name";
    public const string InvalidInput = "invalid-input";
}
