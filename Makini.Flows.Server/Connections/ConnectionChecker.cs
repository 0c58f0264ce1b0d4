using System.Security.Cryptography;
using Makini.Flows.Connectors.Manifests;
using Makini.Flows.Connectors.Runtime;
using Makini.Flows.Server.Connectors;

namespace Makini.Flows.Server.Connections;

/// <summary>
/// Proves credentials with their connector's check request (through the one <see cref="ConnectorRuntime"/>, whose
/// transport is the SSRF-guarded handler). Answers the failure, or null when the check passed.
/// </summary>
public sealed class ConnectionChecker(
    ConnectorRuntime runtime,
    InstalledConnectors connectors,
    ConnectionCredentials credentials,
    ILogger<ConnectionChecker> logger
)
{
    public async Task<ConnectorException?> CheckAsync(
        ConnectorManifest manifest,
        string connectionId,
        IReadOnlyDictionary<string, string> values,
        CancellationToken cancellationToken
    )
    {
        try
        {
            await runtime.Client(manifest, connectionId, values).CheckAsync(cancellationToken);
            return null;
        }
        catch (ConnectorException failure)
        {
            return failure;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Not the source's answer but a fault of this server (a manifest the runtime cannot render, say):
            // logged with its stack, answered as a failed check so that no caller sees a 500.
            logger.LogError(
                exception,
                "The check of connection {ConnectionId} ({Connector}) failed inside the server",
                connectionId,
                manifest.Id
            );
            return new ConnectorException(
                ConnectorErrorCode.InvalidResponse,
                $"The check could not be made: {exception.Message}"
            );
        }
    }

    /// <summary>Checks a stored connection with its stored credentials.</summary>
    public async Task<ConnectorException?> CheckStoredAsync(
        string connectionId,
        string connectorId,
        string protectedCredentials,
        CancellationToken cancellationToken
    )
    {
        if (connectors.Find(connectorId) is not { } manifest)
            return new ConnectorException(
                ConnectorErrorCode.ConnectionFailed,
                $"The connector '{connectorId}' is not installed on this server (its manifest is not in {connectors.Folder})."
            );
        IReadOnlyDictionary<string, string> values;
        try
        {
            values = credentials.Read(protectedCredentials);
        }
        catch (CryptographicException)
        {
            return new ConnectorException(
                ConnectorErrorCode.AuthenticationFailed,
                "The stored credentials cannot be decrypted with this server's Data Protection key ring: enter them again."
            );
        }
        return await CheckAsync(manifest, connectionId, values, cancellationToken);
    }
}
