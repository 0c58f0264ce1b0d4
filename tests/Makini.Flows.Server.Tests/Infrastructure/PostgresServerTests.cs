using Makini.Flows.Tests.Shared;
using Npgsql;

namespace Makini.Flows.Server.Tests.Infrastructure;

public sealed class PostgresServerTests(PostgresServer postgres, ITestOutputHelper output)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_created_database_stores_and_returns_rows()
    {
        var connectionString = await postgres.CreateDatabaseAsync(cancellationToken: Ct);
        output.WriteLine(
            $"PostgreSQL {postgres.Version} on port {postgres.Port}, started in {postgres.StartDuration.TotalSeconds:0.00} s"
        );

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await ExecuteAsync(
            connection,
            "CREATE TABLE flows (id int PRIMARY KEY, name text NOT NULL)"
        );
        await ExecuteAsync(connection, "INSERT INTO flows VALUES (1, 'nightly import')");

        await using var select = new NpgsqlCommand(
            "SELECT name FROM flows WHERE id = 1",
            connection
        );
        (await select.ExecuteScalarAsync(Ct)).ShouldBe("nightly import");
        connection.Database.ShouldStartWith("test_");
    }

    [Fact]
    public async Task Two_created_databases_are_independent()
    {
        var first = await postgres.CreateDatabaseAsync("independence_first", Ct);
        var second = await postgres.CreateDatabaseAsync("independence_second", Ct);

        await using (var connection = new NpgsqlConnection(first))
        {
            await connection.OpenAsync(Ct);
            await ExecuteAsync(connection, "CREATE TABLE only_here (value text)");
            await ExecuteAsync(connection, "INSERT INTO only_here VALUES ('first')");
        }

        await using (var connection = new NpgsqlConnection(second))
        {
            await connection.OpenAsync(Ct);
            await using var exists = new NpgsqlCommand(
                "SELECT to_regclass('public.only_here') IS NOT NULL",
                connection
            );
            (await exists.ExecuteScalarAsync(Ct)).ShouldBe(false);

            // The same table name in the second database holds its own rows.
            await ExecuteAsync(connection, "CREATE TABLE only_here (value text)");
            await ExecuteAsync(connection, "INSERT INTO only_here VALUES ('second')");
            await using var select = new NpgsqlCommand("SELECT value FROM only_here", connection);
            (await select.ExecuteScalarAsync(Ct)).ShouldBe("second");
        }

        await using (var connection = new NpgsqlConnection(first))
        {
            await connection.OpenAsync(Ct);
            await using var count = new NpgsqlCommand(
                "SELECT string_agg(value, ',') FROM only_here",
                connection
            );
            (await count.ExecuteScalarAsync(Ct)).ShouldBe("first");
        }
    }

    [Fact]
    public async Task Generated_database_names_are_unique()
    {
        var first = new NpgsqlConnectionStringBuilder(
            await postgres.CreateDatabaseAsync(cancellationToken: Ct)
        );
        var second = new NpgsqlConnectionStringBuilder(
            await postgres.CreateDatabaseAsync(cancellationToken: Ct)
        );

        first.Database.ShouldNotBe(second.Database);
        first.Host.ShouldBe("127.0.0.1");
        first.Port.ShouldBe(postgres.Port);
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("with-dash")]
    [InlineData("x\"; DROP DATABASE postgres; --")]
    [InlineData("")]
    public async Task Unusable_database_names_are_refused(string name)
    {
        var error = await Should.ThrowAsync<ArgumentException>(() =>
            postgres.CreateDatabaseAsync(name, Ct)
        );
        error.Message.ShouldContain("not a usable database name");
    }

    [Fact]
    public void The_newest_installed_version_is_chosen()
    {
        var root = Directory.CreateTempSubdirectory("makini-pg-bins-").FullName;
        try
        {
            foreach (var installed in new[] { "9.6", "16", "15" })
            {
                Directory.CreateDirectory(Path.Combine(root, installed, "bin"));
                File.WriteAllText(Path.Combine(root, installed, "bin", "initdb"), "");
            }
            Directory.CreateDirectory(Path.Combine(root, "17", "bin")); // no initdb: client only

            var (binDirectory, version) = PostgresServer.FindBinaries(root);

            version.ShouldBe("16");
            binDirectory.ShouldBe(Path.Combine(root, "16", "bin"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Missing_binaries_are_reported_by_name()
    {
        var root = Path.Combine(Path.GetTempPath(), $"makini-pg-none-{Guid.NewGuid():N}");

        var error = Should.Throw<InvalidOperationException>(() =>
            PostgresServer.FindBinaries(root)
        );

        error.Message.ShouldContain($"no {root}/*/bin/initdb");
        error.Message.ShouldContain("apt-get install postgresql");
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }
}
