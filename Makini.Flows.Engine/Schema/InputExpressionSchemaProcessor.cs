using Makini.Flows.Engine.Model;
using NJsonSchema;
using NJsonSchema.Generation;

namespace Makini.Flows.Engine.Schema;

/// <summary>Describes <see cref="InputExpression"/> as oneOf four closed objects with one key each.</summary>
internal sealed class InputExpressionSchemaProcessor : ISchemaProcessor
{
    public void Process(SchemaProcessorContext context)
    {
        if (context.ContextualType.Type != typeof(InputExpression))
            return;
        var schema = context.Schema;
        schema.Properties.Clear();
        schema.RequiredProperties.Clear();
        schema.Type = JsonObjectType.Object;
        schema.AllowAdditionalProperties = true;
        schema.OneOf.Clear();
        schema.OneOf.Add(Branch("literal", JsonObjectType.None, "A literal value: any JSON."));
        schema.OneOf.Add(Branch("variable", JsonObjectType.String, "Name of a flow variable."));
        schema.OneOf.Add(Branch("js", JsonObjectType.String, "A JavaScript expression or script."));
        schema.OneOf.Add(Branch("cs", JsonObjectType.String, "A C# expression."));
    }

    private static JsonSchema Branch(string key, JsonObjectType valueType, string description)
    {
        var branch = new JsonSchema
        {
            Type = JsonObjectType.Object,
            AllowAdditionalProperties = false,
        };
        branch.Properties[key] = new JsonSchemaProperty
        {
            Description = description,
            Type = valueType,
        };
        branch.RequiredProperties.Add(key);
        return branch;
    }
}
