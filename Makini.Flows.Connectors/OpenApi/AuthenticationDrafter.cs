using System.Text.Json.Nodes;

namespace Makini.Flows.Connectors.OpenApi;

/// <summary>
/// The credential fields and the authentication of a draft, from the document's <c>securitySchemes</c>: http bearer,
/// http basic, an API key in a header or cookie, OAuth 2 client credentials.
/// </summary>
public static class AuthenticationDrafter
{
    public static AuthenticationDraft Draft(OpenApiSpec spec, List<string> warnings)
    {
        var schemes = spec.Resolve(spec.Root["components"]?["securitySchemes"]) as JsonObject;
        var mapped = new List<(string Name, AuthenticationDraft Draft)>();
        var unsupported = new List<string>();
        foreach (var (name, scopes) in Candidates(spec, schemes))
        {
            if (spec.Resolve(schemes?[name]) is not JsonObject scheme)
                continue;
            if (Map(spec, scheme, scopes, warnings) is { } draft)
                mapped.Add((name, draft));
            else
                unsupported.Add($"{name} ({Describe(scheme)})");
        }
        foreach (var other in unsupported)
            warnings.Add($"security scheme {other} cannot be expressed in a manifest");
        if (mapped.Count > 0)
        {
            if (mapped.Count > 1)
                warnings.Add(
                    $"security scheme '{mapped[0].Name}' drafted; also declared: {string.Join(", ", mapped.Skip(1).Select(m => m.Name))}"
                );
            return mapped[0].Draft;
        }
        if (unsupported.Count > 0)
        {
            warnings.Add(
                "authentication guessed as a bearer token pasted by the user: check how this API wants to be called"
            );
            return Bearer(null);
        }
        warnings.Add(
            "the document declares no security scheme: authentication guessed as basic with a username and password"
        );
        return Basic(null);
    }

    // The schemes of the document's security requirements in order, then every declared scheme.
    private static IEnumerable<(string Name, IReadOnlyList<string> Scopes)> Candidates(
        OpenApiSpec spec,
        JsonObject? schemes
    )
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (spec.Root["security"] is JsonArray requirements)
            foreach (var requirement in requirements.OfType<JsonObject>())
            foreach (var (name, scopes) in requirement)
                if (seen.Add(name))
                    yield return (
                        name,
                        scopes is JsonArray list
                            ? list.Select(OpenApiSpec.Text).OfType<string>().ToList()
                            : []
                    );
        if (schemes is not null)
            foreach (var (name, _) in schemes)
                if (seen.Add(name))
                    yield return (name, []);
    }

    private static AuthenticationDraft? Map(
        OpenApiSpec spec,
        JsonObject scheme,
        IReadOnlyList<string> scopes,
        List<string> warnings
    )
    {
        var help = Names.PlainText(OpenApiSpec.Text(scheme["description"]), 500);
        var location = OpenApiSpec.Text(scheme["in"]);
        var parameter = OpenApiSpec.Text(scheme["name"]);
        switch
            (
                OpenApiSpec.Text(scheme["type"]),
                OpenApiSpec.Text(scheme["scheme"])?.ToLowerInvariant()
            )

        {
            case ("http", "bearer"):
                return Bearer(help);
            case ("http", "basic"):
                return Basic(help);
            case ("apiKey", _) when location == "header" && !string.IsNullOrEmpty(parameter):
                return new AuthenticationDraft(
                    [ApiKeyField(help)],
                    new JsonObject
                    {
                        ["type"] = "header",
                        ["name"] = parameter,
                        ["value"] = "{{credentials.apiKey}}",
                    }
                );
            case ("apiKey", _) when location == "cookie" && !string.IsNullOrEmpty(parameter):
                return new AuthenticationDraft(
                    [ApiKeyField(help)],
                    new JsonObject
                    {
                        ["type"] = "header",
                        ["name"] = "Cookie",
                        ["value"] = parameter + "={{credentials.apiKey}}",
                    }
                );
            case ("oauth2", _)
                when spec.Resolve(scheme["flows"]?["clientCredentials"]) is JsonObject flow
                    && OpenApiSpec.Text(flow["tokenUrl"]) is { Length: > 0 } tokenUrl:
                var declared = flow["scopes"] is JsonObject all
                    ? all.Select(s => s.Key).ToList()
                    : [];
                if (scopes.Count == 0 && declared.Count > 0)
                    warnings.Add(
                        $"OAuth scopes left empty; the document declares: {string.Join(", ", declared)}"
                    );
                return new AuthenticationDraft(
                    [
                        Field("clientId", "Client id", "text", secret: false, help),
                        Field("clientSecret", "Client secret", "password", secret: true, null),
                    ],
                    new JsonObject
                    {
                        ["type"] = "oauth2ClientCredentials",
                        ["tokenUrl"] = tokenUrl,
                        ["clientId"] = "{{credentials.clientId}}",
                        ["clientSecret"] = "{{credentials.clientSecret}}",
                        ["scopes"] = new JsonArray(scopes.Select(s => (JsonNode)s).ToArray()),
                    }
                );
            default:
                return null;
        }
    }

    private static string Describe(JsonObject scheme) =>
        string.Join(
            " ",
            new[]
            {
                OpenApiSpec.Text(scheme["type"]),
                OpenApiSpec.Text(scheme["scheme"]),
                OpenApiSpec.Text(scheme["in"]) is { } at ? "in " + at : null,
                scheme["flows"] is JsonObject flows
                    ? string.Join("/", flows.Select(f => f.Key))
                    : null,
            }.Where(p => p is not null)
        );

    private static AuthenticationDraft Bearer(string? help) =>
        new(
            [ApiKeyField(help)],
            new JsonObject { ["type"] = "bearer", ["token"] = "{{credentials.apiKey}}" }
        );

    private static AuthenticationDraft Basic(string? help) =>
        new(
            [
                Field("username", "Username", "text", secret: false, help),
                Field("password", "Password", "password", secret: true, null),
            ],
            new JsonObject
            {
                ["type"] = "basic",
                ["username"] = "{{credentials.username}}",
                ["password"] = "{{credentials.password}}",
            }
        );

    private static JsonObject ApiKeyField(string? help) =>
        Field("apiKey", "API key", "password", secret: true, help);

    private static JsonObject Field(
        string name,
        string label,
        string type,
        bool secret,
        string? help
    )
    {
        var field = new JsonObject
        {
            ["name"] = name,
            ["label"] = label,
            ["type"] = type,
            ["required"] = true,
        };
        if (secret)
            field["secret"] = true;
        if (!string.IsNullOrEmpty(help))
            field["help"] = help;
        return field;
    }
}

/// <summary>The credential fields a method needs, and the method.</summary>
public sealed record AuthenticationDraft(
    IReadOnlyList<JsonObject> Fields,
    JsonObject Authentication
);
