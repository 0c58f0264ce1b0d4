using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Makini.Flows.Server.Infrastructure;

/// <summary>Lets <c>dotnet ef migrations add X --context SqliteFlowsDbContext</c> build the context.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteFlowsDbContext>
{
    public SqliteFlowsDbContext CreateDbContext(string[] args) =>
        new(
            new DbContextOptionsBuilder<SqliteFlowsDbContext>()
                .UseSqlite("Data Source=design.db")
                .Options
        );
}

/// <summary>Lets <c>dotnet ef migrations add X --context PostgresFlowsDbContext</c> build the context.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresFlowsDbContext>
{
    public PostgresFlowsDbContext CreateDbContext(string[] args) =>
        new(
            new DbContextOptionsBuilder<PostgresFlowsDbContext>()
                .UseNpgsql("Host=localhost;Database=design")
                .Options
        );
}
