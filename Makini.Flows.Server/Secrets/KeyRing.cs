using Makini.Flows.Server.Infrastructure;
using Microsoft.AspNetCore.DataProtection;

namespace Makini.Flows.Server.Secrets;

/// <summary>
/// Where the Data Protection key ring lives. A folder (setting <c>DataProtection:KeysFolder</c>, by default
/// <c>&lt;Database:DataFolder&gt;/keys</c>) for SQLite; on PostgreSQL the database itself (table
/// <c>data_protection_keys</c>), so every node shares it, unless a folder is set explicitly.
/// </summary>
public sealed record KeyRing(string? Folder, string Description, string HowToSet)
{
    /// <summary>Whether the keys are encrypted at rest (<see cref="KeyRingProtection"/>).</summary>
    public bool Protected { get; init; }

    public const string FolderSetting = "DataProtection:KeysFolder";

    /// <summary>Configures Data Protection and returns where its keys are kept.</summary>
    public static KeyRing Configure(
        IServiceCollection services,
        IConfiguration configuration,
        DatabaseOptions database,
        bool onPostgres
    )
    {
        var builder = services
            .AddDataProtection()
            // The same name on every node, whatever folder it runs from: keys are shared by name.
            .SetApplicationName("Makini.Flows");
        var folder = configuration[FolderSetting];
        KeyRing ring;
        if (string.IsNullOrWhiteSpace(folder) && onPostgres)
        {
            builder.PersistKeysToDbContext<PostgresFlowsDbContext>();
            ring = new KeyRing(
                null,
                "the database table data_protection_keys",
                "they are in the table data_protection_keys; or set " + FolderSetting
            );
        }
        else
        {
            folder = Path.GetFullPath(
                string.IsNullOrWhiteSpace(folder)
                    ? Path.Combine(database.DataFolder, "keys")
                    : folder
            );
            OwnerOnly.Folder(folder);
            OwnerOnly.Files(folder, "*.xml");
            builder.PersistKeysToFileSystem(new DirectoryInfo(folder));
            ring = new KeyRing(
                folder,
                $"'{folder}'",
                $"setting {FolderSetting}, environment variable DataProtection__KeysFolder"
            );
        }
        ring = ring with { Protected = KeyRingProtection.Apply(builder, configuration) };
        services.AddSingleton(ring);
        return ring;
    }
}
