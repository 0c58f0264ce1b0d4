using Makini.Flows.Connectors.Unified;
using Makini.Flows.Engine.Expressions.Records;

namespace Makini.Flows.Connectors.Mappings;

/// <summary>A field (<c>title</c>) or custom field (<c>customFields.costCenter</c>) computed by a script.</summary>
/// <param name="Field">Where the value goes in the unified record, dotted.</param>
/// <param name="Pointer">Where the script is in the mapping document.</param>
internal sealed record ScriptedField(
    string Field,
    string Pointer,
    TargetType Target,
    bool TextItems,
    RecordScript Script
)
{
    public bool IsCustom =>
        Field.StartsWith(ConnectionMapping.CustomFieldsName + ".", StringComparison.Ordinal);

    public string Name =>
        IsCustom ? Field[(ConnectionMapping.CustomFieldsName.Length + 1)..] : Field;
}
