using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Makini.Flows.Engine.Model;

namespace Makini.Flows.Engine.Serialization;

/// <summary>
/// The flow file format: reading, and deterministic writing (two-space indent, LF line ends,
/// a final newline, properties in model order, scripts unescaped) so flows diff cleanly in Git.
/// </summary>
public static class FlowJson
{
    /// <summary>The value of <c>$schema</c> that names this format.</summary>
    public const string SchemaUri = "https://schemas.makini.io/flows/flow-v1.json";

    public static readonly JsonSerializerOptions Options = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            WriteIndented = true,
            IndentSize = 2,
            NewLine = "\n",
            AllowTrailingCommas = false,
            ReadCommentHandling = JsonCommentHandling.Disallow,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
        };
        options.Converters.Add(new IntegralNumberConverter<int>());
        options.Converters.Add(new IntegralNumberConverter<long>());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Parses a flow that is already known to be well formed; throws <see cref="JsonException"/> otherwise.</summary>
    public static FlowDefinition Deserialize(string json) =>
        JsonSerializer.Deserialize<FlowDefinition>(json, Options)
        ?? throw new JsonException("the flow file is null");

    public static string Serialize(FlowDefinition flow) =>
        JsonSerializer.Serialize(flow, Options) + "\n";

    public static byte[] SerializeToUtf8(FlowDefinition flow) =>
        Encoding.UTF8.GetBytes(Serialize(flow));
}
