using System.Data.Common;
using System.Runtime.CompilerServices;
using Makini.Flows.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Makini.Flows.Server.Runs;

/// <summary>
/// Inserts new run rows with one plain INSERT per row inside the context's transaction: on a busy synchronous
/// trigger EF Core's change tracking and SQL generation for each batch cost more than the database's insert.
/// Table, columns and parameters come from the EF model and its type mappings (value converters included), so
/// the rows are stored exactly as <c>SaveChanges</c> would store them, on either provider.
/// </summary>
public static class RunRows
{
    private sealed record Column(
        IProperty Property,
        RelationalTypeMapping Mapping,
        string Parameter
    );

    private sealed record Insert(string Sql, Column[] Columns);

    private static readonly ConditionalWeakTable<IModel, Insert> Inserts = new();

    public static async Task InsertAsync(
        FlowsDbContext db,
        IReadOnlyList<RunRecord> runs,
        CancellationToken cancellationToken
    )
    {
        var insert = Inserts.GetValue(db.Model, _ => Build(db));
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        await using var command = connection.CreateCommand();
        command.CommandText = insert.Sql;
        command.Transaction = transaction;
        if (connection.CanCreateBatch)
        {
            // One round trip for the whole group (PostgreSQL); the command only makes the parameters.
            await using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            foreach (var run in runs)
            {
                var row = batch.CreateBatchCommand();
                row.CommandText = insert.Sql;
                foreach (var column in insert.Columns)
                    row.Parameters.Add(Parameter(command, column, run));
                batch.BatchCommands.Add(row);
            }
            await batch.ExecuteNonQueryAsync(cancellationToken);
            return;
        }
        // In-process SQLite: the same prepared statement for every row.
        foreach (var run in runs)
        {
            command.Parameters.Clear();
            foreach (var column in insert.Columns)
                command.Parameters.Add(Parameter(command, column, run));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static DbParameter Parameter(DbCommand command, Column column, RunRecord run) =>
        column.Mapping.CreateParameter(
            command,
            column.Parameter,
            column.Property.GetGetter().GetClrValue(run),
            column.Property.IsNullable
        );

    private static Insert Build(FlowsDbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(RunRecord))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var columns = entity
            .GetProperties()
            .Select(
                (property, i) =>
                    new Column(
                        property,
                        (RelationalTypeMapping)property.GetRelationalTypeMapping(),
                        sql.GenerateParameterName($"p{i}")
                    )
            )
            .ToArray();
        var names = string.Join(
            ", ",
            columns.Select(c => sql.DelimitIdentifier(c.Property.GetColumnName(table)!))
        );
        var values = string.Join(
            ", ",
            columns.Select((_, i) => sql.GenerateParameterNamePlaceholder($"p{i}"))
        );
        return new Insert(
            $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({names}) VALUES ({values})",
            columns
        );
    }
}
