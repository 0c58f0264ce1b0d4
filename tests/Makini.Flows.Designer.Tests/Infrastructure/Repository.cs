namespace Makini.Flows.Designer.Tests.Infrastructure;

public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Samples => Path.Combine(Root, "flows-samples");

    public static string Designer => Path.Combine(Root, "Makini.Flows.Designer");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (
            directory is not null && !File.Exists(Path.Combine(directory.FullName, "Makini.sln"))
        )
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Makini.sln not found");
    }
}
