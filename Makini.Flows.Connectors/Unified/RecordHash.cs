using System.Security.Cryptography;

namespace Makini.Flows.Connectors.Unified;

/// <summary>
/// A stored record's hash, in two halves: the first 128 bits of the SHA-256 of the unified record, then those of the
/// source record (64 hex characters in all). Any change of either changes it; and a mapping's re-projection, which
/// changes only the unified record, keeps the source half of what is stored (PostgreSQL gives a source record back
/// normalised, so its bytes as the source sent them cannot be hashed again).
/// </summary>
public static class RecordHash
{
    private const int HalfBytes = 16;
    public const int HalfLength = HalfBytes * 2;

    public static string Of(
        IncrementalHash sha256,
        ReadOnlySpan<byte> unified,
        ReadOnlySpan<byte> raw
    )
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> both = stackalloc byte[HalfBytes * 2];
        sha256.AppendData(unified);
        sha256.GetHashAndReset(digest);
        digest[..HalfBytes].CopyTo(both);
        sha256.AppendData(raw);
        sha256.GetHashAndReset(digest);
        digest[..HalfBytes].CopyTo(both[HalfBytes..]);
        return Convert.ToHexStringLower(both);
    }

    /// <summary>
    /// A hash whose source half is that of <paramref name="raw"/> and whose unified half is zeros: for a record whose
    /// unified text is written again, and whose hash is then <see cref="WithUnified"/> of that text.
    /// </summary>
    public static string OfSource(IncrementalHash sha256, ReadOnlySpan<byte> raw)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> both = stackalloc byte[HalfBytes * 2];
        both[..HalfBytes].Clear();
        sha256.AppendData(raw);
        sha256.GetHashAndReset(digest);
        digest[..HalfBytes].CopyTo(both[HalfBytes..]);
        return Convert.ToHexStringLower(both);
    }

    /// <summary>
    /// <see cref="Combine"/>(<see cref="Of"/>(<paramref name="unified"/>, nothing), <paramref name="hash"/>), without
    /// hashing the nothing: the unified half of <paramref name="unified"/>, the source half of <paramref name="hash"/>.
    /// </summary>
    public static string WithUnified(
        IncrementalHash sha256,
        ReadOnlySpan<byte> unified,
        string hash
    )
    {
        if (hash.Length != HalfLength * 2)
            return Combine(Of(sha256, unified, []), hash);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        sha256.AppendData(unified);
        sha256.GetHashAndReset(digest);
        return string.Concat(
            Convert.ToHexStringLower(digest[..HalfBytes]),
            hash.AsSpan(HalfLength)
        );
    }

    /// <summary>The hash with the unified half of <paramref name="unified"/> and the source half of <paramref name="source"/>.</summary>
    public static string Combine(string unified, string source) =>
        source.Length == HalfLength * 2 ? unified[..HalfLength] + source[HalfLength..] : unified;
}
