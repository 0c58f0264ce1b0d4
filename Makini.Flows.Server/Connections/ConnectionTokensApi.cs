using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Connections;

/// <summary>
/// A connection's tokens: create one (the token is shown once), list them by prefix with their last use, revoke
/// one (it stops working at once on this node, within <see cref="ConnectionTokenCache.Lifetime"/> on others).
/// </summary>
public static class ConnectionTokensApi
{
    public static void MapConnectionTokens(this RouteGroupBuilder connections)
    {
        connections
            .MapPost("/{id}/tokens", CreateAsync)
            .Accepts<CreateConnectionTokenRequest>("application/json");
        connections.MapGet("/{id}/tokens", ListAsync);
        connections.MapDelete("/{id}/tokens/{tokenId}", RevokeAsync);
    }

    private static async Task<
        Results<Created<CreatedConnectionToken>, ProblemHttpResult>
    > CreateAsync(
        string id,
        HttpRequest request,
        FlowsDbContext db,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var (body, unreadable) = await ConnectionProblems.ReadObjectAsync(request, "{ name }", ct);
        if (unreadable is not null)
            return unreadable;
        if (
            body!["name"] is not JsonValue value
            || value.GetValueKind() != JsonValueKind.String
            || value.GetValue<string>().Trim()
                is not { Length: > 0 and <= ConnectionInput.MaxNameLength } name
        )
            return Problems.BadRequest(
                $"name is required: 1 to {ConnectionInput.MaxNameLength} characters that say who uses the token",
                "/name"
            );
        if (!await db.Connections.AnyAsync(c => c.Id == id, ct))
            return ConnectionsApi.NotFound(id);
        var (record, token) = ConnectionTokens.Create(id, name, time.GetUtcNow().UtcDateTime);
        db.ConnectionTokens.Add(record);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created(
            $"/api/connections/{id}/tokens/{record.Id}",
            new CreatedConnectionToken(
                record.Id,
                record.Name,
                record.Prefix,
                token,
                record.CreatedAt
            )
        );
    }

    private static async Task<Results<Ok<List<ConnectionTokenView>>, ProblemHttpResult>> ListAsync(
        string id,
        FlowsDbContext db,
        CancellationToken ct
    )
    {
        if (!await db.Connections.AnyAsync(c => c.Id == id, ct))
            return ConnectionsApi.NotFound(id);
        return TypedResults.Ok(
            await db
                .ConnectionTokens.AsNoTracking()
                .Where(t => t.ConnectionId == id)
                .OrderBy(t => t.CreatedAt)
                .Select(t => new ConnectionTokenView(
                    t.Id,
                    t.Name,
                    t.Prefix,
                    t.CreatedAt,
                    t.LastUsedAt
                ))
                .ToListAsync(ct)
        );
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        string id,
        string tokenId,
        FlowsDbContext db,
        ConnectionTokenCache tokens,
        CancellationToken ct
    )
    {
        var deleted = await db
            .ConnectionTokens.Where(t => t.Id == tokenId && t.ConnectionId == id)
            .ExecuteDeleteAsync(ct);
        tokens.ForgetToken(tokenId);
        return deleted == 0
            ? Problems.NotFound($"connection '{id}' has no token '{tokenId}'")
            : TypedResults.NoContent();
    }
}
