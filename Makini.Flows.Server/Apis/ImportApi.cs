using System.Text.Json;
using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Validation;
using Makini.Flows.Server.Auth;
using Makini.Flows.Server.Flows;
using Makini.Flows.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Apis;

/// <summary>
/// <c>POST /api/flows/import</c>: one flow, a JSON array of flows, or several files (multipart). Every problem
/// of every flow is returned, and nothing is stored unless all of them are valid.
/// </summary>
public static class ImportApi
{
    public static void MapImportApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/flows/import", ImportAsync)
            .WithTags("Flows")
            .RequireAuthorization(Roles.AdminPolicy)
            .DisableAntiforgery()
            .DescribesBody<FlowDefinition>(
                "One flow document, a JSON array of them, or several files (multipart/form-data, any field name): all imported, or none",
                oneOrMany: true,
                orFiles: true
            )
            .ProducesProblem(StatusCodes.Status409Conflict);

    public sealed record ImportResult(List<string> Imported, List<string> Published);

    private static async Task<Results<Ok<ImportResult>, ProblemHttpResult>> ImportAsync(
        HttpRequest request,
        bool? publish,
        FlowsDbContext db,
        FlowEngine engine,
        FlowPublisher publisher,
        FlowTriggers triggers,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var (documents, refused) = await DocumentsAsync(request, ct);
        if (refused is not null)
            return refused;
        var flows = new List<FlowDefinition>();
        var problems = new List<FlowProblem>();
        foreach (var (prefix, json) in documents)
        {
            var result = engine.Validator.Validate(json, out var flow);
            problems.AddRange(
                result
                    .Problems.Where(p => p.Severity == ProblemSeverity.Error)
                    .Select(p => p with { Pointer = prefix + p.Pointer })
            );
            if (!result.HasErrors && flow is not null)
                flows.Add(flow);
        }
        var duplicates = flows
            .GroupBy(f => f.Id)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key)
            .ToList();
        problems.AddRange(
            duplicates.Select(id =>
                FlowProblem.Error(
                    ProblemCodes.DuplicateId,
                    "",
                    $"flow id '{id}' appears more than once in the import"
                )
            )
        );
        if (problems.Count > 0)
            return Problems.Invalid("Nothing was imported: the flows have errors", problems);

        if (publish == true && SharedRoute(flows) is { } shared)
            return shared.ToProblem();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var published = new List<string>();
        foreach (var flow in flows)
        {
            var record = await db.Flows.FirstOrDefaultAsync(f => f.Id == flow.Id, ct);
            if (record is null)
                db.Flows.Add(record = FlowDocuments.NewRecord(flow, time));
            else
                FlowDocuments.SetDraft(record, flow, time);
            await db.SaveChangesAsync(ct);
            if (publish == true)
            {
                try
                {
                    await publisher.PublishAsync(record, flow, ct);
                }
                catch (RouteConflictException exception)
                {
                    return exception.ToProblem();
                }
                published.Add(flow.Id);
            }
        }
        await transaction.CommitAsync(ct);
        if (published.Count > 0)
            await triggers.ChangedAsync(ct);
        return TypedResults.Ok(new ImportResult(flows.Select(f => f.Id).ToList(), published));
    }

    /// <summary>Two flows of one import that would serve the same hook route: the second is refused.</summary>
    private static RouteConflictException? SharedRoute(IEnumerable<FlowDefinition> flows)
    {
        var claimed = new List<Hooks.HookRoute>();
        foreach (var flow in flows)
        {
            if (Hooks.HookRoutes.Of(flow, 0) is not { } route)
                continue;
            if (
                claimed.FirstOrDefault(c =>
                    c.Path == route.Path && c.Methods.Intersect(route.Methods).Any()
                ) is
                { } first
            )
                return new RouteConflictException(
                    $"flows '{first.FlowId}' and '{flow.Id}' of this import both serve /hooks/{route.Path}: give one of them another path",
                    first.FlowId
                );
            claimed.Add(route);
        }
        return null;
    }

    /// <summary>Where a multipart body breaks: its declared boundary, or the parts.</summary>
    private static string MultipartPointer(Exception exception) =>
        exception.Message.Contains("boundary", StringComparison.OrdinalIgnoreCase)
            ? "/headers/content-type"
            : "/files";

    /// <summary>
    /// Each flow's JSON with the pointer prefix its problems get (none for a single flow), or why the upload
    /// cannot be read: a multipart body that breaks the format (no boundary, a truncated part, a part header over
    /// the limit) or that holds no file.
    /// </summary>
    private static async Task<(
        List<(string Prefix, string Json)> Documents,
        ProblemHttpResult? Problem
    )> DocumentsAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(ct);
            }
            catch (Exception exception)
                when (exception is InvalidDataException
                    || exception is IOException && !ct.IsCancellationRequested
                )
            {
                return (
                    [],
                    Problems.BadRequest(
                        $"the upload is not valid multipart/form-data: {exception.Message}",
                        MultipartPointer(exception)
                    )
                );
            }
            if (form.Files.Count == 0)
                return (
                    [],
                    Problems.BadRequest(
                        "the upload holds no file: send each flow as a file part of multipart/form-data",
                        "/files"
                    )
                );
            var files = new List<(string, string)>();
            foreach (var file in form.Files)
            {
                using var reader = new StreamReader(file.OpenReadStream());
                files.Add(
                    ($"/files/{JsonPointer.Escape(file.FileName)}", await reader.ReadToEndAsync(ct))
                );
            }
            return (files, null);
        }
        using var bodyReader = new StreamReader(request.Body);
        var body = await bodyReader.ReadToEndAsync(ct);
        try
        {
            // Each item's text as sent: re-serializing would unescape it first, and throw on what the flow
            // reader reports as a problem (an unpaired surrogate such as "\ud800").
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Array
                ? (
                    document
                        .RootElement.EnumerateArray()
                        .Select((item, index) => ($"/{index}", item.GetRawText()))
                        .ToList(),
                    null
                )
                : ([("", body)], null);
        }
        catch (JsonException)
        {
            return ([("", body)], null);
        }
    }
}
