using System.Security.Cryptography;
using System.Text;

namespace Makini.Flows.Server.Auth;

/// <summary>Making and hashing API keys. Keys are 190 random bits, so one SHA-256 is a safe way to store them.</summary>
public static class ApiKeys
{
    private const string Alphabet =
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string NewKey() => "mk_" + RandomNumberGenerator.GetString(Alphabet, 32);

    public static string Hash(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The part of a key safe to show: enough to tell keys apart, too little to use.</summary>
    public static string Prefix(string key) => key[..Math.Min(key.Length, 7)];
}
