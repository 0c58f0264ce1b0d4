using System.Text.Json.Serialization;

namespace Makini.Flows.Connectors.Manifests;

/// <summary>
/// One maintenance system as data (<c>connectors/*.json</c>, schema <c>schemas/connector.schema.json</c>): its connect
/// form, how requests are authenticated, the request that proves credentials, and one stream per unified entity.
/// </summary>
public sealed record ConnectorManifest
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Vendor { get; init; }
    public required string Category { get; init; }
    public string? Description { get; init; }
    public string? Documentation { get; init; }
    public required IReadOnlyList<CredentialField> Credentials { get; init; }

    /// <summary>Template of the base URL that request paths are appended to.</summary>
    public required string BaseUrl { get; init; }

    /// <summary>Headers sent with every request (templates; an empty one is left out).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } =
        new Dictionary<string, string>();

    /// <summary>The methods, in order; the first whose <c>when</c> field is filled in (or that has none) applies.</summary>
    [JsonConverter(typeof(OneOrManyConverter<AuthenticationSpec>))]
    public required IReadOnlyList<AuthenticationSpec> Authentication { get; init; }

    public required CheckSpec Check { get; init; }
    public RateLimitSpec? RateLimit { get; init; }
    public required IReadOnlyList<StreamSpec> Streams { get; init; }

    public StreamSpec? Stream(string entity) =>
        Streams.FirstOrDefault(s => s.Entity.Equals(entity, StringComparison.Ordinal));
}

/// <summary>A field of the connect form.</summary>
public sealed record CredentialField
{
    public required string Name { get; init; }
    public required string Label { get; init; }

    /// <summary><c>url</c>, <c>text</c>, <c>email</c>, <c>password</c> or <c>number</c>.</summary>
    public required string Type { get; init; }
    public bool Required { get; init; }
    public bool Secret { get; init; }
    public string? Help { get; init; }
    public string? Placeholder { get; init; }
    public string? Default { get; init; }

    /// <summary>Encrypted at rest and masked in every answer: declared secret, or a password field.</summary>
    [JsonIgnore]
    public bool IsSecret => Secret || Type == "password";
}

/// <summary>The request that proves a connection's credentials.</summary>
public sealed record CheckSpec
{
    public required RequestSpec Request { get; init; }
}

/// <summary>Requests allowed per interval, and the headers through which the source says how many remain.</summary>
public sealed record RateLimitSpec
{
    public int? Requests { get; init; }
    public string? Interval { get; init; }
    public string? RemainingHeader { get; init; }
    public string? ResetHeader { get; init; }

    /// <summary><c>seconds</c> (until the reset) or <c>epochSeconds</c> (the reset's time).</summary>
    public string ResetFormat { get; init; } = "seconds";
}
