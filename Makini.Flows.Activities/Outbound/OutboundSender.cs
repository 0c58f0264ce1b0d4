namespace Makini.Flows.Activities.Outbound;

/// <summary>
/// Sends an <see cref="OutboundCall"/>: each attempt with its own timeout, retried as <see cref="RetryTiming"/>
/// says, waiting on the run's clock. A refused address or a too large answer ends the call at once; so does the
/// run being cancelled.
/// </summary>
public static class OutboundSender
{
    public static async Task<OutboundResponse> SendAsync(
        OutboundHttp http,
        OutboundCall call,
        TimeProvider time,
        CancellationToken cancellationToken
    )
    {
        for (var attempt = 1; ; attempt++)
        {
            var last = attempt >= call.MaxAttempts;
            OutboundResponse outcome;
            TimeSpan wait;
            using (var timeout = new CancellationTokenSource(call.Timeout, time))
            using (
                var linked = CancellationTokenSource.CreateLinkedTokenSource(
                    cancellationToken,
                    timeout.Token
                )
            )
            {
                try
                {
                    using var request = call.Request(attempt);
                    using var response = await http.Client.SendAsync(
                        request,
                        HttpCompletionOption.ResponseHeadersRead,
                        linked.Token
                    );
                    var body = await ReadBodyAsync(
                        response.Content,
                        http.MaxResponseBytes,
                        linked.Token
                    );
                    outcome = new OutboundResponse
                    {
                        Status = (int)response.StatusCode,
                        Headers = OutboundResponse.HeadersOf(response),
                        Body = body,
                        ContentType = response.Content.Headers.ContentType,
                        Attempts = attempt,
                    };
                    if (last || !RetryTiming.IsRetryable(response.StatusCode))
                        return outcome;
                    var asked = RetryTiming.RetryAfter(response, time.GetUtcNow());
                    if (asked > RetryTiming.MaxRetryAfter)
                    {
                        call.OnRetry?.Invoke(
                            $"attempt {attempt} answered {outcome.Status} asking to retry after {asked.Value.TotalSeconds:0} s, longer than the {RetryTiming.MaxRetryAfter.TotalSeconds:0} s a run waits; not retrying"
                        );
                        return outcome;
                    }
                    wait = asked ?? RetryTiming.Backoff(attempt);
                    call.OnRetry?.Invoke(
                        $"attempt {attempt} answered {outcome.Status}; retrying in {wait.TotalSeconds:0.###} s"
                    );
                }
                catch (HttpRequestException exception)
                    when (exception.InnerException is OutboundConnectionRefusedException refused)
                {
                    return Failed(attempt, refused.Message);
                }
                catch (ResponseTooLargeException exception)
                {
                    return Failed(attempt, exception.Message);
                }
                catch (OperationCanceledException)
                    when (timeout.IsCancellationRequested
                        && !cancellationToken.IsCancellationRequested
                    )
                {
                    outcome = Failed(
                        attempt,
                        $"no answer within {call.Timeout.TotalSeconds:0.###} s"
                    );
                    if (last)
                        return outcome;
                    wait = RetryTiming.Backoff(attempt);
                    call.OnRetry?.Invoke(
                        $"attempt {attempt}: {outcome.Error}; retrying in {wait.TotalSeconds:0.###} s"
                    );
                }
                catch (HttpRequestException exception)
                {
                    outcome = Failed(attempt, Describe(exception));
                    if (last)
                        return outcome;
                    wait = RetryTiming.Backoff(attempt);
                    call.OnRetry?.Invoke(
                        $"attempt {attempt}: {outcome.Error}; retrying in {wait.TotalSeconds:0.###} s"
                    );
                }
            }
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    private static OutboundResponse Failed(int attempt, string error) =>
        new() { Attempts = attempt, Error = error };

    private static string Describe(HttpRequestException exception) =>
        exception.InnerException is { } inner && !exception.Message.Contains(inner.Message)
            ? $"{exception.Message} ({inner.Message})"
            : exception.Message;

    private static async Task<byte[]> ReadBodyAsync(
        HttpContent content,
        long limit,
        CancellationToken cancellationToken
    )
    {
        if (content.Headers.ContentLength > limit)
            throw new ResponseTooLargeException(limit);
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
                throw new ResponseTooLargeException(limit);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private sealed class ResponseTooLargeException(long limit)
        : Exception(
            $"the answer's body is larger than {limit} bytes (setting {OutboundOptions.Section}:MaxResponseBytes)"
        );
}
