using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Makini.Flows.Server.Infrastructure;

/// <summary>
/// Declares the API key (a bearer token) in the OpenAPI document, so /api/docs can send it. The operations that want
/// it name it themselves (<see cref="OperationResponses"/>): the anonymous ones (the flow schema, public triggers)
/// do not.
/// </summary>
public sealed class ApiKeySecurityScheme : IOpenApiDocumentTransformer
{
    public const string Name = "ApiKey";

    public Task TransformAsync(
        OpenApiDocument document,
        OpenApiDocumentTransformerContext context,
        CancellationToken cancellationToken
    )
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Name] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description =
                "An API key (mk_...), as printed by the server on first start or created at /api/keys; or a connection token (mkc_..., POST /api/connections/{id}/tokens), which reads only its own connection.",
        };
        return Task.CompletedTask;
    }
}
