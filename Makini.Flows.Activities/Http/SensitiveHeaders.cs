using System.Text.Json.Nodes;

namespace Makini.Flows.Activities.Http;

/// <summary>
/// Masks header values that carry credentials (Authorization, cookies, API keys, tokens, secrets, signatures) in
/// what a run's journal records, since journals are stored and shown to every reader of the run.
/// </summary>
public static class SensitiveHeaders
{
    public const string Mask = "(redacted)";

    private static readonly string[] Markers =
    [
        "authorization",
        "cookie",
        "key",
        "token",
        "secret",
        "password",
        "signature",
        "session",
        "credential",
    ];

    public static bool IsSensitive(string name) =>
        Markers.Any(marker => name.Contains(marker, StringComparison.OrdinalIgnoreCase));

    /// <summary>A copy of the headers with sensitive values masked; null stays null.</summary>
    public static JsonObject? Redact(JsonObject? headers)
    {
        if (headers is null)
            return null;
        var shown = new JsonObject();
        foreach (var (name, value) in headers)
            shown[name] = IsSensitive(name) ? Mask : value?.DeepClone();
        return shown;
    }
}
