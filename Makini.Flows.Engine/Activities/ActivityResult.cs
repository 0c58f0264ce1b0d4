using System.Text.Json.Nodes;

namespace Makini.Flows.Engine.Activities;

/// <summary>What an activity asks the interpreter to do next.</summary>
public readonly struct ActivityResult
{
    private ActivityResult(
        ResultKind kind,
        string? port = null,
        IReadOnlyList<string>? ports = null,
        BookmarkRequest? bookmark = null,
        JsonNode? value = null
    )
    {
        Kind = kind;
        Port = port;
        Ports = ports;
        Bookmark = bookmark;
        Value = value;
    }

    internal ResultKind Kind { get; }
    internal string? Port { get; }
    internal IReadOnlyList<string>? Ports { get; }
    internal BookmarkRequest? Bookmark { get; }
    internal JsonNode? Value { get; }

    /// <summary>Continue along the Done port.</summary>
    public static ActivityResult Done { get; } = new(ResultKind.Outcome, ActivityPorts.Done);

    /// <summary>Continue along one port.</summary>
    public static ActivityResult Outcome(string port) => new(ResultKind.Outcome, port);

    /// <summary>Continue along several ports at once (parallel branches).</summary>
    public static ActivityResult Outcomes(IReadOnlyList<string> ports) =>
        new(ResultKind.Outcomes, ports: ports);

    /// <summary>Emit nothing: this path ends here.</summary>
    public static ActivityResult None { get; } = new(ResultKind.None);

    /// <summary>Pause this path until the host resumes the bookmark (or its time comes).</summary>
    public static ActivityResult Suspend(
        string kind,
        DateTimeOffset? resumeAt = null,
        JsonNode? payload = null
    ) => new(ResultKind.Suspend, bookmark: new BookmarkRequest(kind, resumeAt, payload));

    /// <summary>End the whole run now, successfully, with this output.</summary>
    public static ActivityResult CompleteRun(JsonNode? output) =>
        new(ResultKind.CompleteRun, value: output);

    internal static ActivityResult Iterate(JsonArray items) =>
        new(ResultKind.Iterate, value: items);

    internal static ActivityResult WaitForChild(Runtime.RunState child) =>
        new(
            ResultKind.Suspend,
            bookmark: new BookmarkRequest(BookmarkKinds.RunFlow, null, null, child)
        );
}

internal enum ResultKind
{
    Outcome,
    Outcomes,
    None,
    Suspend,
    CompleteRun,
    Iterate,
}

internal sealed record BookmarkRequest(
    string Kind,
    DateTimeOffset? ResumeAt,
    JsonNode? Payload,
    Runtime.RunState? ChildRun = null
);

/// <summary>Kinds of bookmark the built-in activities create.</summary>
public static class BookmarkKinds
{
    public const string Delay = "Delay";
    public const string RunFlow = "RunFlow";
}
