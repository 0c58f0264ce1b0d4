using Acornima.Ast;
using static Makini.Flows.Engine.Expressions.JavaScript.Compiled.ScriptValues;

namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>How a statement ended: normally, or by <c>return</c>, <c>break</c> or <c>continue</c>.</summary>
internal enum Completion
{
    Normal,
    Return,
    Break,
    Continue,
}

/// <summary>A compiled statement: runs it in one evaluation's frame.</summary>
internal delegate Completion Executor(ScriptFrame frame);

/// <summary>
/// Statements: declarations (<c>const</c>, <c>let</c>, helper functions), expressions, <c>return</c>, <c>if</c>,
/// blocks, <c>switch</c>, <c>for...of</c>, counted <c>for</c> loops, <c>break</c> and <c>continue</c> without
/// labels. Every loop's turn is counted against the evaluation's budget.
/// </summary>
internal sealed partial class ScriptCompiler
{
    private static readonly Executor Empty = _ => Completion.Normal;

    private Executor CompileStatement(Statement statement) =>
        Nested<Executor>(
            statement,
            statement switch
            {
                VariableDeclaration declaration => _ => CompileDeclaration(declaration),
                FunctionDeclaration function => _ => CompileFunctionDeclaration(function),
                ExpressionStatement expression => _ => CompileExpressionStatement(expression),
                ReturnStatement ret => _ => CompileReturn(ret),
                IfStatement condition => _ => CompileIf(condition),
                BlockStatement block => _ => CompileBlock(block.Body),
                ForOfStatement loop => _ => CompileForOf(loop),
                ForStatement loop => _ => CompileFor(loop),
                SwitchStatement choice => _ => CompileSwitch(choice),
                BreakStatement { Label: null } => _ => _ => Completion.Break,
                ContinueStatement { Label: null } => _ => _ => Completion.Continue,
                EmptyStatement => _ => Empty,
                _ => throw Unsupported(),
            }
        );

    /// <summary>The names a statement declares in its block (<c>var</c> is not compiled).</summary>
    private static IEnumerable<string> DeclaredNames(Node statement) =>
        statement switch
        {
            VariableDeclaration
            {
                Kind: VariableDeclarationKind.Const or VariableDeclarationKind.Let
            } declaration => declaration.Declarations.SelectMany(d => BoundNames(d.Id)),
            FunctionDeclaration { Id: { } id } => [id.Name],
            _ => [],
        };

    private static IEnumerable<string> BoundNames(Node pattern) =>
        pattern switch
        {
            Identifier identifier => [identifier.Name],
            ObjectPattern obj => obj.Properties.SelectMany(p =>
                p is Property property ? BoundNames(property.Value) : BoundNames(p)
            ),
            ArrayPattern array => array.Elements.SelectMany(e => e is null ? [] : BoundNames(e)),
            AssignmentPattern assignment => BoundNames(assignment.Left),
            RestElement rest => BoundNames(rest.Argument),
            _ => throw Unsupported(),
        };

    private Executor CompileBlock(IReadOnlyList<Statement> statements)
    {
        PushScope(statements.SelectMany(DeclaredNames));
        var steps = statements.Select(CompileStatement).ToArray();
        PopScope();
        return Sequence(steps);
    }

    private static Executor Sequence(Executor[] steps) =>
        steps.Length switch
        {
            0 => Empty,
            1 => steps[0],
            _ => frame =>
            {
                foreach (var step in steps)
                    if (step(frame) is var completion && completion != Completion.Normal)
                        return completion;
                return Completion.Normal;
            },
        };

    private Executor CompileDeclaration(VariableDeclaration declaration)
    {
        if (declaration.Kind is not (VariableDeclarationKind.Const or VariableDeclarationKind.Let))
            throw Unsupported();
        var constant = declaration.Kind == VariableDeclarationKind.Const;
        var steps = new List<Executor>();
        foreach (var declarator in declaration.Declarations)
        {
            if (
                constant
                && declarator is { Id: Identifier name, Init: ArrowFunctionExpression arrow }
            )
            {
                DeclareFunction(name.Name, arrow);
                continue;
            }
            var initializer = declarator.Init is null
                ? Constant(Undefined)
                : CompileExpression(declarator.Init);
            var bind = CompileBinding(declarator.Id, mutable: !constant);
            steps.Add(frame =>
            {
                bind(frame, initializer(frame));
                return Completion.Normal;
            });
        }
        return Sequence([.. steps]);
    }

    private Executor CompileFunctionDeclaration(FunctionDeclaration function)
    {
        DeclareFunction(function.Id!.Name, function);
        return Empty;
    }

    private void DeclareFunction(string name, IFunction function) =>
        _scopes[^1][name] = new Local(
            -1,
            false,
            CompileFunction(function),
            ReturnsAtOnce(function) ? CompileWritingFunction(function) : null
        );

    private Executor CompileExpressionStatement(ExpressionStatement statement) =>
        Discard(CompileExpression(statement.Expression));

    private static Executor Discard(Evaluator expression) =>
        frame =>
        {
            expression(frame);
            return Completion.Normal;
        };

    private Executor CompileReturn(ReturnStatement statement)
    {
        var value = statement.Argument is null
            ? Constant(Undefined)
            : CompileExpression(statement.Argument);
        return frame =>
        {
            frame.Returned = value(frame);
            return Completion.Return;
        };
    }

    private Executor CompileIf(IfStatement statement)
    {
        var test = CompileExpression(statement.Test);
        var consequent = CompileScopedStatement(statement.Consequent);
        var alternate = statement.Alternate is null
            ? Empty
            : CompileScopedStatement(statement.Alternate);
        return frame => ToBoolean(test(frame)) ? consequent(frame) : alternate(frame);
    }

    /// <summary>A statement that is the body of an <c>if</c> or a loop: it cannot declare (the parser refuses that in strict mode) but gets its own scope all the same.</summary>
    private Executor CompileScopedStatement(Statement statement)
    {
        PushScope();
        var step = CompileStatement(statement);
        PopScope();
        return step;
    }

    private Executor CompileForOf(ForOfStatement loop)
    {
        if (
            loop.Await
            || loop.Left
                is not VariableDeclaration
                {
                    Kind: VariableDeclarationKind.Const or VariableDeclarationKind.Let,
                    Declarations: [{ Init: null } declarator]
                } declaration
        )
            throw Unsupported();
        PushScope(DeclaredNames(declaration));
        var items = CompileExpression(loop.Right);
        var bind = CompileBinding(
            declarator.Id,
            mutable: declaration.Kind == VariableDeclarationKind.Let
        );
        var body = CompileStatement(loop.Body);
        PopScope();
        return frame =>
        {
            var receiver = items(frame);
            // An array the loop pushes to is read as it grows, as JavaScript's array iterator does.
            var elements = ArrayMethods.Items(receiver);
            for (var i = 0; i < elements.Count; i++)
            {
                frame.CountCallback();
                bind(frame, elements[i]);
                var completion = body(frame);
                if (completion == Completion.Break)
                    break;
                if (completion == Completion.Return)
                    return completion;
            }
            return Completion.Normal;
        };
    }

    /// <summary>A counted loop. Without closures that outlive a turn, one slot per name behaves as JavaScript's copy per turn.</summary>
    private Executor CompileFor(ForStatement loop)
    {
        PushScope(loop.Init is VariableDeclaration declaration ? DeclaredNames(declaration) : []);
        var init = loop.Init switch
        {
            null => Empty,
            VariableDeclaration initDeclaration => CompileDeclaration(initDeclaration),
            Expression expression => Discard(CompileExpression(expression)),
            _ => throw Unsupported(),
        };
        var test = loop.Test is null ? Constant(True) : CompileExpression(loop.Test);
        var update = loop.Update is null ? Constant(Undefined) : CompileExpression(loop.Update);
        var body = CompileStatement(loop.Body);
        PopScope();
        return frame =>
        {
            init(frame);
            while (ToBoolean(test(frame)))
            {
                frame.CountCallback();
                var completion = body(frame);
                if (completion == Completion.Break)
                    break;
                if (completion == Completion.Return)
                    return completion;
                update(frame);
            }
            return Completion.Normal;
        };
    }

    /// <summary><c>switch</c>: cases compared with <c>===</c> in order, the default taken when none matches, falling through until a <c>break</c>.</summary>
    private Executor CompileSwitch(SwitchStatement choice)
    {
        var discriminant = CompileExpression(choice.Discriminant);
        PushScope(choice.Cases.SelectMany(c => c.Consequent).SelectMany(DeclaredNames));
        var tests = choice
            .Cases.Select(c => c.Test is null ? null : CompileExpression(c.Test))
            .ToArray();
        var bodies = choice
            .Cases.Select(c => Sequence(c.Consequent.Select(CompileStatement).ToArray()))
            .ToArray();
        PopScope();
        var fallback = Array.FindIndex(tests, t => t is null);
        return frame =>
        {
            var value = discriminant(frame);
            var start = fallback;
            for (var i = 0; i < tests.Length; i++)
                if (tests[i] is { } test && StrictEquals(value, test(frame)))
                {
                    start = i;
                    break;
                }
            if (start < 0)
                return Completion.Normal;
            for (var i = start; i < bodies.Length; i++)
            {
                var completion = bodies[i](frame);
                if (completion == Completion.Break)
                    return Completion.Normal;
                if (completion != Completion.Normal)
                    return completion;
            }
            return Completion.Normal;
        };
    }
}
