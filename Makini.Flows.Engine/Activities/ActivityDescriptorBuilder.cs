using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Engine.Values;

namespace Makini.Flows.Engine.Activities;

/// <summary>Derives an <see cref="ActivityDescriptor"/> from an activity class and its attributes.</summary>
internal static class ActivityDescriptorBuilder
{
    public static ActivityDescriptor Build(Type activityType)
    {
        var attribute =
            activityType.GetCustomAttribute<ActivityAttribute>()
            ?? throw new InvalidOperationException(
                $"{activityType.Name} has no [Activity] attribute"
            );
        var inputs = new List<InputDescriptor>();
        var outputs = new List<OutputDescriptor>();
        foreach (
            var property in activityType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
        )
        {
            if (!property.PropertyType.IsGenericType)
                continue;
            var definition = property.PropertyType.GetGenericTypeDefinition();
            var valueType = property.PropertyType.GetGenericArguments()[0];
            if (definition == typeof(Input<>))
                inputs.Add(BuildInput(property, valueType));
            else if (definition == typeof(Output<>))
                outputs.Add(
                    new OutputDescriptor
                    {
                        Name = CamelCase(property.Name),
                        Type = DataTypes.Of(valueType),
                        Description =
                            property.GetCustomAttribute<OutputAttribute>()?.Description ?? "",
                        Property = property,
                    }
                );
        }
        return new ActivityDescriptor
        {
            Type = attribute.Type,
            Category = attribute.Category,
            DisplayName = attribute.DisplayName ?? SplitWords(attribute.Type),
            Description = attribute.Description,
            Inputs = inputs,
            Outputs = outputs,
            Ports = attribute.Ports,
            PortsFromInput = attribute.PortsFromInput,
            IsStart = attribute.IsStart,
            ClrType = activityType,
        };
    }

    private static InputDescriptor BuildInput(PropertyInfo property, Type valueType)
    {
        var attribute =
            property.GetCustomAttribute<InputAttribute>()
            ?? throw new InvalidOperationException(
                $"{property.DeclaringType!.Name}.{property.Name} has no [Input] attribute"
            );
        return new InputDescriptor
        {
            Name = CamelCase(property.Name),
            DisplayName = SplitWords(property.Name),
            Type = DataTypes.Of(valueType),
            Description = attribute.Description,
            Required = attribute.Required,
            Default = attribute.DefaultJson is null ? null : JsonNode.Parse(attribute.DefaultJson),
            UiHint = attribute.UiHint,
            Options = attribute.Options,
            LiteralOnly = attribute.LiteralOnly,
            Property = property,
        };
    }

    private static string CamelCase(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);

    private static string SplitWords(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && !char.IsUpper(name[i - 1]))
                builder.Append(' ');
            builder.Append(name[i]);
        }
        return builder.ToString();
    }
}
