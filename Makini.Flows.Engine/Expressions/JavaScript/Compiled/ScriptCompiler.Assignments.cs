using Acornima;
using Acornima.Ast;
using static Makini.Flows.Engine.Expressions.JavaScript.Compiled.ScriptValues;

namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>
/// Assignments (<c>=</c>, arithmetic, <c>??=</c>, <c>||=</c>, <c>&amp;&amp;=</c>) and <c>++</c>/<c>--</c> on
/// <c>let</c> names and parameters, and on properties of objects the script built. Properties of what the run
/// gives are frozen (a TypeError): those writes hand over.
/// </summary>
internal sealed partial class ScriptCompiler
{
    /// <summary>Where an assignment writes: reading and writing the same place.</summary>
    private readonly record struct Place(
        Func<ScriptFrame, object?> Locate,
        Func<ScriptFrame, object?, object?> Read,
        Action<ScriptFrame, object?, object?> Write
    );

    private Place CompilePlace(Node target)
    {
        switch (target)
        {
            case Identifier name:
                var local = FindLocal(name.Name);
                if (local is not { Mutable: true, Function: null, Slot: var slot })
                    throw Unsupported();
                return new Place(
                    _ => null,
                    (frame, _) => frame.Locals[slot],
                    (frame, _, value) => frame.Locals[slot] = value
                );
            case MemberExpression { Optional: false, Computed: false } member:
                var owner = CompileExpression(member.Object);
                var property =
                    MemberName.TryCreate(((Identifier)member.Property).Name) ?? throw Unsupported();
                return new Place(
                    frame => owner(frame),
                    (_, obj) => ScriptMembers.Get(obj, property),
                    (frame, obj, value) => Added(frame, Built(obj).Set(property, value))
                );
            case MemberExpression { Optional: false, Computed: true } member:
                var keyedOwner = CompileExpression(member.Object);
                var key = CompileExpression(member.Property);
                return new Place(
                    frame => new KeyedPlace(keyedOwner(frame), PropertyKey(key(frame))),
                    (_, place) => ((KeyedPlace)place!).Read(),
                    (frame, place, value) => ((KeyedPlace)place!).Write(frame, value)
                );
            case ParenthesizedExpression parenthesized:
                return CompilePlace(parenthesized.Expression);
            default:
                throw Unsupported();
        }
    }

    /// <summary><c>target[key]</c> with the key computed once, read and written by a compound assignment.</summary>
    private sealed record KeyedPlace(object? Target, string Key)
    {
        public object? Read() => ScriptMembers.Get(Target, Key);

        public void Write(ScriptFrame frame, object? value) =>
            Added(frame, Built(Target).Set(Key, value));
    }

    /// <summary>A property an assignment added counts against the evaluation's size budget.</summary>
    private static void Added(ScriptFrame frame, bool added)
    {
        if (added)
            frame.CountElements(1);
    }

    /// <summary>An object the script built; anything else is frozen or not compiled, and hands over.</summary>
    private static ScriptObject Built(object? target) =>
        target as ScriptObject ?? throw ScriptBailout.Instance;

    private static string PropertyKey(object? key) =>
        IsPrimitive(key) ? ToText(key) : throw ScriptBailout.Instance;

    private Evaluator CompileAssignment(AssignmentExpression assignment)
    {
        var place = CompilePlace(assignment.Left);
        var right = CompileExpression(assignment.Right);
        var (locate, read, write) = place;
        switch (assignment.Operator)
        {
            case Operator.Assignment:
                return frame =>
                {
                    var at = locate(frame);
                    var value = right(frame);
                    write(frame, at, value);
                    return value;
                };
            case Operator.NullishCoalescingAssignment
            or Operator.LogicalOrAssignment
            or Operator.LogicalAndAssignment:
                var op = assignment.Operator;
                return frame =>
                {
                    var at = locate(frame);
                    var current = read(frame, at);
                    var keep = op switch
                    {
                        Operator.NullishCoalescingAssignment => !IsNullish(current),
                        Operator.LogicalOrAssignment => ToBoolean(current),
                        _ => !ToBoolean(current),
                    };
                    if (keep)
                        return current;
                    var value = right(frame);
                    write(frame, at, value);
                    return value;
                };
            default:
                var combine = Arithmetic(assignment.Operator);
                return frame =>
                {
                    var at = locate(frame);
                    var value = combine(frame, read(frame, at), right(frame));
                    write(frame, at, value);
                    return value;
                };
        }
    }

    private static Func<ScriptFrame, object?, object?, object> Arithmetic(Operator op) =>
        op switch
        {
            Operator.AdditionAssignment => Add,
            Operator.SubtractionAssignment => (_, a, b) => ToNumber(a) - ToNumber(b),
            Operator.MultiplicationAssignment => (_, a, b) => ToNumber(a) * ToNumber(b),
            Operator.DivisionAssignment => (_, a, b) => ToNumber(a) / ToNumber(b),
            Operator.RemainderAssignment => (_, a, b) => ToNumber(a) % ToNumber(b),
            _ => throw Unsupported(),
        };

    private Evaluator CompileUpdate(UpdateExpression update)
    {
        var (locate, read, write) = CompilePlace(update.Argument);
        var step = update.Operator switch
        {
            Operator.Increment => 1d,
            Operator.Decrement => -1d,
            _ => throw Unsupported(),
        };
        var prefix = update.Prefix;
        return frame =>
        {
            var at = locate(frame);
            var old = ToNumber(read(frame, at));
            var value = old + step;
            write(frame, at, value);
            return prefix ? value : old;
        };
    }
}
