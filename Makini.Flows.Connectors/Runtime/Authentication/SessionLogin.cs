using Makini.Flows.Connectors.Manifests;

namespace Makini.Flows.Connectors.Runtime.Authentication;

/// <summary>A login request (UpKeep's <c>POST /auth</c>) whose answer holds a session token sent in a header.</summary>
internal sealed class SessionLogin(
    SessionAuthentication spec,
    ConnectorManifest manifest,
    Func<TemplateValues> values,
    TokenHolder holder,
    TimeProvider clock,
    Func<Func<SourceRequest>, CancellationToken, Task<SourceAnswer>> send
) : TokenLogin(holder, clock, spec.Header, spec.Prefix)
{
    protected override async Task<(string Token, DateTimeOffset? ExpiresAt)> LogInAsync(
        CancellationToken cancellationToken
    )
    {
        var answer = await send(
            () => SourceRequest.Render(manifest, spec.Login, values()),
            cancellationToken
        );
        using var json = answer.Json();
        var token =
            JsonPointers.Text(json.RootElement, spec.Token)
            ?? throw NoToken(answer.Request, spec.Token);
        var expiresAt = spec.ExpiresAt is null
            ? null
            : ReadTime(JsonPointers.Find(json.RootElement, spec.ExpiresAt));
        if (expiresAt is null && ManifestReader.ParseDuration(spec.Lifetime) is { } lifetime)
            expiresAt = Clock.GetUtcNow() + lifetime;
        return (token, expiresAt);
    }
}
