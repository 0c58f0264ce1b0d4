using System.Net;

namespace Makini.Flows.Activities.Outbound;

/// <summary>
/// Operator settings for the calls the server makes for users (webhooks, HTTP requests, connectors), bound from
/// the configuration section <c>Outbound</c>. Every address that is not public is refused unless one of
/// <see cref="AllowedRanges"/> holds it.
/// </summary>
public sealed class OutboundOptions
{
    public const string Section = "Outbound";

    /// <summary>The setting that allows ranges, as an operator writes it in configuration.</summary>
    public const string AllowedRangesSetting = "Outbound:AllowedRanges";

    public const long DefaultMaxResponseBytes = 10L * 1024 * 1024;

    /// <summary>
    /// CIDR ranges calls may reach even though they are not public, e.g. <c>10.20.0.0/16</c> for an on-premises
    /// CMMS, or <c>127.0.0.1/32</c> in tests. A single address stands for itself (/32 or /128).
    /// </summary>
    public string[] AllowedRanges { get; set; } = [];

    /// <summary>Largest response body read into a run; larger ones fail the call.</summary>
    public long MaxResponseBytes { get; set; } = DefaultMaxResponseBytes;

    /// <summary>
    /// Problems with the settings, in words for the operator; empty when they are fine. A range that allows every
    /// address (<c>0.0.0.0/0</c>, <c>::/0</c>) switches the protection off and is refused outside Development.
    /// </summary>
    public IReadOnlyList<string> Validate(bool isDevelopment)
    {
        var problems = new List<string>();
        foreach (var text in AllowedRanges)
        {
            if (!TryParseRange(text, out var range))
                problems.Add(
                    $"{AllowedRangesSetting}: '{text}' is not an address or a CIDR range such as 10.20.0.0/16 (the bits after the prefix must be zero)"
                );
            else if (range.PrefixLength == 0 && !isDevelopment)
                problems.Add(
                    $"{AllowedRangesSetting}: '{text}' allows every address, which turns off the protection against requests to internal services; it is only accepted when the environment is Development"
                );
        }
        if (MaxResponseBytes <= 0)
            problems.Add($"{Section}:MaxResponseBytes must be positive");
        return problems;
    }

    /// <summary>Throws when <see cref="Validate"/> finds problems; servers call it at startup.</summary>
    public void EnsureValid(bool isDevelopment)
    {
        var problems = Validate(isDevelopment);
        if (problems.Count > 0)
            throw new InvalidOperationException(
                "The outbound settings are not valid: " + string.Join("; ", problems)
            );
    }

    /// <summary>The allowed ranges, parsed; ranges that do not parse are left out (see <see cref="Validate"/>).</summary>
    public IReadOnlyList<IPNetwork> ParsedAllowedRanges() =>
        AllowedRanges
            .Select(text => TryParseRange(text, out var range) ? range : (IPNetwork?)null)
            .OfType<IPNetwork>()
            .ToList();

    private static bool TryParseRange(string text, out IPNetwork range)
    {
        text = text.Trim();
        if (!text.Contains('/') && IPAddress.TryParse(text, out var single))
        {
            range = new IPNetwork(single, single.GetAddressBytes().Length * 8);
            return true;
        }
        // A range whose address has bits set after the prefix (10.20.0.1/16) is most likely a typo: refuse it.
        return IPNetwork.TryParse(text, out range)
            && IPAddress.TryParse(text[..text.IndexOf('/')], out var written)
            && written.Equals(range.BaseAddress);
    }
}
