using System.Reflection;
using Makini.Flows.Server.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Makini.Flows.Server.Infrastructure;

/// <summary>
/// What every operation of the OpenAPI document says about keys and errors, derived from its endpoint's metadata
/// rather than written on each endpoint:
/// <list type="bullet">
/// <item>a route that is not <c>AllowAnonymous</c> wants a key: the <see cref="ApiKeySecurityScheme"/>, and 401 and
/// 403 answers (the 403 naming the roles its policy admits);</item>
/// <item>a body can be malformed or too large: 400 and 413; so can a query parameter that must parse (a number, a
/// yes or no) or that the handler checks;</item>
/// <item>a route with a path parameter names something that may not exist: 404, when its handler can answer a
/// problem at all (a <c>Results&lt;..., ProblemHttpResult&gt;</c> or a plain <c>IResult</c>);</item>
/// <item>the body of an endpoint that reads it by hand, from its <see cref="RequestBodyDescription"/>
/// (<see cref="RequestBodies.DescribesBody"/>);</item>
/// </list>
/// Other answers (409, 422) are declared on the endpoints that give them (<c>ProducesProblem</c>). Every problem is
/// <c>application/problem+json</c> with the <c>ProblemDetails</c> schema; answers an endpoint already declares (the
/// records API's own problem shape) are kept.
/// </summary>
public sealed class OperationResponses : IOpenApiOperationTransformer, IOpenApiDocumentTransformer
{
    public const string ProblemSchema = "ProblemDetails";

    /// <summary>
    /// The ProblemDetails schema the answers refer to, when no endpoint's metadata brought it already; every
    /// operation's answers in the order of their status (other transformers add theirs at the end).
    /// </summary>
    public Task TransformAsync(
        OpenApiDocument document,
        OpenApiDocumentTransformerContext context,
        CancellationToken cancellationToken
    )
    {
        foreach (var path in document.Paths.Values)
        foreach (var operation in path.Operations?.Values.AsEnumerable() ?? [])
        {
            if (operation.Responses is not { } responses)
                continue;
            var ordered = responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
            responses.Clear();
            foreach (var answer in ordered)
                responses[answer.Key] = answer.Value;
        }
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas.TryAdd(
            ProblemSchema,
            new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description =
                    "RFC 9457 problem details; flow and document problems add 'errors' (each with a JSON pointer), others a 'pointer'",
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["type"] = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String | JsonSchemaType.Null,
                    },
                    ["title"] = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String | JsonSchemaType.Null,
                    },
                    ["status"] = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Integer | JsonSchemaType.Null,
                    },
                    ["detail"] = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String | JsonSchemaType.Null,
                    },
                    ["instance"] = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String | JsonSchemaType.Null,
                    },
                },
            }
        );
        return Task.CompletedTask;
    }

    public async Task TransformAsync(
        OpenApiOperation operation,
        OpenApiOperationTransformerContext context,
        CancellationToken cancellationToken
    )
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var document = context.Document;
        operation.Responses ??= [];
        void Problem(int status, string text)
        {
            var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (operation.Responses.ContainsKey(key))
                return;
            operation.Responses[key] = new OpenApiResponse
            {
                Description = text,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new()
                    {
                        Schema = new OpenApiSchemaReference(ProblemSchema, document),
                    },
                },
            };
        }

        if (!metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security =
            [
                new OpenApiSecurityRequirement
                {
                    [new OpenApiSecuritySchemeReference(ApiKeySecurityScheme.Name, document)] = [],
                },
            ];
            Problem(
                StatusCodes.Status401Unauthorized,
                "No key, or not a valid one: send it as 'Authorization: Bearer <key>' (or 'X-Api-Key: <key>')"
            );
            Problem(
                StatusCodes.Status403Forbidden,
                $"The key may not call this: {WhoMay(metadata.OfType<IAuthorizeData>())}"
            );
        }

        if (
            operation.RequestBody is null
            && metadata.OfType<RequestBodyDescription>().FirstOrDefault() is { } body
        )
            operation.RequestBody = await RequestBodyAsync(body, context, cancellationToken);
        var answersProblems = AnswersProblems(metadata);
        var hasBody = operation.RequestBody is not null;
        var query = description
            .ParameterDescriptions.Where(p => p.Source == BindingSource.Query)
            .ToList();
        if (
            hasBody
            || query.Any(p => p.Type is { } type && type != typeof(string))
            || (answersProblems && query.Count > 0)
        )
            Problem(
                StatusCodes.Status400BadRequest,
                "The request is not valid: what is wrong, with a JSON pointer where it helps"
            );
        if (
            answersProblems
            && description.ParameterDescriptions.Any(p => p.Source == BindingSource.Path)
        )
            Problem(StatusCodes.Status404NotFound, "Nothing with that id");
        if (hasBody)
            Problem(
                StatusCodes.Status413PayloadTooLarge,
                "The body is larger than Server:MaxRequestBodyBytes (10 MB unless configured)"
            );
        foreach (var (status, response) in operation.Responses)
            if (status.StartsWith('4') || status.StartsWith('5'))
                DescribeProblem(response, document);
    }

    private static async Task<OpenApiRequestBody> RequestBodyAsync(
        RequestBodyDescription body,
        OpenApiOperationTransformerContext context,
        CancellationToken cancellationToken
    )
    {
        IOpenApiSchema schema = await context.GetOrCreateSchemaAsync(
            body.Type,
            cancellationToken: cancellationToken
        );
        // An object with properties is a component, named as its type, as the bodies ASP.NET describes itself.
        if (
            context.Document is { } document
            && schema is OpenApiSchema { Properties.Count: > 0 } described
        )
        {
            document.Components ??= new OpenApiComponents();
            document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            document.Components.Schemas.TryAdd(body.Type.Name, described);
            schema = new OpenApiSchemaReference(body.Type.Name, document);
        }
        if (body.OneOrMany)
            schema = new OpenApiSchema
            {
                OneOf = [schema, new OpenApiSchema { Type = JsonSchemaType.Array, Items = schema }],
            };
        var content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/json"] = new() { Schema = schema },
        };
        if (body.OrFiles)
            content["multipart/form-data"] = new()
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["files"] = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Array,
                            Items = new OpenApiSchema
                            {
                                Type = JsonSchemaType.String,
                                Format = "binary",
                            },
                        },
                    },
                },
            };
        return new OpenApiRequestBody
        {
            Description = body.Text,
            Required = !body.Optional,
            Content = content,
        };
    }

    /// <summary>A problem answer declared without a schema (or with one in another media type) gets ProblemDetails.</summary>
    private static void DescribeProblem(IOpenApiResponse response, OpenApiDocument? document)
    {
        if (response is not OpenApiResponse concrete)
            return;
        concrete.Content ??= new Dictionary<string, OpenApiMediaType>();
        if (!concrete.Content.ContainsKey("application/problem+json"))
        {
            concrete.Content.Clear();
            concrete.Content["application/problem+json"] = new()
            {
                Schema = new OpenApiSchemaReference(ProblemSchema, document),
            };
        }
    }

    private static string WhoMay(IEnumerable<IAuthorizeData> authorization)
    {
        var policies = authorization.Select(a => a.Policy).OfType<string>().ToHashSet();
        if (policies.Contains(Roles.AdminPolicy) || policies.Count == 0)
            return "an admin key only";
        if (policies.Contains(Roles.ConnectionReaderPolicy))
            return "an admin key, or the token of the connection it reads";
        return policies.Contains(Roles.RunnerPolicy)
            ? "an admin or runner key (not a connection token)"
            : "see the key's role";
    }

    /// <summary>
    /// Whether the handler can answer a problem of its own: its result type names <see cref="ProblemHttpResult"/>,
    /// or is any <see cref="IResult"/>. A handler that writes the response itself (returns <see cref="Task"/>) or
    /// whose result is one success type cannot.
    /// </summary>
    private static bool AnswersProblems(IList<object> metadata)
    {
        if (metadata.OfType<MethodInfo>().FirstOrDefault() is not { } handler)
            return true;
        var type = handler.ReturnType;
        if (
            type.IsGenericType
            && (
                type.GetGenericTypeDefinition() == typeof(Task<>)
                || type.GetGenericTypeDefinition() == typeof(ValueTask<>)
            )
        )
            type = type.GetGenericArguments()[0];
        if (type == typeof(Task) || type == typeof(ValueTask) || type == typeof(void))
            return false;
        if (type == typeof(IResult) || type == typeof(object))
            return true;
        return type == typeof(ProblemHttpResult)
            || (
                type.IsGenericType && type.GetGenericArguments().Contains(typeof(ProblemHttpResult))
            );
    }
}

/// <summary>
/// The body of an endpoint that reads it by hand, for the OpenAPI document only (<see cref="OperationResponses"/>).
/// Not <c>Accepts</c>: its metadata also makes routing refuse other content types with a 415, and these endpoints
/// take what they take (a flow as text, files, no body at all) and answer mistakes themselves.
/// </summary>
/// <param name="OneOrMany">A <paramref name="Type"/> or an array of them.</param>
/// <param name="OrFiles">Or files, as multipart/form-data.</param>
public sealed record RequestBodyDescription(
    Type Type,
    string Text,
    bool Optional,
    bool OneOrMany = false,
    bool OrFiles = false
);

/// <summary>Declares the body of an endpoint that reads it by hand (to answer its mistakes with pointers).</summary>
public static class RequestBodies
{
    /// <summary>A JSON body shaped as <typeparamref name="T"/>, with what it is; routing is left as it was.</summary>
    public static RouteHandlerBuilder DescribesBody<T>(
        this RouteHandlerBuilder builder,
        string description,
        bool optional = false,
        bool oneOrMany = false,
        bool orFiles = false
    ) =>
        builder.WithMetadata(
            new RequestBodyDescription(typeof(T), description, optional, oneOrMany, orFiles)
        );
}
