using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Serialization;
using Makini.Flows.Engine.Validation;
using Makini.Flows.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Makini.Flows.Server.Apis;

/// <summary>Reading flow JSON from requests (with every validation problem) and storing it as a draft.</summary>
public static class FlowDocuments
{
    /// <summary>Problems that make a document something other than a flow: refused even as a draft.</summary>
    private static readonly HashSet<string> NotAFlow =
    [
        ProblemCodes.InvalidJson,
        ProblemCodes.Schema,
        ProblemCodes.UnsupportedFormat,
        ProblemCodes.UnknownActivityType,
        ProblemCodes.DuplicateId,
    ];

    /// <summary>
    /// A draft as the designer saves it, work in progress: a flow document is stored with the problems it still
    /// has (a missing input, a script that does not parse yet, an unconnected activity), as n8n and Elsa keep
    /// unfinished work; publishing refuses it until they are fixed. Anything that is not a flow document
    /// (invalid JSON, schema violations, unknown activity types, repeated ids) is refused and stores nothing.
    /// </summary>
    public static async Task<(
        FlowDefinition? Flow,
        IReadOnlyList<FlowProblem> Problems,
        ProblemHttpResult? Refused
    )> ReadDraftAsync(HttpRequest request, FlowEngine engine, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        var json = await reader.ReadToEndAsync(ct);
        var result = engine.Validator.Validate(json, out var flow);
        if (
            flow is null
            || result.Problems.Any(p =>
                p.Severity == ProblemSeverity.Error && NotAFlow.Contains(p.Code)
            )
        )
            return (
                null,
                result.Problems,
                Problems.Invalid("The flow is not valid", result.Problems)
            );
        return (flow, result.Problems, null);
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
