using System.Text.Json.Serialization;

namespace Makini.Flows.Connectors.Manifests;

/// <summary>How a connector authenticates its requests, chosen by <c>type</c>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(BasicAuthentication), "basic")]
[JsonDerivedType(typeof(HeaderAuthentication), "header")]
[JsonDerivedType(typeof(BearerAuthentication), "bearer")]
[JsonDerivedType(typeof(SessionAuthentication), "session")]
[JsonDerivedType(typeof(OAuth2ClientCredentials), "oauth2ClientCredentials")]
[JsonDerivedType(typeof(HmacSignedUrl), "hmacSignedUrl")]
public abstract record AuthenticationSpec
{
    /// <summary>The credential field that must be filled in for this method to apply.</summary>
    public string? When { get; init; }
}

/// <summary><c>Authorization: Basic base64(user:password)</c>, or the same value in another header (Maximo's maxauth).</summary>
public sealed record BasicAuthentication : AuthenticationSpec
{
    public required string Username { get; init; }
    public required string Password { get; init; }
    public string Header { get; init; } = "Authorization";
    public string Scheme { get; init; } = "Basic";
}

/// <summary>An API key in a header of its own.</summary>
public sealed record HeaderAuthentication : AuthenticationSpec
{
    public required string Name { get; init; }
    public required string Value { get; init; }
}

/// <summary><c>Authorization: Bearer token</c>.</summary>
public sealed record BearerAuthentication : AuthenticationSpec
{
    public required string Token { get; init; }
}

/// <summary>A login request that answers a session token, sent in a header; renewed on expiry and on a 401.</summary>
public sealed record SessionAuthentication : AuthenticationSpec
{
    public required RequestSpec Login { get; init; }
    public required string Token { get; init; }
    public string? ExpiresAt { get; init; }
    public string? Lifetime { get; init; }
    public required string Header { get; init; }
    public string Prefix { get; init; } = "";
}

/// <summary>OAuth 2 client credentials grant; the token is renewed before it expires and on a 401.</summary>
public sealed record OAuth2ClientCredentials : AuthenticationSpec
{
    public required string TokenUrl { get; init; }
    public required string ClientId { get; init; }
    public required string ClientSecret { get; init; }
    public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary><c>basic</c> (client id and secret in an Authorization header) or <c>body</c>.</summary>
    public string ClientAuthentication { get; init; } = "basic";
}

/// <summary>
/// Keys and a timestamp added to each URL, and an HMAC-SHA256 of the URL (Fiix: without <c>https://</c>) in a header.
/// </summary>
public sealed record HmacSignedUrl : AuthenticationSpec
{
    public required IReadOnlyDictionary<string, string> Query { get; init; }
    public required string Secret { get; init; }
    public string Signed { get; init; } = "urlWithoutScheme";
    public required string Header { get; init; }
    public string Encoding { get; init; } = "hex";
}
