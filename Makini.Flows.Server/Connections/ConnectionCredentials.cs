using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Manifests;
using Makini.Flows.Server.Secrets;

namespace Makini.Flows.Server.Connections;

/// <summary>
/// How a connection's credentials are stored and shown: every value in one blob protected with Data Protection;
/// beside it, for display, the values of the fields that are not secret and a mask for each secret one that is
/// set. Secret values never leave the protected blob.
/// </summary>
public sealed class ConnectionCredentials(SecretProtector protector)
{
    /// <summary>What a secret field that has a value shows, and what a client sends back to keep that value.</summary>
    public const string Mask = "********";

    /// <summary>Sets <paramref name="record"/>'s protected blob and display values to <paramref name="values"/>.</summary>
    public void Store(
        ConnectionRecord record,
        ConnectorManifest manifest,
        IReadOnlyDictionary<string, string> values
    )
    {
        record.ProtectedCredentials = protector.ProtectCredentials(
            JsonSerializer.Serialize(values)
        );
        record.PublicCredentialsJson = Display(manifest, values).ToJsonString();
    }

    /// <summary>The stored values; throws <see cref="CryptographicException"/> when the key ring cannot read them.</summary>
    public IReadOnlyDictionary<string, string> Read(string protectedCredentials) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(
            protector.UnprotectCredentials(protectedCredentials)
        ) ?? [];

    /// <summary>
    /// The values to check when a client replaces credentials: a field it leaves out, or a secret field it sends
    /// as the <see cref="Mask"/>, keeps its stored value; a field sent empty or null is cleared.
    /// </summary>
    public static Dictionary<string, string?> Merge(
        ConnectorManifest manifest,
        IReadOnlyDictionary<string, string> stored,
        IReadOnlyDictionary<string, string?> given
    )
    {
        var merged = new Dictionary<string, string?>(given, StringComparer.Ordinal);
        foreach (var field in manifest.Credentials)
            if (
                stored.TryGetValue(field.Name, out var kept)
                && (
                    !given.TryGetValue(field.Name, out var value)
                    || (field.IsSecret && value == Mask)
                )
            )
                merged[field.Name] = kept;
        return merged;
    }

    public static JsonObject Display(
        ConnectorManifest manifest,
        IReadOnlyDictionary<string, string> values
    )
    {
        var shown = new JsonObject();
        foreach (var field in manifest.Credentials)
            if (values.TryGetValue(field.Name, out var value))
                shown[field.Name] = field.IsSecret ? Mask : value;
        return shown;
    }
}
