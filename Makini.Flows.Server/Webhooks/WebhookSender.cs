using System.Buffers;
using System.Net;
using System.Text;
using Makini.Flows.Activities.Outbound;
using Makini.Flows.Activities.Webhooks;
using Microsoft.Extensions.Options;

namespace Makini.Flows.Server.Webhooks;

/// <summary>How one attempt went.</summary>
public sealed record AttemptOutcome(
    int? StatusCode,
    string? Error,
    string? ResponseExcerpt,
    TimeSpan? RetryAfter,
    TimeSpan Duration
)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}

/// <summary>
/// Makes one attempt of a delivery: POSTs the stored body, signed for this attempt's timestamp with every
/// current secret (Standard Webhooks, plus the legacy <c>X-Webhook-Signature</c>), with the endpoint's headers,
/// through the SSRF-guarded client (no redirects followed), within <see cref="WebhookOptions.Timeout"/>: the
/// connection, the answer's headers and the part of its body that is kept (<see cref="ExcerptBytes"/>) must all
/// arrive within it, or the attempt fails with an error that says so. Never throws for what the receiver does;
/// only the caller's cancellation (the node stopping) ends it with an exception.
/// </summary>
public sealed class WebhookSender(
    OutboundHttp http,
    TimeProvider time,
    IOptions<WebhookOptions> options
)
{
    public const int ExcerptBytes = 4096;

    public async Task<AttemptOutcome> SendAsync(
        Uri url,
        string webhookId,
        byte[] body,
        IReadOnlyList<string> secrets,
        IReadOnlyDictionary<string, string> headers,
        CancellationToken cancellationToken
    )
    {
        var timeoutAfter = options.Value.Timeout;
        var started = time.GetTimestamp();
        var answered = false;
        using var timeout = new CancellationTokenSource(timeoutAfter, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(
            cancellationToken,
            timeout.Token
        );
        try
        {
            using var request = SendWebhook.SignedRequest(
                url,
                webhookId,
                time.GetUtcNow(),
                body,
                secrets
            );
            foreach (var (name, value) in headers)
                request.Headers.TryAddWithoutValidation(name, value);
            using var response = await http.Client.SendAsync(
                request,
                HttpCompletionOption.ResponseHeadersRead,
                linked.Token
            );
            answered = true;
            var excerpt = await ReadExcerptAsync(response.Content, linked.Token);
            var status = (int)response.StatusCode;
            var retryAfter = response.StatusCode
                is HttpStatusCode.TooManyRequests
                    or HttpStatusCode.ServiceUnavailable
                ? RetryTiming.RetryAfter(response, time.GetUtcNow())
                : null;
            string? error = status switch
            {
                >= 200 and < 300 => null,
                >= 300 and < 400 =>
                    $"the receiver answered {status} (redirects are not followed{(response.Headers.Location is { } location ? $"; Location: {location}" : "")})",
                _ => $"the receiver answered {status}",
            };
            return new AttemptOutcome(
                status,
                error,
                excerpt,
                retryAfter,
                time.GetElapsedTime(started)
            );
        }
        catch (HttpRequestException exception)
            when (exception.InnerException is OutboundConnectionRefusedException refused)
        {
            return Failed(refused.Message, started);
        }
        catch (OperationCanceledException)
            when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Failed(
                answered
                    ? $"the answer's body did not arrive within {timeoutAfter.TotalSeconds:0.###} s (the attempt's timeout)"
                    : $"no answer within {timeoutAfter.TotalSeconds:0.###} s (the attempt's timeout)",
                started
            );
        }
        catch (HttpRequestException exception)
        {
            return Failed(Describe(exception), started);
        }
        catch (IOException exception)
        {
            // The connection broke while the answer's body was read.
            return Failed(Describe(exception), started);
        }
    }

    private static string Describe(Exception exception) =>
        exception.InnerException is { } inner && !exception.Message.Contains(inner.Message)
            ? $"{exception.Message} ({inner.Message})"
            : exception.Message;

    private AttemptOutcome Failed(string error, long started) =>
        new(null, error, null, null, time.GetElapsedTime(started));

    /// <summary>The first <see cref="ExcerptBytes"/> bytes of the answer's body as text; the rest is not read.</summary>
    private static async Task<string?> ReadExcerptAsync(
        HttpContent content,
        CancellationToken cancellationToken
    )
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(ExcerptBytes);
        try
        {
            var filled = 0;
            int read;
            while (
                filled < ExcerptBytes
                && (
                    read = await stream.ReadAsync(
                        buffer.AsMemory(filled, ExcerptBytes - filled),
                        cancellationToken
                    )
                ) > 0
            )
                filled += read;
            return filled == 0 ? null : Encoding.UTF8.GetString(buffer, 0, filled);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
