namespace Makini.Flows.Connectors.Tests.Manifests;

/// <summary>Folders of the repository the tests read (<c>connectors/</c>, <c>schemas/</c>).</summary>
public static class RepositoryFolders
{
    public static string Root
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Makini.sln")))
                folder = folder.Parent;
            return folder?.FullName
                ?? throw new InvalidOperationException(
                    "Makini.sln not found above the test folder"
                );
        }
    }

    public static string Connectors => Path.Combine(Root, "connectors");
}
