namespace Makini.Flows.Engine.Expressions.JavaScript;

/// <summary>
/// Measures how deeply a JavaScript source nests before it is parsed: the parser, Jint's analysis and the
/// interpreter all recurse over nesting, so a deep enough script would exhaust the stack. Counts brackets
/// (parentheses, brackets, braces, template substitutions) and, within one bracket, the operators chained
/// between commas and semicolons (each makes a level of the syntax tree), skipping strings, comments,
/// template text and regular-expression literals. Approximate by design: it never counts more levels than
/// the syntax tree has, so a script it passes may still be refused by the parser's own depth limit.
/// </summary>
internal static class JavaScriptNesting
{
    private const string OperatorCharacters = "+-*/%&|^!~<>=?:.";

    private static readonly HashSet<string> OperatorKeywords =
    [
        "typeof",
        "void",
        "delete",
        "await",
        "new",
        "in",
        "instanceof",
        "yield",
    ];

    // After these a slash starts a regular expression, not a division.
    private static readonly HashSet<string> KeywordsBeforeExpression =
    [
        .. OperatorKeywords,
        "return",
        "throw",
        "case",
        "do",
        "else",
        "of",
    ];

    /// <summary>The place (1-based line and column) where the source first nests deeper than allowed, if any.</summary>
    public static (int Line, int Column)? FindTooDeep(string source, int maxDepth) =>
        new Scanner(source, maxDepth).Run();

    private sealed class Scanner(string source, int maxDepth)
    {
        private readonly Stack<(char Closer, int Operators)> _open = new();
        private int _position;
        private int _operators;
        private int _enclosingOperators;
        private bool _afterOperand;

        public (int Line, int Column)? Run()
        {
            while (_position < source.Length)
            {
                var start = _position;
                if (!Step())
                    return PositionOf(start);
            }
            return null;
        }

        /// <summary>Reads one token; false where it nests too deeply.</summary>
        private bool Step()
        {
            var c = source[_position];
            if (c == '\n' && _afterOperand)
                _operators = 0; // a new line after an operand usually starts a new statement
            if (char.IsWhiteSpace(c))
            {
                _position++;
                return true;
            }
            if (c == '/' && Peek(1) is '/' or '*')
            {
                SkipComment();
                return true;
            }
            if (c is '"' or '\'')
            {
                SkipString(c);
                return Operand();
            }
            if (c == '`')
            {
                _position++;
                return TemplateText();
            }
            if (c == '/' && !_afterOperand)
            {
                SkipRegularExpression();
                return Operand();
            }
            if (c is '(' or '[' or '{')
            {
                _position++;
                return Open(
                    c == '(' ? ')'
                    : c == '[' ? ']'
                    : '}'
                );
            }
            if (c is ')' or ']' or '}')
            {
                _position++;
                return Close();
            }
            if (c is ',' or ';')
            {
                _position++;
                _operators = 0;
                _afterOperand = false;
                return true;
            }
            if (OperatorCharacters.Contains(c) && !(c == '.' && char.IsAsciiDigit(Peek(1))))
                return Operator(ReadWhile(OperatorCharacters.Contains).Length);
            var word = ReadWhile(ch => char.IsLetterOrDigit(ch) || ch is '_' or '$' or '.' or '\\');
            if (word.Length == 0)
            {
                _position++;
                return true;
            }
            if (OperatorKeywords.Contains(word))
                return Operator(1);
            _afterOperand = !KeywordsBeforeExpression.Contains(word);
            return true;
        }

        // The longest operator (>>>=) has four characters: a longer run is several operators, such as !!!!!.
        private bool Operator(int length)
        {
            _operators += length <= 4 ? 1 : length;
            _afterOperand = false;
            return Depth <= 2 * maxDepth;
        }

        private bool Operand()
        {
            _afterOperand = true;
            return true;
        }

        private int Depth => _open.Count + _enclosingOperators + _operators;

        private bool Open(char closer)
        {
            _open.Push((closer, _operators));
            _enclosingOperators += _operators;
            _operators = 0;
            _afterOperand = false;
            return _open.Count <= maxDepth && Depth <= 2 * maxDepth;
        }

        private bool Close()
        {
            if (_open.Count == 0)
                return Operand(); // the parser reports it
            var (closer, operators) = _open.Pop();
            _enclosingOperators -= operators;
            _operators = operators;
            if (closer == '`')
                return TemplateText();
            return Operand();
        }

        /// <summary>Skips template text up to its end or to a substitution, which nests like a bracket.</summary>
        private bool TemplateText()
        {
            while (_position < source.Length)
            {
                var c = source[_position++];
                if (c == '\\')
                    _position++;
                else if (c == '`')
                    return Operand();
                else if (c == '$' && Peek(0) == '{')
                {
                    _position++;
                    return Open('`');
                }
            }
            return true;
        }

        private void SkipString(char quote)
        {
            _position++;
            while (_position < source.Length && source[_position] != quote)
                _position += source[_position] == '\\' ? 2 : 1;
            _position++;
        }

        private void SkipComment()
        {
            var end = Peek(1) == '/' ? "\n" : "*/";
            var found = source.IndexOf(end, _position + 2, StringComparison.Ordinal);
            _position = found < 0 ? source.Length : found + end.Length;
        }

        private void SkipRegularExpression()
        {
            var inClass = false;
            _position++;
            while (_position < source.Length && source[_position] != '\n')
            {
                var c = source[_position++];
                if (c == '\\')
                    _position++;
                else if (c == '[')
                    inClass = true;
                else if (c == ']')
                    inClass = false;
                else if (c == '/' && !inClass)
                    break;
            }
            ReadWhile(char.IsAsciiLetter);
        }

        private string ReadWhile(Func<char, bool> accept)
        {
            var start = _position;
            while (_position < source.Length && accept(source[_position]))
                _position++;
            return source[start.._position];
        }

        private char Peek(int offset) =>
            _position + offset < source.Length ? source[_position + offset] : '\0';

        private (int Line, int Column) PositionOf(int index)
        {
            var line = 1;
            var lineStart = 0;
            for (var i = 0; i < index; i++)
                if (source[i] == '\n')
                {
                    line++;
                    lineStart = i + 1;
                }
            return (line, index - lineStart + 1);
        }
    }
}
