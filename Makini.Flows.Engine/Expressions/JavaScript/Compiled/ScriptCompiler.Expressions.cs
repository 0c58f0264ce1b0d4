using Acornima;
using Acornima.Ast;
using static Makini.Flows.Engine.Expressions.JavaScript.Compiled.ScriptValues;

namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

internal sealed partial class ScriptCompiler
{
    private static Evaluator CompileLiteral(Literal literal) =>
        literal switch
        {
            StringLiteral text => Constant(text.Value),
            NumericLiteral number => Constant(number.Value),
            BooleanLiteral boolean => Constant(Box(boolean.Value)),
            NullLiteral => Constant(null),
            _ => throw Unsupported(),
        };

    private Evaluator CompileTemplate(TemplateLiteral template)
    {
        var texts = new string[template.Quasis.Count];
        for (var i = 0; i < texts.Length; i++)
            texts[i] = template.Quasis[i].Value.Cooked ?? throw Unsupported();
        var parts = new Evaluator[template.Expressions.Count];
        for (var i = 0; i < parts.Length; i++)
            parts[i] = CompileExpression(template.Expressions[i]);
        return frame =>
        {
            var text = new System.Text.StringBuilder(texts[0]);
            for (var i = 0; i < parts.Length; i++)
                text.Append(ToText(parts[i](frame))).Append(texts[i + 1]);
            return frame.CountString(text.ToString());
        };
    }

    private Evaluator CompileMember(MemberExpression member)
    {
        var target = CompileExpression(member.Object);
        var optional = member.Optional;
        if (!member.Computed)
        {
            var name =
                MemberName.TryCreate(((Identifier)member.Property).Name) ?? throw Unsupported();
            return frame =>
            {
                var value = target(frame);
                if (value == ShortCircuit || (optional && IsNullish(value)))
                    return ShortCircuit;
                return ScriptMembers.Get(value, name);
            };
        }
        var key = CompileExpression(member.Property);
        return frame =>
        {
            var value = target(frame);
            if (value == ShortCircuit || (optional && IsNullish(value)))
                return ShortCircuit;
            return ScriptMembers.Get(value, key(frame));
        };
    }

    private Evaluator CompileChain(ChainExpression chain)
    {
        var inner = CompileExpression(chain.Expression);
        return frame => inner(frame) is var value && value == ShortCircuit ? Undefined : value;
    }

    private Evaluator CompileObject(ObjectExpression obj)
    {
        if (!IsStaticObject(obj))
            return CompileDynamicObject(obj);
        var (names, nodes) = ObjectProperties(obj);
        var values = Array.ConvertAll(nodes, CompileExpression);
        return frame =>
        {
            var result = new object?[values.Length];
            for (var i = 0; i < values.Length; i++)
                result[i] = values[i](frame);
            return new ScriptObject(names, result);
        };
    }

    /// <summary>An object literal whose names are all written plainly once (no spread, no computed key).</summary>
    private static bool IsStaticObject(ObjectExpression obj) =>
        obj.Properties.All(p => p is Property { Computed: false })
        && obj.Properties.Select(p => PropertyName(((Property)p).Key)).Distinct().Count()
            == obj.Properties.Count;

    /// <summary>An object literal with spreads (<c>{ ...a, b: 1 }</c>), computed keys or repeated names: built property by property.</summary>
    private Evaluator CompileDynamicObject(ObjectExpression obj)
    {
        var steps = new Action<ScriptFrame, ScriptObject>[obj.Properties.Count];
        for (var i = 0; i < steps.Length; i++)
            steps[i] = obj.Properties[i] switch
            {
                SpreadElement spread => CompileSpreadInto(spread),
                Property { Kind: PropertyKind.Init, Method: false, Computed: true } property =>
                    CompileComputedProperty(property),
                Property { Kind: PropertyKind.Init, Method: false } property
                    when PropertyName(property.Key) != "__proto__" => CompileNamedProperty(
                    property
                ),
                _ => throw Unsupported(),
            };
        return frame =>
        {
            var result = new ScriptObject();
            foreach (var step in steps)
                step(frame, result);
            return result;
        };
    }

    private Action<ScriptFrame, ScriptObject> CompileSpreadInto(SpreadElement spread)
    {
        var source = CompileExpression(spread.Argument);
        return (frame, target) => ObjectMethods.CopyInto(frame, target, source(frame));
    }

    private Action<ScriptFrame, ScriptObject> CompileComputedProperty(Property property)
    {
        var key = CompileExpression(property.Key);
        var value = CompileExpression(property.Value);
        return (frame, target) =>
        {
            var name = key(frame);
            if (!IsPrimitive(name))
                throw ScriptBailout.Instance;
            target.Set(ToText(name), value(frame));
        };
    }

    private Action<ScriptFrame, ScriptObject> CompileNamedProperty(Property property)
    {
        var name = MemberName.TryCreate(PropertyName(property.Key)) ?? throw Unsupported();
        if (ScriptMembers.IsArrayIndexName(name.Text))
            throw Unsupported();
        var value = CompileExpression(property.Value);
        return (frame, target) => target.Set(name, value(frame));
    }

    /// <summary>An object literal's names and value expressions, refusing what JavaScript would reorder or treat specially.</summary>
    private static (MemberName[] Names, Node[] Values) ObjectProperties(ObjectExpression obj)
    {
        var names = new MemberName[obj.Properties.Count];
        var values = new Node[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            if (
                obj.Properties[i]
                is not Property { Kind: PropertyKind.Init, Method: false, Computed: false } property
            )
                throw Unsupported();
            var name = property.Key switch
            {
                Identifier identifier => identifier.Name,
                StringLiteral text => text.Value,
                _ => throw Unsupported(),
            };
            // JavaScript puts array-index keys first, and a literal __proto__ sets the prototype.
            if (
                ScriptMembers.IsArrayIndexName(name)
                || (name == "__proto__" && !property.Shorthand)
                || names.Take(i).Any(n => n.Text == name)
            )
                throw Unsupported();
            names[i] = MemberName.TryCreate(name) ?? throw Unsupported();
            values[i] = property.Value;
        }
        return (names, values);
    }

    private Evaluator CompileArray(ArrayExpression array)
    {
        if (array.Elements.Any(e => e is SpreadElement))
        {
            var spread = CompileArrayElements(array.Elements);
            return frame => spread(frame);
        }
        var elements = Array.ConvertAll(ArrayElements(array), CompileExpression);
        return frame =>
        {
            var result = new ScriptArray(elements.Length);
            foreach (var element in elements)
                result.Add(element(frame));
            return result;
        };
    }

    /// <summary>Elements of an array literal or call with spreads (<c>[...a, x]</c>): an array's elements are spread; anything else hands over.</summary>
    private Func<ScriptFrame, ScriptArray> CompileArrayElements(IReadOnlyList<Node?> nodes)
    {
        var parts = new (Evaluator Value, bool Spread)[nodes.Count];
        for (var i = 0; i < parts.Length; i++)
            parts[i] = nodes[i] switch
            {
                SpreadElement spread => (CompileExpression(spread.Argument), true),
                Expression element => (CompileExpression(element), false),
                _ => throw Unsupported(),
            };
        return frame =>
        {
            var result = new ScriptArray(parts.Length);
            foreach (var (value, spread) in parts)
                if (spread)
                    result.AddRange(ArrayMethods.Items(value(frame)));
                else
                    result.Add(value(frame));
            frame.CountElements(result.Count);
            return result;
        };
    }

    /// <summary>An array literal's elements; holes and spreads are not compiled.</summary>
    private static Node[] ArrayElements(ArrayExpression array)
    {
        var elements = new Node[array.Elements.Count];
        for (var i = 0; i < elements.Length; i++)
            elements[i] = array.Elements[i] is Expression element and not SpreadElement
                ? element
                : throw Unsupported();
        return elements;
    }

    private Evaluator CompileLogical(LogicalExpression logical)
    {
        var left = CompileExpression(logical.Left);
        var right = CompileExpression(logical.Right);
        return logical.Operator switch
        {
            Operator.LogicalAnd => frame =>
                left(frame) is var value && ToBoolean(value) ? right(frame) : value,
            Operator.LogicalOr => frame =>
                left(frame) is var value && ToBoolean(value) ? value : right(frame),
            Operator.NullishCoalescing => frame =>
                left(frame) is var value && IsNullish(value) ? right(frame) : value,
            _ => throw Unsupported(),
        };
    }

    private Evaluator CompileBinary(BinaryExpression binary)
    {
        var left = CompileExpression(binary.Left);
        var right = CompileExpression(binary.Right);
        return binary.Operator switch
        {
            Operator.Addition => frame => Add(frame, left(frame), right(frame)),
            Operator.Subtraction => frame => ToNumber(left(frame)) - ToNumber(right(frame)),
            Operator.Multiplication => frame => ToNumber(left(frame)) * ToNumber(right(frame)),
            Operator.Division => frame => ToNumber(left(frame)) / ToNumber(right(frame)),
            Operator.Remainder => frame => ToNumber(left(frame)) % ToNumber(right(frame)),
            Operator.StrictEquality => frame => Box(StrictEquals(left(frame), right(frame))),
            Operator.StrictInequality => frame => Box(!StrictEquals(left(frame), right(frame))),
            Operator.Equality => frame => Box(LooseEquals(left(frame), right(frame))),
            Operator.Inequality => frame => Box(!LooseEquals(left(frame), right(frame))),
            Operator.LessThan => frame => Box(Compare(left(frame), right(frame)) < 0),
            Operator.LessThanOrEqual => frame => Box(Compare(left(frame), right(frame)) <= 0),
            Operator.GreaterThan => frame => Box(Compare(left(frame), right(frame)) > 0),
            Operator.GreaterThanOrEqual => frame => Box(Compare(left(frame), right(frame)) >= 0),
            _ => throw Unsupported(),
        };
    }

    private static object Add(ScriptFrame frame, object? left, object? right)
    {
        if (left is double a && right is double b)
            return a + b;
        if (!IsPrimitive(left) || !IsPrimitive(right))
            throw ScriptBailout.Instance;
        if (left is string || right is string)
            return frame.CountString(string.Concat(ToText(left), ToText(right)));
        return ToNumber(left) + ToNumber(right);
    }

    private Evaluator CompileUnary(UnaryExpression unary)
    {
        var argument = CompileExpression(unary.Argument);
        return unary.Operator switch
        {
            Operator.LogicalNot => frame => Box(!ToBoolean(argument(frame))),
            Operator.UnaryNegation => frame => -ToNumber(argument(frame)),
            Operator.UnaryPlus => frame => ToNumber(argument(frame)),
            Operator.TypeOf => frame => TypeOf(argument(frame)),
            _ => throw Unsupported(),
        };
    }

    private Evaluator CompileConditional(ConditionalExpression conditional)
    {
        var test = CompileExpression(conditional.Test);
        var consequent = CompileExpression(conditional.Consequent);
        var alternate = CompileExpression(conditional.Alternate);
        return frame => ToBoolean(test(frame)) ? consequent(frame) : alternate(frame);
    }
}
