using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Makini.Flows.Engine.Expressions.CSharp;

/// <summary>
/// What the script hosts said of each C# script, by the SHA-256 of its text: compiled (with the values it
/// reads) or its problems. Problems are kept too, so a script that takes the compiler long, or crashes a host,
/// costs that once and not at every keystroke of the designer; a host's failure is kept for a few minutes
/// only, as the same script may compile on a quieter machine. Bounded by the total length of the texts held.
/// </summary>
internal sealed class CSharpCompilations(ScriptHostPool hosts, CSharpLimits limits)
{
    private const long MaxCachedCharacters = 32L * 1024 * 1024;
    private static readonly TimeSpan KeepHostFailures = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, Known> _scripts = new(StringComparer.Ordinal);
    private long _cachedCharacters;

    private sealed record Known(
        CSharpExpression? Script,
        ScriptSyntaxException? Problems,
        long ExpiresAt = long.MaxValue
    );

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
        var now = Environment.TickCount64;
        if (!_scripts.TryGetValue(hash, out var known) || known.ExpiresAt < now)
        {
            known = Ask(hash, source, now);
            if (Interlocked.Add(ref _cachedCharacters, source.Length) > MaxCachedCharacters)
                Clear();
            known = _scripts.AddOrUpdate(
                hash,
                known,
                (_, old) => old.ExpiresAt < now ? known : old
            );
        }
        return known.Script ?? throw known.Problems!;
    }

    private Known Ask(string hash, string source, long now)
    {
        var result = hosts.Compile(hash, source);
        if (result.Errors is not { } errors)
            return new Known(
                new CSharpExpression(source, hash, result.Inputs, result.References),
                null
            );
        return new Known(
            null,
            new ScriptSyntaxException(errors),
            result.HostFailed ? now + (long)KeepHostFailures.TotalMilliseconds : long.MaxValue
        );
    }

    public void Clear()
    {
        _scripts.Clear();
        Interlocked.Exchange(ref _cachedCharacters, 0);
    }
}
