using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Mappings;
using Makini.Flows.Engine.Validation;
using Makini.Flows.Server.Connectors;
using Makini.Flows.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Mappings;

/// <summary>
/// A connection's mappings as one file (<c>makini-flows/mappings@1</c>): every entity's document in force, to keep,
/// review, or import into another connection of the same connector. An import saves every entity or none.
/// </summary>
public static class MappingTransfer
{
    public const string Format = "makini-flows/mappings@1";

    public static async Task<IResult> ExportAsync(
        string id,
        FlowsDbContext db,
        InstalledConnectors connectors,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var connection = await db
            .Connections.AsNoTracking()
            .FirstOrDefaultAsync(c => c.Id == id, ct);
        if (connection is null)
            return Problems.NotFound($"no connection '{id}'");
        var latest = await db.MappingVersions.AsNoTracking().Latest(id).ToListAsync(ct);
        var entities = new JsonObject();
        foreach (var version in latest.OrderBy(v => v.Entity, StringComparer.Ordinal))
            if (version.Document is { } text)
                entities[version.Entity] = JsonNode.Parse(text);
        var file = new JsonObject
        {
            ["format"] = Format,
            ["connector"] = connection.ConnectorId,
            ["connectionId"] = id,
            ["exportedAt"] = time.GetUtcNow().UtcDateTime,
            ["entities"] = entities,
        };
        return TypedResults.File(
            System.Text.Encoding.UTF8.GetBytes(file.ToJsonString(new() { WriteIndented = true })),
            "application/json",
            $"mappings-{id}.json"
        );
    }

    public static async Task<IResult> ImportAsync(
        string id,
        HttpContext http,
        FlowsDbContext db,
        ConnectionMappings mappings,
        MappingSaver saver,
        CancellationToken ct
    )
    {
        var connection = await db
            .Connections.AsNoTracking()
            .FirstOrDefaultAsync(c => c.Id == id, ct);
        if (connection is null)
            return Problems.NotFound($"no connection '{id}'");
        var (text, tooLarge) = await MappingsApi.ReadTextAsync(http.Request, ct);
        if (tooLarge is not null)
            return tooLarge;
        var problems = new List<FlowProblem>();
        var file = Read(text, connection.ConnectorId, problems);
        var drafts = new List<(MappingTarget Target, ConnectionMapping Draft)>();
        foreach (var (entity, document) in file ?? [])
        {
            var pointer = $"/entities/{JsonPointer.Escape(entity)}";
            var (target, missing) = await MappingTarget.ResolveAsync(db, mappings, id, entity, ct);
            if (missing is not null)
            {
                problems.Add(
                    FlowProblem.Error(
                        ProblemCodes.UnknownName,
                        pointer,
                        missing.ProblemDetails.Detail!
                    )
                );
                continue;
            }
            var entityProblems = new List<FlowProblem>();
            var draft = mappings.Draft(
                target!.Stream,
                target.Entity,
                document?.ToJsonString() ?? "null",
                entityProblems
            );
            problems.AddRange(entityProblems.Select(p => p with { Pointer = pointer + p.Pointer }));
            if (draft is not null)
                drafts.Add((target, draft));
        }
        if (problems.Count > 0)
            return Problems.Invalid("Nothing was imported: the file has problems", problems);
        var saved = new List<object>();
        foreach (var (target, draft) in drafts)
        {
            var result = await saver.SaveAsync(
                db,
                target.Connection,
                target.Entity,
                draft.Document,
                MappingsApi.AuthorOf(http.User),
                ct
            );
            saved.Add(
                new
                {
                    entity = target.Entity.Name,
                    version = result.Version,
                    changed = result.Changed,
                    reprojected = result.Reprojected,
                }
            );
        }
        return TypedResults.Ok(new { entities = saved });
    }

    /// <summary>The file's entities, or null with its problems.</summary>
    public static JsonObject? Read(string text, string? connector, List<FlowProblem> problems)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException exception)
        {
            problems.Add(
                FlowProblem.Error(
                    ProblemCodes.InvalidJson,
                    "",
                    $"the file is not JSON: {exception.Message}"
                ) with
                {
                    Line = (int?)(exception.LineNumber + 1),
                    Column = (int?)(exception.BytePositionInLine + 1),
                }
            );
            return null;
        }
        if (root is not JsonObject obj || (string?)obj["format"] != Format)
        {
            problems.Add(
                FlowProblem.Error(
                    ProblemCodes.UnsupportedFormat,
                    "/format",
                    $"a mappings file says \"format\": \"{Format}\""
                )
            );
            return null;
        }
        if (connector is not null && (string?)obj["connector"] is { } named && named != connector)
            problems.Add(
                FlowProblem.Error(
                    ProblemCodes.Schema,
                    "/connector",
                    $"these mappings are for the {named} connector; this connection uses {connector}"
                )
            );
        if (obj["entities"] is not JsonObject entities)
        {
            problems.Add(
                FlowProblem.Error(
                    ProblemCodes.Schema,
                    "/entities",
                    "'entities' maps entity names to mapping documents"
                )
            );
            return null;
        }
        return entities;
    }
}
