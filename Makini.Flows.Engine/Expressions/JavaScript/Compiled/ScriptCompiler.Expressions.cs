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
        var elements = Array.ConvertAll(ArrayElements(array), CompileExpression);
        return frame =>
        {
            var result = new ScriptArray(elements.Length);
            foreach (var element in elements)
                result.Add(element(frame));
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
