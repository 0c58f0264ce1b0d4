namespace Makini.Flows.Tests.Shared;

/// <summary>What every test server shares: the preset admin key, and where the repository is.</summary>
public static class TestServer
{
    public const string AdminKey = "mk_testAdminKey0123456789abcdefghijk";

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (
            directory is not null && !File.Exists(Path.Combine(directory.FullName, "Makini.sln"))
        )
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Makini.sln not found");
    }
}
