using System.Security.Claims;
using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Mappings;
using Makini.Flows.Connectors.Unified;
using Makini.Flows.Engine.Validation;
using Makini.Flows.Server.Auth;
using Makini.Flows.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Mappings;

/// <summary>
/// <c>/api/connections/{id}/mappings</c>: each connection's mapping of each entity, saved as versions that take
/// effect at once (docs/mappings.md).
/// </summary>
public static class MappingsApi
{
    private const int MaxDocumentBytes = 1024 * 1024;

    public static void MapMappingsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/connections/{id}/mappings")
            .WithTags("Mappings")
            .RequireAuthorization(Roles.AdminPolicy);
        group.MapGet("", MappingViews.ListAsync);
        group.MapGet("/export", MappingTransfer.ExportAsync);
        group
            .MapPost("/import", MappingTransfer.ImportAsync)
            .DescribesBody<JsonObject>(
                $"A mappings file ({MappingTransfer.Format}) as GET .../mappings/export writes it: every entity is saved, or none"
            );
        group.MapGet("/{entity}", MappingViews.DetailAsync);
        group
            .MapPut("/{entity}", SaveAsync)
            .DescribesBody<JsonObject>(
                "The entity's mapping document (docs/mappings.md): { fields, customFields }"
            );
        group.MapDelete("/{entity}", ResetAsync);
        group
            .MapPost("/{entity}/preview", MappingPreview.PreviewAsync)
            .DescribesBody<MappingPreview.PreviewRequest>(
                "A draft mapping document, and source records to map with it (else the connection's latest, up to limit)"
            );
        group.MapGet("/{entity}/versions", MappingHistory.VersionsAsync);
        group.MapGet("/{entity}/versions/{version:long}", MappingHistory.VersionAsync);
        group.MapGet("/{entity}/diff", MappingHistory.DiffAsync);
        group
            .MapPost("/{entity}/revert", MappingHistory.RevertAsync)
            .DescribesBody<MappingHistory.RevertRequest>(
                "The version to go back to (0: the connector's default), saved as a new version"
            );
    }

    private static async Task<IResult> SaveAsync(
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
        var (text, tooLarge) = await ReadTextAsync(http.Request, ct);
        if (tooLarge is not null)
            return tooLarge;
        return await SaveTextAsync(target!, text, http.User, db, mappings, saver, ct);
    }

    /// <summary>Checks and saves a document given as JSON text; the answer of PUT, revert and reset.</summary>
    internal static async Task<IResult> SaveTextAsync(
        MappingTarget target,
        string text,
        ClaimsPrincipal user,
        FlowsDbContext db,
        ConnectionMappings mappings,
        MappingSaver saver,
        CancellationToken ct
    )
    {
        var problems = new List<FlowProblem>();
        var draft = mappings.Draft(target.Stream, target.Entity, text, problems);
        if (draft is null)
            return Problems.Invalid("The mapping is not valid", problems);
        var seen = await SourceFields.ScanAsync(
            db,
            target.Connection.Id,
            target.Entity.Name,
            SourceFields.DefaultSample,
            ct
        );
        var warnings = MappingWarnings.Of(draft.Document, seen);
        var saved = await saver.SaveAsync(
            db,
            target.Connection,
            target.Entity,
            draft.Document,
            AuthorOf(user),
            ct
        );
        return TypedResults.Ok(
            new
            {
                entity = target.Entity.Name,
                version = saved.Version,
                savedAt = saved.SavedAt,
                changed = saved.Changed,
                reprojected = saved.Reprojected,
                warnings,
            }
        );
    }

    private static async Task<IResult> ResetAsync(
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
        return missing ?? await SaveTextAsync(target!, "{}", http.User, db, mappings, saver, ct);
    }

    internal static string? AuthorOf(ClaimsPrincipal user) =>
        user.FindFirst(ClaimTypes.NameIdentifier)?.Value;

    /// <summary>The body as text, at most 1 MB (413 beyond).</summary>
    internal static async Task<(string Text, IResult? Problem)> ReadTextAsync(
        HttpRequest request,
        CancellationToken ct
    )
    {
        if (request.ContentLength > MaxDocumentBytes)
            return ("", TooLarge());
        var buffer = new char[MaxDocumentBytes + 1];
        using var reader = new StreamReader(request.Body);
        var read = 0;
        int chunk;
        while (
            read < buffer.Length && (chunk = await reader.ReadAsync(buffer.AsMemory(read), ct)) > 0
        )
            read += chunk;
        return read > MaxDocumentBytes ? ("", TooLarge()) : (new string(buffer, 0, read), null);
    }

    private static IResult TooLarge() =>
        TypedResults.Problem(
            title: "Payload too large",
            detail: $"a mapping document is at most {MaxDocumentBytes / 1024} KB",
            statusCode: StatusCodes.Status413PayloadTooLarge
        );
}
