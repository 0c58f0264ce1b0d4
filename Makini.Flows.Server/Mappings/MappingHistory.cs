using System.Text.Json.Nodes;
using Makini.Flows.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Mappings;

/// <summary>The saved versions of a connection's mapping of an entity: list, one, the difference of two, revert.</summary>
public static class MappingHistory
{
    /// <summary>The body of a revert (read by hand): the version to go back to, 0 for the connector's default.</summary>
    public sealed record RevertRequest(long Version);

    public static async Task<IResult> VersionsAsync(
        string id,
        string entity,
        FlowsDbContext db,
        ConnectionMappings mappings,
        CancellationToken ct
    )
    {
        var (target, missing) = await MappingTarget.ResolveAsync(db, mappings, id, entity, ct);
        if (missing is not null)
            return missing;
        var versions = await db
            .MappingVersions.AsNoTracking()
            .Where(v => v.ConnectionId == id && v.Entity == target!.Entity.Name)
            .OrderByDescending(v => v.Version)
            .Select(v => new
            {
                v.Version,
                v.SavedAt,
                v.Author,
                IsDefault = v.Document == null,
            })
            .ToListAsync(ct);
        var current = versions.Count > 0 ? versions[0].Version : 0;
        return TypedResults.Ok(
            versions
                .Select(v => new
                {
                    version = v.Version,
                    savedAt = (DateTime?)v.SavedAt,
                    author = v.Author,
                    current = v.Version == current,
                    isDefault = v.IsDefault,
                })
                .Append(
                    new
                    {
                        version = 0L,
                        savedAt = (DateTime?)null,
                        author = (string?)null,
                        current = current == 0,
                        isDefault = true,
                    }
                )
        );
    }

    public static async Task<IResult> VersionAsync(
        string id,
        string entity,
        long version,
        FlowsDbContext db,
        ConnectionMappings mappings,
        CancellationToken ct
    )
    {
        var (target, missing) = await MappingTarget.ResolveAsync(db, mappings, id, entity, ct);
        if (missing is not null)
            return missing;
        var (found, document) = await DocumentAsync(db, id, target!.Entity.Name, version, ct);
        return found is null
            ? Problems.NotFound($"no version {version} of the {entity} mapping of '{id}'")
            : TypedResults.Ok(
                new
                {
                    version,
                    savedAt = found.SavedAt,
                    author = found.Author,
                    document,
                }
            );
    }

    public static async Task<IResult> DiffAsync(
        string id,
        string entity,
        long? from,
        long? to,
        FlowsDbContext db,
        ConnectionMappings mappings,
        CancellationToken ct
    )
    {
        var (target, missing) = await MappingTarget.ResolveAsync(db, mappings, id, entity, ct);
        if (missing is not null)
            return missing;
        if (from is null || to is null)
            return Problems.BadRequest(
                "name the two versions: ?from=1&to=2 (0 is the connector's default)",
                from is null ? "/query/from" : "/query/to"
            );
        var (fromFound, fromDocument) = await DocumentAsync(
            db,
            id,
            target!.Entity.Name,
            from.Value,
            ct
        );
        var (toFound, toDocument) = await DocumentAsync(db, id, target.Entity.Name, to.Value, ct);
        if (fromFound is null || toFound is null)
            return Problems.NotFound(
                $"no version {(fromFound is null ? from : to)} of the {entity} mapping of '{id}'"
            );
        return TypedResults.Ok(
            new
            {
                from,
                to,
                changes = JsonDiff.Of(fromDocument, toDocument),
            }
        );
    }

    public static async Task<IResult> RevertAsync(
        string id,
        string entity,
        HttpContext http,
        FlowsDbContext db,
        ConnectionMappings mappings,
        MappingSaver saver,
        CancellationToken ct
    )
    {
        var (target, missing) = await MappingTarget.ResolveAsync(db, mappings, id, entity, ct);
        if (missing is not null)
            return missing;
        var (text, tooLarge) = await MappingsApi.ReadTextAsync(http.Request, ct);
        if (tooLarge is not null)
            return tooLarge;
        long version;
        try
        {
            version =
                JsonNode.Parse(text)?["version"]?.GetValue<long>() ?? throw new FormatException();
        }
        catch (Exception exception)
            when (exception
                    is System.Text.Json.JsonException
                        or FormatException
                        or InvalidOperationException
            )
        {
            return Problems.BadRequest(
                "send {\"version\": N}, the version to go back to (0: the connector's default)",
                "/version"
            );
        }
        var (found, document) = await DocumentAsync(db, id, target!.Entity.Name, version, ct);
        if (found is null)
            return Problems.NotFound($"no version {version} of the {entity} mapping of '{id}'");
        return await MappingsApi.SaveTextAsync(
            target,
            document.ToJsonString(),
            http.User,
            db,
            mappings,
            saver,
            ct
        );
    }

    /// <summary>A version's record and document (version 0: the connector's default, an empty document).</summary>
    private static async Task<(MappingVersionRecord? Found, JsonObject Document)> DocumentAsync(
        FlowsDbContext db,
        string connectionId,
        string entity,
        long version,
        CancellationToken ct
    )
    {
        if (version == 0)
            return (new MappingVersionRecord { ConnectionId = connectionId, Entity = entity }, []);
        var found = await db
            .MappingVersions.AsNoTracking()
            .FirstOrDefaultAsync(
                v => v.ConnectionId == connectionId && v.Entity == entity && v.Version == version,
                ct
            );
        return (found, found?.Document is { } text ? JsonNode.Parse(text)!.AsObject() : []);
    }
}
