using System.Globalization;
using System.Text.Json.Nodes;
using Makini.Flows.Tests.Shared;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// The shipped MaintainX manifest cut down to its work-orders stream, as a connector of its own in a folder of its
/// own (<c>Connectors:Folder</c>): no rate limit (the source is local), pages of the size asked for, and no
/// incremental filter, so that every sync re-reads every record (the worst case for an unchanged incremental sync:
/// a source that cannot filter by time).
/// </summary>
internal static class BenchConnector
{
    public const string Id = "maintainx-bench";

    /// <summary>Writes the manifest into a new folder and returns the folder.</summary>
    public static string WriteFolder(int pageSize)
    {
        var shipped = Path.Combine(TestServer.RepositoryRoot(), "connectors", "maintainx.json");
        var manifest = JsonNode.Parse(File.ReadAllText(shipped))!.AsObject();
        manifest.Remove("$schema");
        manifest.Remove("rateLimit");
        manifest["id"] = Id;
        manifest["name"] = "MaintainX (bench)";
        var streams = manifest["streams"]!.AsArray();
        var workOrders = streams
            .Single(s => s!["entity"]!.GetValue<string>() == "work-orders")!
            .DeepClone()
            .AsObject();
        workOrders.Remove("incremental");
        workOrders["request"]!["query"]!["limit"] = pageSize.ToString(CultureInfo.InvariantCulture);
        manifest["streams"] = new JsonArray(workOrders);
        var folder = Directory.CreateTempSubdirectory("makini-bench-connectors").FullName;
        File.WriteAllText(Path.Combine(folder, Id + ".json"), manifest.ToJsonString());
        return folder;
    }
}
