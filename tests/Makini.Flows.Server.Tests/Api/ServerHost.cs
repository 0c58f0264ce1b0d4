using System.Net.Http.Headers;
using Makini.Flows.Tests.Shared;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Makini.Flows.Server.Tests.Api;

/// <summary>A real server (in memory, real database) for one test class, with a preset admin key.</summary>
public sealed class ServerHost(
    string provider,
    string connectionString,
    IReadOnlyDictionary<string, string>? settings = null,
    Action<IServiceCollection>? services = null
) : WebApplicationFactory<Program>
{
    public const string AdminKey = TestServer.AdminKey;
    public const string PartnerSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    /// <summary>A server on a fresh SQLite file.</summary>
    public static ServerHost OnSqlite() =>
        new(
            "Sqlite",
            $"Data Source={Path.Combine(Path.GetTempPath(), $"makini-test-{Guid.NewGuid():N}.db")}"
        );

    /// <summary>A server on a fresh database of the shared PostgreSQL.</summary>
    public static ServerHost OnPostgres(PostgresServer postgres) =>
        new(
            "Postgres",
            postgres
                .CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken)
                .GetAwaiter()
                .GetResult()
        );

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:Provider", provider);
        builder.UseSetting("Database:ConnectionString", connectionString);
        builder.UseSetting("MAKINI_ADMIN_KEY", AdminKey);
        builder.UseSetting("Hooks:Secrets:partner", PartnerSecret);
        builder.UseSetting("Outbound:AllowedRanges:0", "127.0.0.1/32");
        builder.UseSetting("Samples:Folder", Path.Combine(Path.GetTempPath(), "makini-no-samples"));
        if (provider == "Sqlite")
            builder.UseSetting(
                "DataProtection:KeysFolder",
                Path.Combine(Path.GetTempPath(), $"makini-keys-{Guid.NewGuid():N}")
            );
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
            builder.UseSetting(name, value);
        if (services is not null)
            Microsoft.AspNetCore.TestHost.WebHostBuilderExtensions.ConfigureTestServices(
                builder,
                services
            );
    }

    /// <summary>
    /// Also closes the idle pooled connections to the test's database: left open, every finished test class
    /// would keep its connections until the pool's idle timeout, and the shared PostgreSQL runs out of them.
    /// </summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (provider == "Postgres")
            NpgsqlConnection.ClearPool(new NpgsqlConnection(connectionString));
    }

    public HttpClient ClientWithKey(string? key = AdminKey)
    {
        var client = CreateClient();
        if (key is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Bearer",
                key
            );
        return client;
    }

    public static string RepositoryRoot() => TestServer.RepositoryRoot();
}
