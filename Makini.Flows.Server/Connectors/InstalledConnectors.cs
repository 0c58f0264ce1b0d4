using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Manifests;
using Makini.Flows.Engine.Validation;

namespace Makini.Flows.Server.Connectors;

/// <summary>
/// The connectors this server offers: every manifest of the folder named by <c>Connectors:Folder</c> (by default
/// the <c>connectors</c> folder copied next to the server's binary), read once at start, with each manifest's
/// document as its file has it (what <c>GET /api/connectors/{id}</c> answers).
/// </summary>
public sealed class InstalledConnectors
{
    public const string FolderSetting = "Connectors:Folder";

    private readonly Dictionary<string, JsonObject> _documents;

    private InstalledConnectors(
        string folder,
        ConnectorCatalog catalog,
        Dictionary<string, JsonObject> documents
    )
    {
        Folder = folder;
        Catalog = catalog;
        _documents = documents;
    }

    public string Folder { get; }
    public ConnectorCatalog Catalog { get; }

    public ConnectorManifest? Find(string id) => Catalog.Find(id);

    /// <summary>The manifest's file as JSON (without its <c>$schema</c>); a copy the caller may change.</summary>
    public JsonObject? Document(string id) =>
        _documents.TryGetValue(id, out var document) ? (JsonObject)document.DeepClone() : null;

    /// <summary>
    /// Reads every manifest of the configured folder. A manifest with problems stops the start: the exception lists
    /// every problem of every file, each with its file and JSON pointer.
    /// </summary>
    public static InstalledConnectors Load(IConfiguration configuration)
    {
        var configured = configuration[FolderSetting];
        var folder = Path.GetFullPath(
            string.IsNullOrWhiteSpace(configured)
                ? Path.Combine(AppContext.BaseDirectory, "connectors")
                : configured
        );
        if (!string.IsNullOrWhiteSpace(configured) && !Directory.Exists(folder))
            throw new InvalidOperationException(
                $"The connectors folder '{folder}' ({FolderSetting}) does not exist."
            );
        var (catalog, problems) = ConnectorCatalog.Load(folder);
        var errors = problems.Where(p => p.Problem.Severity == ProblemSeverity.Error).ToList();
        if (errors.Count > 0)
            throw new InvalidOperationException(
                $"The connector manifests in '{folder}' have {errors.Count} problem(s); fix them or remove the files ({FolderSetting}):"
                    + string.Concat(
                        errors.Select(e =>
                            $"{Environment.NewLine}  {Path.GetFileName(e.File)} at {Where(e.Problem.Pointer)}: {e.Problem.Message}"
                        )
                    )
            );
        return new InstalledConnectors(folder, catalog, ReadDocuments(folder, catalog));
    }

    private static Dictionary<string, JsonObject> ReadDocuments(
        string folder,
        ConnectorCatalog catalog
    )
    {
        var documents = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        if (!Directory.Exists(folder))
            return documents;
        foreach (var file in Directory.GetFiles(folder, "*.json"))
            if (
                JsonNode.Parse(File.ReadAllText(file)) is JsonObject document
                && document["id"]?.GetValue<string>() is { } id
                && catalog.Find(id) is not null
            )
            {
                document.Remove("$schema");
                documents[id] = document;
            }
        return documents;
    }

    private static string Where(string pointer) => pointer.Length == 0 ? "/" : pointer;
}
