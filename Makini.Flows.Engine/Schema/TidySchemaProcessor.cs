using System.ComponentModel;
using System.Reflection;
using NJsonSchema;
using NJsonSchema.Generation;

namespace Makini.Flows.Engine.Schema;

/// <summary>
/// Makes the generated schema say what the format means: optional members are omitted rather than null,
/// enums list their JSON names only, and no CLR-only formats appear.
/// </summary>
internal sealed class TidySchemaProcessor : ISchemaProcessor
{
    public void Process(SchemaProcessorContext context)
    {
        var schema = context.Schema;
        var type = context.ContextualType.Type;
        if (type.IsEnum)
        {
            schema.EnumerationNames.Clear();
            schema.Description =
                type.GetCustomAttribute<DescriptionAttribute>()?.Description ?? schema.Description;
            return;
        }
        foreach (var property in schema.Properties.Values)
        {
            if (
                property.Type.HasFlag(JsonObjectType.Null)
                && property.Type != JsonObjectType.Null
                && !property.IsAnyType
            )
                property.Type &= ~JsonObjectType.Null;
            foreach (
                var nullBranch in property
                    .OneOf.Where(o => o.Type == JsonObjectType.Null && !o.HasReference)
                    .ToList()
            )
                property.OneOf.Remove(nullBranch);
            if (
                property.OneOf.Count == 1
                && !property.OneOf.First().HasReference
                && property.OneOf.First().IsAnyType
            )
                property.OneOf.Clear();
            if (property.Format == "double")
                property.Format = null;
        }
    }
}
