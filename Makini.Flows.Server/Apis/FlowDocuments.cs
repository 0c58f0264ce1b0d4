using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Serialization;
using Makini.Flows.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Makini.Flows.Server.Apis;

/// <summary>Reading flow JSON from requests (with every validation problem) and storing it as a draft.</summary>
public static class FlowDocuments
{
    public static async Task<(FlowDefinition? Flow, ProblemHttpResult? Problem)> ReadAsync(
        HttpRequest request,
        FlowEngine engine,
        CancellationToken ct
    )
    {
        using var reader = new StreamReader(request.Body);
        var json = await reader.ReadToEndAsync(ct);
        return Validate(json, engine, "");
    }

    public static (FlowDefinition? Flow, ProblemHttpResult? Problem) Validate(
        string json,
        FlowEngine engine,
        string pointerPrefix
    )
    {
        var result = engine.Validator.Validate(json, out var flow);
        return result.HasErrors || flow is null
            ? (null, Problems.Invalid("The flow is not valid", result.Problems, pointerPrefix))
            : (flow, null);
    }

    public static FlowRecord NewRecord(FlowDefinition flow, TimeProvider time)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var record = new FlowRecord
        {
            Id = flow.Id,
            Name = flow.Name,
            DraftJson = "",
            CreatedAt = now,
        };
        SetDraft(record, flow, time);
        return record;
    }

    public static void SetDraft(FlowRecord record, FlowDefinition flow, TimeProvider time)
    {
        record.Name = flow.Name;
        record.Description = flow.Description;
        record.DraftJson = FlowJson.Serialize(flow);
        record.UpdatedAt = time.GetUtcNow().UtcDateTime;
    }
}
