using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Makini.Flows.Connectors.Demo;

/// <summary>
/// The Demo CMMS's REST API, answered in process: <c>POST /api/v1/auth/login</c>, <c>GET /api/v1/me</c>, the list
/// endpoints (<see cref="DemoDataSet.CollectionNames"/>) with pages and <c>updated_since</c>, and one work order read
/// or changed (<c>GET</c> and <c>PATCH /api/v1/work-orders/{id}</c>), with a rate limit per token and JSON errors.
/// Any host name works; only the path matters.
/// </summary>
public sealed class DemoCmmsHandler : HttpMessageHandler
{
    public const string PathPrefix = "/api/v1";

    private readonly DemoDataSet _data;
    private readonly TimeProvider _clock;
    private readonly DemoCmmsOptions _options;
    private readonly DemoSessions _sessions;

    public DemoCmmsHandler(DemoDataSet data, TimeProvider clock, DemoCmmsOptions? options = null)
    {
        _data = data;
        _clock = clock;
        _options = options ?? new DemoCmmsOptions();
        _sessions = new DemoSessions(clock, _options.TokenLifetime, _options.MaxSessions);
    }

    /// <summary>Tokens currently held.</summary>
    public int SessionCount => _sessions.Count;

    protected override HttpResponseMessage Send(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    ) => SendAsync(request, cancellationToken).GetAwaiter().GetResult();

    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        var response = await Answer(request, cancellationToken);
        response.RequestMessage = request;
        return response;
    }

    private async Task<HttpResponseMessage> Answer(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        var uri =
            request.RequestUri ?? throw new InvalidOperationException("the request has no URI");
        if (!uri.IsAbsoluteUri)
            uri = new Uri(new Uri("http://" + DemoCmms.Host), uri);
        var path = uri.AbsolutePath.Length > 1 ? uri.AbsolutePath.TrimEnd('/') : uri.AbsolutePath;
        var query = uri.Query;
        var method = request.Method;

        if (path == PathPrefix + "/auth/login")
            return method == HttpMethod.Post
                ? await Login(request, cancellationToken)
                : NotAllowed(method, path, "POST");

        var resource = path.StartsWith(PathPrefix + "/", StringComparison.Ordinal)
            ? path[(PathPrefix.Length + 1)..]
            : null;
        var workOrderId = WorkOrderId(resource);
        var known =
            resource == "me"
            || (resource is not null && DemoDataSet.IsCollection(resource))
            || workOrderId is not null;
        if (!known)
            return DemoResponses.Error(
                HttpStatusCode.NotFound,
                "not_found",
                $"No such endpoint: {method} {path}. Endpoints: POST {PathPrefix}/auth/login, GET {PathPrefix}/me, GET {PathPrefix}/{{{string.Join('|', DemoDataSet.CollectionNames)}}}, GET and PATCH {PathPrefix}/work-orders/{{id}}"
            );
        if (method != HttpMethod.Get && (workOrderId is null || method != HttpMethod.Patch))
            return workOrderId is null
                ? NotAllowed(method, path, "GET")
                : NotAllowed(method, path, "GET", "PATCH");

        var session = Authenticate(request, out var refused);
        if (session is null)
            return refused!;
        var now = _clock.GetUtcNow();
        var rate = session.Take(now, _options.RequestsPerMinute);
        var response = rate.Allowed
            ? resource == "me"
                ? Me()
                : workOrderId is null
                    ? List(resource!, query, now)
                    : method == HttpMethod.Patch
                        ? await ChangeWorkOrder(request, workOrderId, now, cancellationToken)
                        : WorkOrder(workOrderId, now)
            : DemoResponses.Error(
                HttpStatusCode.TooManyRequests,
                "rate_limited",
                $"More than {rate.Limit} requests in a minute with this token: retry in {rate.RetryAfterSeconds} s"
            );
        response.Headers.Add(
            "X-RateLimit-Limit",
            rate.Limit.ToString(CultureInfo.InvariantCulture)
        );
        response.Headers.Add(
            "X-RateLimit-Remaining",
            rate.Remaining.ToString(CultureInfo.InvariantCulture)
        );
        response.Headers.Add(
            "X-RateLimit-Reset",
            rate.ResetsAt.ToString(CultureInfo.InvariantCulture)
        );
        if (!rate.Allowed)
            response.Headers.RetryAfter = new RetryConditionHeaderValue(
                TimeSpan.FromSeconds(rate.RetryAfterSeconds)
            );
        return response;
    }

    private async Task<HttpResponseMessage> Login(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        const string shape =
            "The body must be JSON: {\"username\": \"...\", \"password\": \"...\"}";
        var body = await ReadBody(request, cancellationToken);
        if (body is null)
            return BodyTooLarge();
        string? username = null,
            password = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (
                    document.RootElement.TryGetProperty("username", out var u)
                    && u.ValueKind == JsonValueKind.String
                )
                    username = u.GetString();
                if (
                    document.RootElement.TryGetProperty("password", out var p)
                    && p.ValueKind == JsonValueKind.String
                )
                    password = p.GetString();
            }
        }
        catch (JsonException)
        {
            return DemoResponses.Error(HttpStatusCode.BadRequest, "invalid_request", shape);
        }
        if (username is null || password is null)
            return DemoResponses.Error(HttpStatusCode.BadRequest, "invalid_request", shape);
        if (
            !Matches(username.Trim().ToLowerInvariant(), DemoCredentials.Username)
            | !Matches(password, DemoCredentials.Password)
        )
            return DemoResponses.Error(
                HttpStatusCode.Unauthorized,
                "invalid_credentials",
                "The username or password is incorrect"
            );
        var (token, session) = _sessions.Open();
        return DemoResponses.Json(
            HttpStatusCode.OK,
            writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("token", token);
                writer.WriteString("expiresAt", DemoJson.Time(session.ExpiresAt));
                writer.WriteEndObject();
            }
        );
    }

    private DemoSession? Authenticate(HttpRequestMessage request, out HttpResponseMessage? refused)
    {
        refused = null;
        var authorization = request.Headers.Authorization;
        if (
            authorization is null
            || !authorization.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)
            || string.IsNullOrWhiteSpace(authorization.Parameter)
        )
        {
            refused = Unauthorized(
                $"Send Authorization: Bearer <token>, with a token from POST {PathPrefix}/auth/login"
            );
            return null;
        }
        var session = _sessions.Find(authorization.Parameter.Trim());
        if (session is null)
            refused = Unauthorized("The token is unknown or has expired: log in again");
        return session;
    }

    private static HttpResponseMessage Unauthorized(string message)
    {
        var response = DemoResponses.Error(HttpStatusCode.Unauthorized, "unauthorized", message);
        response.Headers.WwwAuthenticate.Add(new AuthenticationHeaderValue("Bearer"));
        return response;
    }

    private HttpResponseMessage Me()
    {
        var user = _data.DemoUser;
        return DemoResponses.Json(
            HttpStatusCode.OK,
            writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("id", user.Id);
                writer.WriteString("email", user.Email);
                writer.WriteString("name", user.Name);
                writer.WriteString("role", user.Role);
                writer.WriteString("organization", DemoOrganization.CompanyName);
                writer.WriteEndObject();
            }
        );
    }

    private HttpResponseMessage List(string collection, string query, DateTimeOffset now)
    {
        var parsed = DemoListQuery.Parse(query, out var problem);
        if (parsed is null)
            return DemoResponses.Error(
                HttpStatusCode.BadRequest,
                "invalid_parameter",
                problem!.Value.Message,
                problem.Value.Parameter
            );
        return DemoResponses.Page(
            _data.List(collection, now, parsed.Page, parsed.PerPage, parsed.UpdatedSince)
        );
    }

    private static HttpResponseMessage NotAllowed(
        HttpMethod method,
        string path,
        params string[] allowed
    )
    {
        var response = DemoResponses.Error(
            HttpStatusCode.MethodNotAllowed,
            "method_not_allowed",
            $"{method} is not allowed on {path}: use {string.Join(" or ", allowed)}"
        );
        foreach (var name in allowed)
            response.Content.Headers.Allow.Add(name);
        return response;
    }

    /// <summary>The id of <c>work-orders/{id}</c>, or null for any other resource.</summary>
    private static string? WorkOrderId(string? resource)
    {
        const string prefix = "work-orders/";
        return
            resource is not null
            && resource.StartsWith(prefix, StringComparison.Ordinal)
            && resource.Length > prefix.Length
            && !resource.AsSpan(prefix.Length).Contains('/')
            ? Uri.UnescapeDataString(resource[prefix.Length..])
            : null;
    }

    private HttpResponseMessage BodyTooLarge() =>
        DemoResponses.Error(
            HttpStatusCode.RequestEntityTooLarge,
            "invalid_request",
            $"The body is larger than {_options.MaxBodyBytes} bytes"
        );

    private HttpResponseMessage WorkOrder(string id, DateTimeOffset now) =>
        _data.WorkOrder(id, now) is { } order
            ? DemoResponses.Object(HttpStatusCode.OK, order)
            : NoSuchWorkOrder(id);

    private async Task<HttpResponseMessage> ChangeWorkOrder(
        HttpRequestMessage request,
        string id,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        var body = await ReadBody(request, cancellationToken);
        if (body is null)
            return BodyTooLarge();
        if (DemoWorkOrderChange.Parse(body, out var problem) is not { } change)
            return DemoResponses.Error(
                HttpStatusCode.BadRequest,
                "invalid_parameter",
                problem!.Value.Message,
                problem.Value.Parameter
            );
        return _data.ChangeWorkOrder(id, change, now) is { } order
            ? DemoResponses.Object(HttpStatusCode.OK, order)
            : NoSuchWorkOrder(id);
    }

    private static HttpResponseMessage NoSuchWorkOrder(string id) =>
        DemoResponses.Error(
            HttpStatusCode.NotFound,
            "not_found",
            $"There is no work order {id}: work-orders lists those raised in the last 180 days and not deleted"
        );

    /// <summary>The body, or null when it is larger than allowed.</summary>
    private async Task<byte[]?> ReadBody(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        if (request.Content is null)
            return [];
        await using var stream = await request.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > _options.MaxBodyBytes)
                return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static bool Matches(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(given),
            Encoding.UTF8.GetBytes(expected)
        );
}
