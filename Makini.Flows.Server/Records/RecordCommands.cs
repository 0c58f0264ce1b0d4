using System.Data;
using System.Data.Common;
using Makini.Flows.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Makini.Flows.Server.Records;

/// <summary>Hand-written SQL on the context's own connection, inside its current transaction when it has one.</summary>
internal static class RecordCommands
{
    public static DbCommand Create(FlowsDbContext db, string sql)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }

    public static DbCommand With(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }

    /// <summary>A parameter to set before each execution of a prepared command.</summary>
    public static DbParameter Add(this DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    public static DbCommand With(this DbCommand command, DbParameter parameter)
    {
        command.Parameters.Add(parameter);
        return command;
    }

    /// <summary>Runs <paramref name="work"/> with the context's connection open, leaving it as it was found.</summary>
    public static async Task<T> OnOpenConnectionAsync<T>(
        FlowsDbContext db,
        Func<Task<T>> work,
        CancellationToken ct
    )
    {
        if (db.Database.GetDbConnection().State == ConnectionState.Open)
            return await work();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            return await work();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
