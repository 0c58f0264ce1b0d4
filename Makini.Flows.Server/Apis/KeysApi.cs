using Makini.Flows.Server.Auth;
using Makini.Flows.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Apis;

/// <summary>API keys: list, create (the key is shown once), delete.</summary>
public static class KeysApi
{
    public static void MapKeysApi(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/keys")
            .WithTags("API keys")
            .RequireAuthorization(Roles.AdminPolicy);
        keys.MapGet("/", ListAsync);
        keys.MapPost("/", CreateAsync);
        keys.MapDelete("/{id}", DeleteAsync);
    }

    public sealed record KeySummary(
        string Id,
        string Name,
        string Role,
        string Prefix,
        DateTime CreatedAt
    );

    public sealed record NewKey(string Name, string Role);

    public sealed record CreatedKey(string Id, string Name, string Role, string Key);

    private static async Task<Ok<List<KeySummary>>> ListAsync(
        FlowsDbContext db,
        CancellationToken ct
    ) =>
        TypedResults.Ok(
            await db
                .ApiKeys.OrderBy(k => k.CreatedAt)
                .Select(k => new KeySummary(k.Id, k.Name, k.Role, k.Prefix, k.CreatedAt))
                .ToListAsync(ct)
        );

    private static async Task<Results<Created<CreatedKey>, ProblemHttpResult>> CreateAsync(
        NewKey request,
        ApiKeyStore store,
        CancellationToken ct
    )
    {
        if (!Roles.IsKnown(request.Role))
            return Problems.BadRequest(
                $"unknown role '{request.Role}': use {Roles.Admin} or {Roles.Runner}",
                "/role"
            );
        if (string.IsNullOrWhiteSpace(request.Name))
            return Problems.BadRequest("a key needs a name", "/name");
        var (record, key) = await store.CreateAsync(request.Name, request.Role, null, ct);
        return TypedResults.Created(
            $"/api/keys/{record.Id}",
            new CreatedKey(record.Id, record.Name, record.Role, key)
        );
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string id,
        FlowsDbContext db,
        ApiKeyCache cache,
        CancellationToken ct
    )
    {
        var deleted = await db.ApiKeys.Where(k => k.Id == id).ExecuteDeleteAsync(ct);
        cache.Forget(id);
        return deleted == 0 ? Problems.NotFound($"no API key '{id}'") : TypedResults.NoContent();
    }
}
