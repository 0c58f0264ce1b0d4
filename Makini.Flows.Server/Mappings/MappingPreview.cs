using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Mappings;
using Makini.Flows.Connectors.Runtime;
using Makini.Flows.Connectors.Unified;
using Makini.Flows.Engine.Validation;
using Makini.Flows.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Mappings;

/// <summary>
/// <c>POST .../mappings/{entity}/preview</c>: a draft mapping applied to stored source records (or given samples)
/// beside the mapping in force, field by field, with each record's errors. Saves nothing.
/// </summary>
public static class MappingPreview
{
    private const int DefaultLimit = 20;
    private const int MaxLimit = 200;

    /// <summary>The body of a preview (read by hand, to answer each mistake with its pointer).</summary>
    /// <param name="Mapping">The draft mapping document.</param>
    /// <param name="Samples">Source records to map (at most 200); absent: the connection's latest.</param>
    /// <param name="Limit">How many of the connection's latest records, 1 to 200 (default 20).</param>
    public sealed record PreviewRequest(
        JsonObject Mapping,
        JsonArray? Samples = null,
        int? Limit = null
    );

    public static async Task<IResult> PreviewAsync(
        string id,
        string entity,
        HttpContext http,
        FlowsDbContext db,
        ConnectionMappings mappings,
        CancellationToken ct
    )
    {
        var (target, missing) = await MappingTarget.ResolveAsync(db, mappings, id, entity, ct);
        if (missing is not null)
            return missing;
        var (text, tooLarge) = await MappingsApi.ReadTextAsync(http.Request, ct);
        if (tooLarge is not null)
            return tooLarge;
        JsonObject body;
        try
        {
            body = JsonNode.Parse(text) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            return Problems.BadRequest(
                "send a JSON object: {\"mapping\": {...}, \"samples\": [...], \"limit\": 20}",
                ""
            );
        }
        if (body["mapping"] is not JsonObject draftDocument)
            return Problems.BadRequest(
                "'mapping' must be a mapping document (an object)",
                "/mapping"
            );
        var limit = DefaultLimit;
        if (body["limit"] is { } limitNode)
        {
            if (
                limitNode is not JsonValue value
                || !value.TryGetValue<int>(out limit)
                || limit is < 1 or > MaxLimit
            )
                return Problems.BadRequest(
                    $"'limit' is a whole number from 1 to {MaxLimit}",
                    "/limit"
                );
        }
        var problems = new List<FlowProblem>();
        var draft = mappings.Draft(
            target!.Stream,
            target.Entity,
            draftDocument.ToJsonString(),
            problems
        );
        if (draft is null)
            return Problems.Invalid("The mapping is not valid", problems, "/mapping");
        var current = (
            await mappings.CurrentAsync(db, id, target.Connection.ConnectorId, target.Entity, ct)
        )!;
        var seen = await SourceFields.ScanAsync(
            db,
            id,
            target.Entity.Name,
            SourceFields.DefaultSample,
            ct
        );
        List<JsonElement> raws;
        if (body["samples"] is JsonArray samples)
        {
            if (samples.Count > MaxLimit)
                return Problems.BadRequest($"at most {MaxLimit} samples", "/samples");
            for (var i = 0; i < samples.Count; i++)
                if (samples[i] is not JsonObject)
                    return Problems.BadRequest(
                        "each sample is a source record (an object)",
                        $"/samples/{i}"
                    );
            raws = [.. samples.Select(s => JsonSerializer.SerializeToElement(s))];
        }
        else
            raws = [.. seen.Samples.Take(limit).Select(d => d.RootElement)];
        try
        {
            var before = current.Project(raws, ct);
            var after = draft.Project(raws, ct);
            return TypedResults.Ok(
                new
                {
                    records = before.Select((b, i) => Compare(b, after[i])),
                    warnings = MappingWarnings.Of(draft.Document, seen),
                }
            );
        }
        catch (ConnectorException failure)
        {
            return Problems.BadRequest(failure.Message, "/samples");
        }
    }

    private static object Compare(ProjectedRecord before, ProjectedRecord after) =>
        new
        {
            sourceKey = after.SourceKey,
            key = after.Key,
            before = before.Unified,
            after = after.Unified,
            changes = Changes(before.Unified, after.Unified),
            errors = after.MappingErrors.Select(e => new { field = e.Field, message = e.Message }),
        };

    /// <summary>The fields whose values differ, custom fields named <c>customFields.x</c>.</summary>
    public static List<object> Changes(JsonObject before, JsonObject after) =>
        [
            .. Records
                .UnifiedDifferences.Of(before, after)
                .Select(d =>
                    (object)
                        new
                        {
                            field = d.Field,
                            before = d.Before?.DeepClone(),
                            after = d.After?.DeepClone(),
                        }
                ),
        ];
}
