using System.Text;
using Makini.Flows.Connectors.Manifests;

namespace Makini.Flows.Connectors.Runtime.Authentication;

/// <summary>The OAuth 2 client credentials grant; the access token goes in <c>Authorization: Bearer</c>.</summary>
internal sealed class OAuth2Login(
    OAuth2ClientCredentials spec,
    ConnectorManifest manifest,
    Func<TemplateValues> values,
    TokenHolder holder,
    TimeProvider clock,
    Func<Func<SourceRequest>, CancellationToken, Task<SourceAnswer>> send
) : TokenLogin(holder, clock, "Authorization", "Bearer ")
{
    protected override async Task<(string Token, DateTimeOffset? ExpiresAt)> LogInAsync(
        CancellationToken cancellationToken
    )
    {
        var answer = await send(TokenRequest, cancellationToken);
        using var json = answer.Json();
        var token =
            JsonPointers.Text(json.RootElement, "/access_token")
            ?? throw NoToken(answer.Request, "/access_token");
        var expiresIn = JsonPointers.Text(json.RootElement, "/expires_in");
        DateTimeOffset? expiresAt = long.TryParse(expiresIn, out var seconds)
            ? Clock.GetUtcNow().AddSeconds(seconds)
            : null;
        return (token, expiresAt);
    }

    private SourceRequest TokenRequest()
    {
        var current = values();
        var clientId = Templates.Render(spec.ClientId, current);
        var clientSecret = Templates.Render(spec.ClientSecret, current);
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "client_credentials"),
        };
        if (spec.Scopes.Count > 0)
            form.Add(new("scope", string.Join(' ', spec.Scopes)));
        if (spec.ClientAuthentication == "body")
        {
            form.Add(new("client_id", clientId));
            form.Add(new("client_secret", clientSecret));
        }
        var request = SourceRequest.Render(
            manifest,
            new RequestSpec { Method = "POST", Path = spec.TokenUrl },
            current
        );
        request.Headers.Remove("Authorization");
        if (spec.ClientAuthentication != "body")
            request.Headers["Authorization"] =
                "Basic "
                + Convert.ToBase64String(
                    Encoding.UTF8.GetBytes(
                        $"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(clientSecret)}"
                    )
                );
        request.FormBody = form;
        return request;
    }
}
