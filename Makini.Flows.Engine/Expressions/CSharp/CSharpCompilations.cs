using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Makini.Flows.Engine.Expressions.CSharp;

/// <summary>
/// What the script hosts said of each C# script, by the SHA-256 of its text: compiled (with the values it
/// reads) or its problems. Problems are kept too, so a script that takes the compiler long, or crashes a host,
/// costs that once and not at every keystroke of the designer. Bounded by the total length of the texts held.
/// </summary>
internal sealed class CSharpCompilations(ScriptHostPool hosts, CSharpLimits limits)
{
    private const long MaxCachedCharacters = 32L * 1024 * 1024;
    private readonly ConcurrentDictionary<string, object> _scripts = new(StringComparer.Ordinal);
    private long _cachedCharacters;

    /// <summary>The compiled script; throws <see cref="ScriptSyntaxException"/> with its problems.</summary>
    public CSharpExpression Compile(string source)
    {
        if (source.Length > limits.MaxScriptLength)
            throw new ScriptSyntaxException(
                new ScriptError(
                    $"C# error: the script is {source.Length:N0} characters long; the limit is {limits.MaxScriptLength:N0}",
                    1,
                    1
                )
            );
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source)));
        if (!_scripts.TryGetValue(hash, out var known))
        {
            var result = hosts.Compile(hash, source);
            known = result.Errors is { } errors
                ? new ScriptSyntaxException(errors)
                : new CSharpExpression(source, hash, result.Inputs, result.References);
            if (Interlocked.Add(ref _cachedCharacters, source.Length) > MaxCachedCharacters)
                Clear();
            known = _scripts.GetOrAdd(hash, known);
        }
        return known as CSharpExpression ?? throw (ScriptSyntaxException)known;
    }

    public void Clear()
    {
        _scripts.Clear();
        Interlocked.Exchange(ref _cachedCharacters, 0);
    }
}
