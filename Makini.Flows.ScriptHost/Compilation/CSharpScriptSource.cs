using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Makini.Flows.ScriptHost.Compilation;

/// <summary>
/// Wraps a user's C# expression or script into a static method of (input, vars, outputs, item, index).
/// As in JavaScript, the value is the last statement when it is an expression without a semicolon, so both
/// <c>(double)input["amount"] &gt; 100</c> and <c>var t = (double)input["total"];\nt * 2</c> work.
/// The user's text starts at column 1 of line <see cref="FirstUserLine"/>, so positions map back simply.
/// </summary>
internal sealed class CSharpScriptSource
{
    public const string ClassName = "Script";
    public const string MethodName = "Run";

    private const string Header = """
        using System;
        using System.Collections.Generic;
        using System.Globalization;
        using System.Linq;
        using System.Text;
        using System.Text.Json.Nodes;
        using System.Text.RegularExpressions;
        public static class Script
        {
            public static object? Run(JsonNode? input, JsonObject vars, JsonObject outputs, JsonNode? item, int index, global::Makini.Flows.ScriptHost.Execution.ScriptGuard __guard)
            {
        {

        """;

    // The trailing return gives a script whose last statement is not an expression the value null.
    private const string Footer = "\n}\nreturn null;\n    }\n}\n";
    private const string ReturnKeyword = "return ";

    /// <summary>1-based line of the generated text where the user's first line is.</summary>
    public static readonly int FirstUserLine = Header.Count(c => c == '\n') + 1;

    private CSharpScriptSource(string text, int returnLine, int returnColumn)
    {
        Text = text;
        _returnLine = returnLine;
        _returnColumn = returnColumn;
    }

    private readonly int _returnLine;
    private readonly int _returnColumn;

    public string Text { get; }

    /// <summary>
    /// Wraps the code; <paramref name="returnLastExpression"/> false keeps a final expression as a plain
    /// statement (for one of type void, such as a method call that returns nothing).
    /// </summary>
    public static CSharpScriptSource Build(string userCode, bool returnLastExpression = true)
    {
        var script = CSharpSyntaxTree.ParseText(
            userCode,
            CSharpParseOptions
                .Default.WithKind(SourceCodeKind.Script)
                .WithLanguageVersion(LanguageVersion.Latest)
        );
        var root = (CompilationUnitSyntax)script.GetRoot();
        var body = userCode;
        int returnLine = 0,
            returnColumn = 0;
        if (
            root.Members.LastOrDefault()
                is GlobalStatementSyntax { Statement: ExpressionStatementSyntax last }
            && last.SemicolonToken.IsMissing
        )
        {
            var start = last.Expression.SpanStart;
            var end = last.Expression.Span.End;
            if (!returnLastExpression)
                return new CSharpScriptSource(
                    Header + userCode[..end] + ";" + userCode[end..] + Footer,
                    0,
                    0
                );
            body = userCode[..start] + ReturnKeyword + userCode[start..end] + ";" + userCode[end..];
            var position = last.Expression.GetLocation().GetLineSpan().StartLinePosition;
            returnLine = position.Line + 1;
            returnColumn = position.Character + 1;
        }
        return new CSharpScriptSource(Header + body + Footer, returnLine, returnColumn);
    }

    /// <summary>Whether a position of the generated text lies in the user's code.</summary>
    public static bool IsUserLine(int generatedLine) => generatedLine >= FirstUserLine;

    /// <summary>Maps a 0-based position in the generated text to the user's 1-based line and column.</summary>
    public (int Line, int Column) ToUserPosition(LinePosition position)
    {
        var line = position.Line + 1 - FirstUserLine + 1;
        var column = position.Character + 1;
        if (line == _returnLine && column >= _returnColumn + ReturnKeyword.Length)
            column -= ReturnKeyword.Length;
        return (line, column);
    }
}
