using Acornima.Ast;

namespace Makini.Flows.Engine.Expressions.JavaScript;

/// <summary>Finds <c>vars.x</c>, <c>vars['x']</c>, <c>outputs.id</c> and <c>outputs['id']</c> in a parsed script.</summary>
internal static class JavaScriptNameReferences
{
    public static List<NameReference> Find(Node script)
    {
        var found = new List<NameReference>();
        var pending = new Stack<Node>([script]);
        while (pending.TryPop(out var node))
        {
            if (
                node is MemberExpression { Object: Identifier root } member
                && root.Name is "vars" or "outputs"
            )
            {
                var name = member switch
                {
                    { Computed: false, Property: Identifier property } => property.Name,
                    { Computed: true, Property: StringLiteral literal } => literal.Value,
                    _ => null,
                };
                if (name is not null)
                    found.Add(
                        new NameReference(
                            root.Name,
                            name,
                            member.Property.Location.Start.Line,
                            member.Property.Location.Start.Column + 1
                        )
                    );
            }
            foreach (var child in node.ChildNodes)
                pending.Push(child);
        }
        return found;
    }
}
