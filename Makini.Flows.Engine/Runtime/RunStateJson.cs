using System.Text.Json;
using System.Text.Json.Serialization;
using Makini.Flows.Engine.Values;

namespace Makini.Flows.Engine.Runtime;

/// <summary>JSON form of <see cref="RunState"/>, for storing suspended runs and resuming them elsewhere.</summary>
public static class RunStateJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new ParsedJsonConverter() },
    };

    public static string Serialize(RunState state) => JsonSerializer.Serialize(state, Options);

    public static RunState Deserialize(string json) =>
        JsonSerializer.Deserialize<RunState>(json, Options)
        ?? throw new JsonException("run state is null");
}
