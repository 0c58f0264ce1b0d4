using System.Net;
using Makini.Flows.Activities.Outbound;
using Makini.Flows.Connectors.Runtime.Authentication;
using Polly;
using Polly.Retry;

namespace Makini.Flows.Connectors.Runtime;

/// <summary>
/// Sends one logical request to a source: paced by the connection's <see cref="RateGate"/>, authenticated, each
/// attempt under a time limit, retried with exponential backoff (Polly) on 429, 408, 5xx and network failures,
/// honouring Retry-After; a 401 or 403 renews the session or token once. What still fails becomes a
/// <see cref="ConnectorException"/>.
/// </summary>
internal sealed class SourceCaller
{
    private readonly HttpMessageInvoker _http;
    private readonly ConnectorRuntimeOptions _options;
    private readonly TimeProvider _clock;
    private readonly ResiliencePipeline<SourceAnswer> _retries;

    public SourceCaller(
        HttpMessageInvoker http,
        ConnectorRuntimeOptions options,
        TimeProvider clock
    )
    {
        _http = http;
        _options = options;
        _clock = clock;
        var pipeline = new ResiliencePipelineBuilder<SourceAnswer> { TimeProvider = clock };
        // One attempt means no retry strategy at all: Polly refuses a retry of zero attempts.
        if (options.MaxAttempts > 1)
            pipeline.AddRetry(
                new RetryStrategyOptions<SourceAnswer>
                {
                    ShouldHandle = new PredicateBuilder<SourceAnswer>()
                        .Handle<SourceUnreachable>()
                        .HandleResult(IsTransient),
                    MaxRetryAttempts = options.MaxAttempts - 1,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.FirstRetryDelay,
                    MaxDelay = options.MaxRetryDelay,
                    DelayGenerator = arguments =>
                        ValueTask.FromResult(arguments.Outcome.Result?.RetryAfter(clock)),
                }
            );
        _retries = pipeline.Build();
    }

    public async Task<SourceAnswer> SendAsync(
        Func<SourceRequest> build,
        ISourceAuthentication? authentication,
        RateGate gate,
        CancellationToken cancellationToken
    )
    {
        var described = "";
        SourceAnswer answer;
        try
        {
            answer = await _retries.ExecuteAsync(
                async token =>
                {
                    var renewed = false;
                    while (true)
                    {
                        await gate.WaitAsync(token);
                        var request = build();
                        described = request.Describe();
                        if (authentication is not null)
                            await authentication.ApplyAsync(request, token);
                        var attempt = await TransmitAsync(request, token);
                        var retryAfter = attempt.RetryAfter(_clock);
                        gate.Observe(attempt.Headers, retryAfter);
                        if (
                            attempt.Status
                                is HttpStatusCode.Unauthorized
                                    or HttpStatusCode.Forbidden
                            && authentication is { CanRenew: true }
                            && !renewed
                        )
                        {
                            renewed = true;
                            await authentication.RenewAsync(token);
                            continue;
                        }
                        if (
                            attempt.Status == HttpStatusCode.TooManyRequests
                            && retryAfter > _options.MaxRetryDelay
                        )
                            throw RateLimited(attempt, retryAfter);
                        return attempt;
                    }
                },
                cancellationToken
            );
        }
        catch (SourceUnreachable unreachable)
        {
            throw new ConnectorException(
                ConnectorErrorCode.ConnectionFailed,
                $"Could not reach the system for {described}: {unreachable.Message}",
                inner: unreachable.InnerException
            );
        }
        if (answer.IsSuccess)
            return answer;
        throw Failure(answer);
    }

    private async Task<SourceAnswer> TransmitAsync(
        SourceRequest request,
        CancellationToken cancellationToken
    )
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            using var message = request.ToMessage();
            using var response = await _http.SendAsync(message, timeout.Token);
            var body = await ResponseBody.ReadAsync(
                response,
                _options.MaxResponseBytes,
                request,
                timeout.Token
            );
            return new SourceAnswer(
                response.StatusCode,
                response.Headers,
                body,
                request.Describe()
            );
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SourceUnreachable(
                $"no answer within {_options.RequestTimeout.TotalSeconds:0.#} s",
                null
            );
        }
        catch (HttpRequestException exception)
            when (exception.InnerException is OutboundConnectionRefusedException refused)
        {
            // The address is not allowed: asking again cannot help.
            throw new ConnectorException(
                ConnectorErrorCode.ConnectionFailed,
                $"Could not reach the system for {request.Describe()}: {refused.Message}",
                inner: refused
            );
        }
        catch (HttpRequestException exception)
        {
            throw new SourceUnreachable(Describe(exception), exception);
        }
    }

    private static string Describe(HttpRequestException exception)
    {
        var inner = exception.InnerException?.Message;
        return exception.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "the host name does not resolve",
            HttpRequestError.ConnectionError => "the connection was refused or dropped"
                + (inner is null ? "" : $" ({inner})"),
            HttpRequestError.SecureConnectionError => "the TLS handshake failed"
                + (inner is null ? "" : $" ({inner})"),
            _ => inner ?? exception.Message,
        };
    }

    private static bool IsTransient(SourceAnswer answer) =>
        answer.Status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout
        || (int)answer.Status >= 500;

    private ConnectorException RateLimited(SourceAnswer answer, TimeSpan? retryAfter) =>
        new(
            ConnectorErrorCode.RateLimitExceeded,
            $"The system's rate limit was exceeded ({answer.Request} answered 429"
                + (retryAfter is { } wait ? $", retry after {wait.TotalSeconds:0} s" : "")
                + ")"
                + (answer.ErrorText() is { } text ? $": {text}" : ""),
            429,
            answer.ErrorText(),
            retryAfter
        );

    private ConnectorException Failure(SourceAnswer answer)
    {
        var status = (int)answer.Status;
        var text = answer.ErrorText();
        var said = text is null ? "" : $": {text}";
        return answer.Status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new ConnectorException(
                ConnectorErrorCode.AuthenticationFailed,
                $"The system refused the credentials ({answer.Request} answered {status}){said}",
                status,
                text
            ),
            HttpStatusCode.TooManyRequests => RateLimited(answer, answer.RetryAfter(_clock)),
            _ when status >= 500 || answer.Status == HttpStatusCode.RequestTimeout =>
                new ConnectorException(
                    ConnectorErrorCode.ConnectionFailed,
                    $"The system failed ({answer.Request} answered {status} after {_options.MaxAttempts} attempts){said}",
                    status,
                    text
                ),
            _ => new ConnectorException(
                ConnectorErrorCode.ConnectionFailed,
                $"The system refused the request ({answer.Request} answered {status}; check the instance URL){said}",
                status,
                text
            ),
        };
    }
}

/// <summary>A network failure or timeout of one attempt: retried, then reported as ConnectionFailed.</summary>
internal sealed class SourceUnreachable(string message, Exception? inner)
    : Exception(message, inner);
