namespace Makini.Flows.Connectors.Unified;

/// <summary>
/// A field of a unified entity and its type (one of <see cref="UnifiedTypes"/>); an array of objects names the
/// component schema of its items (<c>tasks</c>: <c>Task</c>).
/// </summary>
public sealed record UnifiedField(string Name, string Type, string? ItemSchema = null);

/// <summary>The types of unified fields.</summary>
public static class UnifiedTypes
{
    public const string String = "string";
    public const string Number = "number";
    public const string Integer = "integer";
    public const string Boolean = "boolean";

    /// <summary>A JSON string holding an ISO 8601 UTC time, <c>2024-05-01T09:30:00.000Z</c>.</summary>
    public const string DateTime = "datetime";
    public const string Array = "array";
    public const string Object = "object";
}
