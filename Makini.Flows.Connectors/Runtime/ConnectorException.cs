namespace Makini.Flows.Connectors.Runtime;

/// <summary>What went wrong talking to a source, in Makini's error vocabulary.</summary>
public enum ConnectorErrorCode
{
    /// <summary>The source refused the credentials (401/403 that renewing a session or token did not cure).</summary>
    AuthenticationFailed,

    /// <summary>The source could not be reached, timed out, or kept failing (5xx) after retries.</summary>
    ConnectionFailed,

    /// <summary>The source kept answering 429 after retries, or asked to wait longer than allowed.</summary>
    RateLimitExceeded,

    /// <summary>The source answered something the manifest does not describe (not JSON, no record array).</summary>
    InvalidResponse,
}

/// <summary>
/// A call to a source that failed for good. The message says what happened in plain words, with the source's own
/// message where it gave one; it never contains credentials or query strings.
/// </summary>
public sealed class ConnectorException(
    ConnectorErrorCode code,
    string message,
    int? httpStatus = null,
    string? sourceMessage = null,
    TimeSpan? retryAfter = null,
    Exception? inner = null
) : Exception(message, inner)
{
    public ConnectorErrorCode Code { get; } = code;

    /// <summary><c>AUTHENTICATION_FAILED</c>, <c>CONNECTION_FAILED</c>, <c>RATE_LIMIT_EXCEEDED</c>, <c>INVALID_RESPONSE</c>.</summary>
    public string CodeName => NameOf(Code);

    public int? HttpStatus { get; } = httpStatus;

    /// <summary>The source's own error text, when its answer carried one.</summary>
    public string? SourceMessage { get; } = sourceMessage;

    /// <summary>How long the source asked to wait (429 with Retry-After).</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    public static string NameOf(ConnectorErrorCode code) =>
        code switch
        {
            ConnectorErrorCode.AuthenticationFailed => "AUTHENTICATION_FAILED",
            ConnectorErrorCode.ConnectionFailed => "CONNECTION_FAILED",
            ConnectorErrorCode.RateLimitExceeded => "RATE_LIMIT_EXCEEDED",
            _ => "INVALID_RESPONSE",
        };
}
