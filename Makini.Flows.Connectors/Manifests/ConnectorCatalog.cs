using Makini.Flows.Engine.Validation;

namespace Makini.Flows.Connectors.Manifests;

/// <summary>The connectors a server offers: every manifest of a folder, read and checked once at start.</summary>
public sealed class ConnectorCatalog
{
    private readonly Dictionary<string, ConnectorManifest> _byId;

    public ConnectorCatalog(IEnumerable<ConnectorManifest> manifests)
    {
        _byId = new Dictionary<string, ConnectorManifest>(StringComparer.Ordinal);
        foreach (var manifest in manifests)
            if (!_byId.TryAdd(manifest.Id, manifest))
                throw new InvalidOperationException(
                    $"connector id '{manifest.Id}' is declared by two manifests"
                );
    }

    /// <summary>Every manifest, by name.</summary>
    public IReadOnlyList<ConnectorManifest> All =>
        _byId.Values.OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase).ToList();

    public ConnectorManifest? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Reads every <c>*.json</c> of a folder; the problems name each file.</summary>
    public static (ConnectorCatalog Catalog, IReadOnlyList<FolderProblem> Problems) Load(
        string folder
    )
    {
        var manifests = new List<ConnectorManifest>();
        var problems = new List<FolderProblem>();
        var files = Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal)
            : Enumerable.Empty<string>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var fileProblems = new List<FlowProblem>();
            var manifest = ManifestReader.Read(File.ReadAllText(file), fileProblems);
            problems.AddRange(fileProblems.Select(p => new FolderProblem(file, p)));
            if (manifest is null)
                continue;
            if (seen.TryGetValue(manifest.Id, out var other))
            {
                problems.Add(
                    new FolderProblem(
                        file,
                        FlowProblem.Error(
                            ProblemCodes.DuplicateId,
                            "/id",
                            $"connector id '{manifest.Id}' is also declared by {Path.GetFileName(other)}"
                        )
                    )
                );
                continue;
            }
            seen[manifest.Id] = file;
            manifests.Add(manifest);
        }
        return (new ConnectorCatalog(manifests), problems);
    }
}

/// <summary>A problem of one manifest file.</summary>
public sealed record FolderProblem(string File, FlowProblem Problem)
{
    public override string ToString() => $"{File}: {Problem}";
}
