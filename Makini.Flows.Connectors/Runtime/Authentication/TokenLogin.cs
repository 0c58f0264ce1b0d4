using System.Globalization;
using System.Text.Json;

namespace Makini.Flows.Connectors.Runtime.Authentication;

/// <summary>
/// What session and OAuth authentication share: a token obtained by a login request, reused until it expires or a
/// 401 says it is no longer good, then obtained again.
/// </summary>
internal abstract class TokenLogin(
    TokenHolder holder,
    TimeProvider clock,
    string header,
    string prefix
) : ISourceAuthentication
{
    public bool CanRenew => true;

    protected TimeProvider Clock => clock;

    /// <summary>Logs in and returns the token and when it expires (if the answer says).</summary>
    protected abstract Task<(string Token, DateTimeOffset? ExpiresAt)> LogInAsync(
        CancellationToken cancellationToken
    );

    public async ValueTask ApplyAsync(SourceRequest request, CancellationToken cancellationToken)
    {
        var token = holder.Valid(clock.GetUtcNow());
        if (token is null)
        {
            await holder.Gate.WaitAsync(cancellationToken);
            try
            {
                token = holder.Valid(clock.GetUtcNow());
                if (token is null)
                {
                    (holder.Token, holder.ExpiresAt) = await LogInAsync(cancellationToken);
                    token = holder.Token;
                }
            }
            finally
            {
                holder.Gate.Release();
            }
        }
        request.Headers[header] = prefix + token;
    }

    public ValueTask RenewAsync(CancellationToken cancellationToken)
    {
        holder.Token = null;
        return ValueTask.CompletedTask;
    }

    /// <summary>A login answer that says it failed, or holds no token, is the credentials' fault.</summary>
    protected static ConnectorException NoToken(string request, string where) =>
        new(
            ConnectorErrorCode.AuthenticationFailed,
            $"The login ({request}) answered without a token at '{where}'"
        );

    protected static DateTimeOffset? ReadTime(JsonElement? value) =>
        value switch
        {
            { ValueKind: JsonValueKind.String } text
                when DateTimeOffset.TryParse(
                    text.GetString(),
                    CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal,
                    out var time
                ) => time,
            { ValueKind: JsonValueKind.Number } number when number.TryGetInt64(out var epoch) =>
                epoch > 100_000_000_000
                    ? DateTimeOffset.FromUnixTimeMilliseconds(epoch)
                    : DateTimeOffset.FromUnixTimeSeconds(epoch),
            _ => null,
        };
}
