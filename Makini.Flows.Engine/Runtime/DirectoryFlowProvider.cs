using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Serialization;

namespace Makini.Flows.Engine.Runtime;

/// <summary>Finds flows for RunFlow among the *.json flow files of a folder, by their id.</summary>
public sealed class DirectoryFlowProvider(string directory) : IFlowProvider
{
    private readonly Lazy<Dictionary<string, string>> _files = new(() => Index(directory));

    public ValueTask<FlowDefinition?> FindAsync(
        string flowId,
        CancellationToken cancellationToken
    ) =>
        ValueTask.FromResult(
            _files.Value.TryGetValue(flowId, out var path)
                ? FlowJson.Deserialize(File.ReadAllText(path))
                : null
        );

    private static Dictionary<string, string> Index(string directory)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (
            var path in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal)
        )
        {
            try
            {
                files.TryAdd(FlowJson.Deserialize(File.ReadAllText(path)).Id, path);
            }
            catch (System.Text.Json.JsonException)
            {
                // Not a flow file (e.g. an example input); RunFlow cannot name it anyway.
            }
        }
        return files;
    }
}
