using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Unified;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Makini.Flows.Server.Records;

/// <summary>
/// Describes the records API in the OpenAPI document: each unified entity's schema (from its unified fields), the
/// list envelope, the query syntax as parameters, the <c>X-Connection-Id</c> header, and the error answers.
/// </summary>
public sealed class RecordsOpenApi : IOpenApiDocumentTransformer
{
    private const string QuerySyntax = """
        Filtering: filter[field]=value, filter[field:contains]=, filter[field:startsWith]=,
        filter[field:gt|gteq|lt|lted]= (numbers and dates compare as such; a date alone is its midnight UTC, and for
        equality the whole day). Fields of an object field: filter[address.city]=Gent. filterMatch=all (the default:
        AND) or any (OR). Sorting: sort[field]=1 (descending) or 0 (ascending), several in order. Paging: page (from 1),
        per_page (1 to 100, default 25). Deleted records are not listed.
        """;

    public Task TransformAsync(
        OpenApiDocument document,
        OpenApiDocumentTransformerContext context,
        CancellationToken cancellationToken
    )
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        foreach (var entity in UnifiedModel.Entities)
            document.Components.Schemas[entity.SchemaName] = EntitySchema(entity, document);
        // The item schemas of array fields (a work order's Task, a purchase order's POLineItem).
        foreach (
            var items in UnifiedModel
                .Entities.SelectMany(e => e.Fields.Values)
                .Select(f => f.ItemSchema)
                .OfType<string>()
                .Distinct()
        )
            if (UnifiedModel.Component(items) is { } component)
                document.Components.Schemas.TryAdd(items, EntitySchema(component, document));
        document.Components.Schemas["Status"] = StatusSchema();
        document.Components.Schemas["RecordProblem"] = ProblemSchema();

        foreach (var description in context.DescriptionGroups.SelectMany(group => group.Items))
        {
            var endpoint = description
                .ActionDescriptor.EndpointMetadata.OfType<RecordsEndpoint>()
                .FirstOrDefault();
            if (
                endpoint is null
                || document.Paths?.GetValueOrDefault("/" + description.RelativePath)
                    is not { Operations: { } operations }
                || operations.GetValueOrDefault(HttpMethod.Get) is not { } operation
            )
                continue;
            Describe(operation, endpoint, document);
        }
        return Task.CompletedTask;
    }

    private static void Describe(
        OpenApiOperation operation,
        RecordsEndpoint endpoint,
        OpenApiDocument document
    )
    {
        var item = new OpenApiSchemaReference(
            endpoint.Kind == RecordsEndpointKind.Statuses ? "Status" : endpoint.Entity.SchemaName,
            document
        );
        operation.Parameters ??= [];
        operation.Parameters.Add(
            new OpenApiParameter
            {
                Name = RecordScope.Header,
                In = ParameterLocation.Header,
                Description =
                    "The connection whose records to read: required with an admin key; a connection token reads its own connection (naming another one is refused, 403).",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            }
        );
        if (endpoint.Kind == RecordsEndpointKind.CustomFields)
        {
            operation.Description =
                $"The connection's custom fields of {endpoint.Entity.Name} (defined by its mapping): name, type, where the value comes from. Every record carries them under customFields; filter[customFields.name] and sort[customFields.name] work.";
            return;
        }
        if (endpoint.Kind == RecordsEndpointKind.Get)
        {
            operation.Description =
                $"The {endpoint.Entity.SchemaName} with this key (deleted records are not found).";
            operation.Responses ??= [];
            operation.Responses["200"] = Json(
                "The record",
                new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema> { ["data"] = item },
                }
            );
        }
        else
        {
            operation.Description =
                endpoint.Kind == RecordsEndpointKind.Statuses
                    ? $"The statuses in use by the connection's {endpoint.Entity.Name}: each statusKey, named by the status text of its latest record. Filters and sorts on key and name.\n\n{QuerySyntax}"
                    : QuerySyntax;
            foreach (var (name, description, type) in QueryParameters)
                operation.Parameters.Add(
                    new OpenApiParameter
                    {
                        Name = name,
                        In = ParameterLocation.Query,
                        Description = description,
                        Schema = new OpenApiSchema { Type = type },
                    }
                );
            operation.Responses ??= [];
            operation.Responses["200"] = Json("A page of records", Envelope(item));
        }
        foreach (var (status, description) in Errors)
            operation.Responses[status] = Json(
                description,
                new OpenApiSchemaReference("RecordProblem", document),
                "application/problem+json"
            );
    }

    private static readonly (
        string Name,
        string Description,
        JsonSchemaType Type
    )[] QueryParameters =
    [
        (
            "filter[field]",
            "filter[field]=value, or filter[field:contains|startsWith|gt|gteq|lt|lted]=value",
            JsonSchemaType.String
        ),
        ("filterMatch", "all (default) or any", JsonSchemaType.String),
        ("sort[field]", "1 (descending) or 0 (ascending)", JsonSchemaType.String),
        ("page", "page number, from 1", JsonSchemaType.Integer),
        ("per_page", "records a page, 1 to 100 (default 25)", JsonSchemaType.Integer),
    ];

    private static readonly (string Status, string Description)[] Errors =
    [
        (
            "400",
            "VALIDATION_ERROR: a parameter is not valid (named in 'parameter'), or X-Connection-Id is missing"
        ),
        ("401", "AUTHENTICATION_FAILED: no key, or not a valid one"),
        (
            "403",
            "FORBIDDEN: a connection token naming another connection, or a key whose role does not read records"
        ),
        ("404", "NOT_FOUND: no such record, entity or connection"),
        (
            "429",
            "RATE_LIMIT_EXCEEDED: too many requests with this key; Retry-After says when to retry"
        ),
    ];

    private static OpenApiResponse Json(
        string description,
        IOpenApiSchema schema,
        string type = "application/json"
    ) =>
        new()
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [type] = new() { Schema = schema },
            },
        };

    private static OpenApiSchema Envelope(IOpenApiSchema item) =>
        new()
        {
            Type = JsonSchemaType.Object,
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["data"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = item },
                ["links"] = Object(
                    ("first", Of(JsonSchemaType.String)),
                    ("last", Of(JsonSchemaType.String)),
                    ("prev", Of(JsonSchemaType.String | JsonSchemaType.Null)),
                    ("next", Of(JsonSchemaType.String | JsonSchemaType.Null))
                ),
                ["meta"] = Object(
                    ("current_page", Of(JsonSchemaType.Integer)),
                    ("from", Of(JsonSchemaType.Integer | JsonSchemaType.Null)),
                    ("last_page", Of(JsonSchemaType.Integer)),
                    ("path", Of(JsonSchemaType.String)),
                    ("per_page", Of(JsonSchemaType.Integer)),
                    ("to", Of(JsonSchemaType.Integer | JsonSchemaType.Null)),
                    ("total", Of(JsonSchemaType.Integer))
                ),
            },
        };

    private static OpenApiSchema EntitySchema(UnifiedEntity entity, OpenApiDocument document)
    {
        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Title = entity.SchemaName,
            Properties = new Dictionary<string, IOpenApiSchema>(),
        };
        foreach (var field in entity.Fields.Values)
            schema.Properties[field.Name] = field.Type switch
            {
                "datetime" => new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Format = "date-time",
                },
                "number" => Of(JsonSchemaType.Number),
                "integer" => Of(JsonSchemaType.Integer),
                "boolean" => Of(JsonSchemaType.Boolean),
                "array" => new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    Items =
                        field.ItemSchema is { } items && UnifiedModel.Component(items) is not null
                            ? new OpenApiSchemaReference(items, document)
                            : new OpenApiSchema(),
                },
                "object" => Of(JsonSchemaType.Object),
                _ => Of(JsonSchemaType.String),
            };
        return schema;
    }

    private static OpenApiSchema StatusSchema() =>
        Object(("key", Of(JsonSchemaType.String)), ("name", Of(JsonSchemaType.String)));

    private static OpenApiSchema ProblemSchema() =>
        Object(
            ("type", Of(JsonSchemaType.String)),
            ("title", Of(JsonSchemaType.String)),
            ("status", Of(JsonSchemaType.Integer)),
            ("detail", Of(JsonSchemaType.String)),
            ("code", Of(JsonSchemaType.String)),
            ("message", Of(JsonSchemaType.String)),
            ("requestId", Of(JsonSchemaType.String)),
            ("parameter", Of(JsonSchemaType.String))
        );

    private static OpenApiSchema Of(JsonSchemaType type) => new() { Type = type };

    private static OpenApiSchema Object(params (string Name, IOpenApiSchema Schema)[] properties) =>
        new()
        {
            Type = JsonSchemaType.Object,
            Properties = properties.ToDictionary(p => p.Name, p => p.Schema),
        };
}
