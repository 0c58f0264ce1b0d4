using System.Text.Json.Nodes;

namespace Makini.Flows.Tests.Fakes;

/// <summary>
/// Maximo's <c>oslc.select</c>: attributes separated by commas, <c>*</c> for all, and child objects with their own
/// attributes in braces (<c>ponum,poline{polinenum,itemnum}</c>). Child objects are answered only when selected.
/// </summary>
internal sealed class MaximoSelect
{
    private readonly Dictionary<string, MaximoSelect?> _names = new(
        StringComparer.OrdinalIgnoreCase
    );
    private bool _all;

    public static MaximoSelect Parse(string text)
    {
        var position = 0;
        return Parse(text, ref position);
    }

    private static MaximoSelect Parse(string text, ref int position)
    {
        var select = new MaximoSelect();
        var name = new System.Text.StringBuilder();
        void Add(MaximoSelect? children)
        {
            var attribute = name.ToString().Trim();
            name.Clear();
            if (attribute == "*")
                select._all = true;
            else if (attribute.Length > 0)
                select._names[attribute] = children;
        }
        while (position < text.Length)
        {
            var c = text[position++];
            switch (c)
            {
                case '{':
                    Add(Parse(text, ref position));
                    break;
                case '}':
                    Add(null);
                    return select;
                case ',':
                    Add(null);
                    break;
                default:
                    name.Append(c);
                    break;
            }
        }
        Add(null);
        return select;
    }

    /// <summary>The selected attributes of a row (<c>spi:</c>-prefixed unless lean); child arrays only when named.</summary>
    public JsonObject Apply(JsonObject row, bool lean)
    {
        var member = new JsonObject();
        foreach (var (name, value) in row)
        {
            var named = _names.TryGetValue(name, out var children);
            if (value is JsonArray items)
            {
                if (named)
                    member[lean ? name : $"spi:{name}"] = new JsonArray([
                        .. items
                            .OfType<JsonObject>()
                            .Select(item => (JsonNode)(children ?? All).Apply(item, lean)),
                    ]);
            }
            else if (_all || named)
                member[lean ? name : $"spi:{name}"] = value?.DeepClone();
        }
        return member;
    }

    private static readonly MaximoSelect All = new() { _all = true };
}
