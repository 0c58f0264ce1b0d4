using Acornima.Ast;
using static Makini.Flows.Engine.Expressions.JavaScript.Compiled.ScriptValues;

namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>
/// A script whose result is an object or array it builds (an object literal, an array literal, a <c>map</c>) is
/// compiled to write that result as JSON while computing it (see <see cref="ResultWriting"/>). Every other
/// expression inside it is evaluated as usual and its value written.
/// </summary>
internal sealed partial class ScriptCompiler
{
    /// <summary>Whether the expression builds the object or array it returns.</summary>
    private bool BuildsContainer(Node node) =>
        node switch
        {
            ObjectExpression or ArrayExpression => true,
            CallExpression call => IsWritableMap(call, out _, out _),
            ParenthesizedExpression parenthesized => BuildsContainer(parenthesized.Expression),
            ConditionalExpression conditional => BuildsContainer(conditional.Consequent)
                || BuildsContainer(conditional.Alternate),
            _ => false,
        };

    /// <summary>
    /// <c>receiver.map(callback)</c> whose callback returns its value at once: an arrow written there, or a
    /// helper whose writing form was compiled with it.
    /// </summary>
    private bool IsWritableMap(CallExpression call, out MemberExpression member, out Node callback)
    {
        member = null!;
        callback = null!;
        if (
            call
            is not {
                Optional: false,
                Callee: MemberExpression
                {
                    Computed: false,
                    Optional: false,
                    Property: Identifier { Name: "map" }
                } callee,
                Arguments: [var argument]
            }
        )
            return false;
        (member, callback) = (callee, argument);
        return argument switch
        {
            ArrowFunctionExpression arrow => ReturnsAtOnce(arrow),
            Identifier name => FindLocal(name.Name) is { Writer: not null },
            _ => false,
        };
    }

    /// <summary>A function whose body is an expression, or a block of one <c>return</c> of a value.</summary>
    private static bool ReturnsAtOnce(IFunction function) =>
        function.Body is not BlockStatement
        || function.Body is BlockStatement { Body: [ReturnStatement { Argument: not null }] };

    private ValueWriter CompileWriter(Node node) =>
        Nested<ValueWriter>(
            node,
            node switch
            {
                ObjectExpression obj when IsStaticObject(obj) => _ => CompileObjectWriter(obj),
                ArrayExpression array when array.Elements.All(e => e is not SpreadElement) => _ =>
                    CompileArrayWriter(array),
                CallExpression call when IsWritableMap(call, out var member, out var callback) =>
                    _ => CompileMapWriter(member, callback),
                MemberExpression { Computed: false, Optional: false } member => _ =>
                    CompileMemberWriter(member),
                ConditionalExpression conditional => _ => CompileConditionalWriter(conditional),
                ParenthesizedExpression parenthesized => _ =>
                    CompileWriter(parenthesized.Expression),
                _ => CompileValueWriter,
            }
        );

    private ValueWriter CompileValueWriter(Node node)
    {
        var value = CompileExpression(node);
        return (frame, writer, depth, property) =>
            ResultWriting.Value(frame, writer, value(frame), depth, property);
    }

    private ValueWriter CompileObjectWriter(ObjectExpression obj)
    {
        var (names, nodes) = ObjectProperties(obj);
        var values = Array.ConvertAll(nodes, CompileWriter);
        return (frame, writer, depth, property) =>
        {
            ResultWriting.Start(frame, writer, depth, property, array: false);
            for (var i = 0; i < values.Length; i++)
                values[i](frame, writer, depth + 1, names[i]);
            writer.WriteEndObject();
        };
    }

    private ValueWriter CompileArrayWriter(ArrayExpression array)
    {
        var elements = Array.ConvertAll(ArrayElements(array), CompileWriter);
        return (frame, writer, depth, property) =>
        {
            ResultWriting.Start(frame, writer, depth, property, array: true);
            foreach (var element in elements)
                element(frame, writer, depth + 1, null);
            writer.WriteEndArray();
        };
    }

    private ValueWriter CompileMapWriter(MemberExpression member, Node argument)
    {
        var target = CompileExpression(member.Object);
        var callback = argument is IFunction function
            ? CompileWritingFunction(function)
            : FindLocal(((Identifier)argument).Name)!.Value.Writer!;
        return (frame, writer, depth, property) =>
            ResultWriting.Map(frame, writer, target(frame), callback, depth, property);
    }

    private WritingCallback CompileWritingFunction(IFunction function)
    {
        var (parameters, body) = CompileFunction(function, CompileWriter);
        return new WritingCallback(parameters, body);
    }

    private ValueWriter CompileMemberWriter(MemberExpression member)
    {
        var target = CompileExpression(member.Object);
        var name = MemberName.TryCreate(((Identifier)member.Property).Name) ?? throw Unsupported();
        return (frame, writer, depth, property) =>
        {
            var value = target(frame);
            if (value == ShortCircuit)
                ResultWriting.Value(frame, writer, value, depth, property);
            else
                ResultWriting.Member(frame, writer, value, name, depth, property);
        };
    }

    private ValueWriter CompileConditionalWriter(ConditionalExpression conditional)
    {
        var test = CompileExpression(conditional.Test);
        var consequent = CompileWriter(conditional.Consequent);
        var alternate = CompileWriter(conditional.Alternate);
        return (frame, writer, depth, property) =>
            (ToBoolean(test(frame)) ? consequent : alternate)(frame, writer, depth, property);
    }
}
