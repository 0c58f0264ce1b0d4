using Makini.Flows.Connectors.Manifests;

namespace Makini.Flows.Server.Connectors;

/// <summary>A connector as the catalogue lists it: enough to pick it and to draw its connect form.</summary>
public sealed record ConnectorSummary(
    string Id,
    string Name,
    string Vendor,
    string Category,
    string? Description,
    string? Documentation,
    string Authentication,
    IReadOnlyList<CredentialFieldView> Credentials,
    IReadOnlyList<string> Entities
)
{
    public static ConnectorSummary Of(ConnectorManifest manifest) =>
        new(
            manifest.Id,
            manifest.Name,
            manifest.Vendor,
            manifest.Category,
            manifest.Description,
            manifest.Documentation,
            AuthenticationName(manifest.Authentication[0]),
            [.. manifest.Credentials.Select(CredentialFieldView.Of)],
            [.. manifest.Streams.Select(s => s.Entity)]
        );

    /// <summary>The <c>type</c> the manifest gives its (first) authentication method.</summary>
    public static string AuthenticationName(AuthenticationSpec authentication) =>
        authentication switch
        {
            BasicAuthentication => "basic",
            HeaderAuthentication => "header",
            BearerAuthentication => "bearer",
            SessionAuthentication => "session",
            OAuth2ClientCredentials => "oauth2ClientCredentials",
            HmacSignedUrl => "hmacSignedUrl",
            _ => authentication.GetType().Name,
        };
}

/// <summary>A field of a connector's connect form; <c>secret</c> fields are stored encrypted and never shown again.</summary>
public sealed record CredentialFieldView(
    string Name,
    string Label,
    string Type,
    bool Required,
    bool Secret,
    string? Help,
    string? Placeholder,
    string? Default
)
{
    public static CredentialFieldView Of(CredentialField field) =>
        new(
            field.Name,
            field.Label,
            field.Type,
            field.Required,
            field.IsSecret,
            field.Help,
            field.Placeholder,
            field.Default
        );
}
