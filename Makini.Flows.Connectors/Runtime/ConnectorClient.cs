using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Manifests;
using Makini.Flows.Connectors.Runtime.Authentication;
using Makini.Flows.Connectors.Runtime.Pagination;

namespace Makini.Flows.Connectors.Runtime;

/// <summary>One connection's calls to its source: the credential check and stream reads.</summary>
public sealed class ConnectorClient
{
    private readonly ConnectorRuntime _runtime;
    private readonly ConnectorManifest _manifest;
    private readonly IReadOnlyDictionary<string, string> _credentials;
    private readonly RateGate _gate;
    private readonly ISourceAuthentication _authentication;

    internal ConnectorClient(
        ConnectorRuntime runtime,
        ConnectorManifest manifest,
        string connectionId,
        IReadOnlyDictionary<string, string> credentials
    )
    {
        _runtime = runtime;
        _manifest = manifest;
        _credentials = credentials;
        _gate = runtime.Gates.GetOrAdd(
            connectionId,
            () => new RateGate(manifest.RateLimit, runtime.Clock, runtime.Options.MaxRetryDelay)
        );
        _authentication = CreateAuthentication(connectionId);
    }

    /// <summary>Proves the credentials with the manifest's check request; throws <see cref="ConnectorException"/>.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        _ = await SendAsync(
            () => SourceRequest.Render(_manifest, _manifest.Check.Request, Values()),
            cancellationToken
        );
    }

    /// <summary>Reads a stream page by page, to its end; each page's <see cref="SourcePage.Next"/> is a checkpoint.</summary>
    public async IAsyncEnumerable<SourcePage> ReadAsync(
        string entity,
        ReadOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken
    )
    {
        var stream =
            _manifest.Stream(entity)
            ?? throw new ArgumentException(
                $"'{_manifest.Name}' has no stream for '{entity}' (it reads: {string.Join(", ", _manifest.Streams.Select(s => s.Entity))})",
                nameof(entity)
            );
        var paginator = Paginator.For(stream.Pagination);
        var position = options.ResumeFrom ?? paginator.First;
        var since = Since(stream, options.Since);
        for (var number = 1; ; number++)
        {
            if (number > _runtime.Options.MaxPages)
                throw new ConnectorException(
                    ConnectorErrorCode.InvalidResponse,
                    $"'{entity}' still had more pages after {_runtime.Options.MaxPages}: the pages would never end"
                );
            var at = position;
            var answer = await SendAsync(
                () => PageRequest(stream, paginator, at, since),
                cancellationToken
            );
            using var json = answer.Json();
            var records = Records(json.RootElement, stream, answer);
            var next = paginator.Next(position, answer, json.RootElement, records.Count);
            yield return new SourcePage(number, records, next);
            if (next is null)
                yield break;
            position = next;
        }
    }

    private SourceRequest PageRequest(
        StreamSpec stream,
        Paginator paginator,
        PageCursor position,
        object? since
    )
    {
        var values = Values();
        paginator.Describe(position, values);
        if (since is not null)
            values.With("since", since);
        var request = SourceRequest.Render(_manifest, stream.Request, values);
        if (since is not null && stream.Incremental is { } incremental)
        {
            if (!string.IsNullOrEmpty(incremental.Parameter))
                request.SetQuery(incremental.Parameter, since.ToString()!);
            request.AddQuery(incremental.Query, values);
            if (Templates.Render(incremental.Body, values) is JsonObject extra)
            {
                var body = request.Body as JsonObject ?? new JsonObject();
                foreach (var (name, value) in extra.ToList())
                {
                    extra.Remove(name);
                    body[name] = value;
                }
                request.Body = body;
            }
        }
        paginator.Apply(position, request);
        return request;
    }

    private static object? Since(StreamSpec stream, DateTimeOffset? since)
    {
        if (since is not { } time || stream.Incremental is not { } incremental)
            return null;
        var lookBack = ManifestReader.ParseDuration(incremental.LookBack) ?? TimeSpan.Zero;
        return SinceFormat.Format(time - lookBack, incremental.Format);
    }

    private static IReadOnlyList<JsonElement> Records(
        JsonElement root,
        StreamSpec stream,
        SourceAnswer answer
    )
    {
        var found = JsonPointers.Find(root, stream.Records);
        if (found is not { ValueKind: JsonValueKind.Array } array)
            throw new ConnectorException(
                ConnectorErrorCode.InvalidResponse,
                $"{answer.Request} answered without a record array at '{stream.Records}'"
                    + (
                        found is null
                            ? ""
                            : $" (found {found.Value.ValueKind.ToString().ToLowerInvariant()})"
                    )
            );
        // One copy of the whole array outlives the answer's pooled document; copying each record into a document
        // of its own cost a thousand documents a page.
        var kept = array.Clone();
        var records = new List<JsonElement>(kept.GetArrayLength());
        foreach (var record in kept.EnumerateArray())
            records.Add(record);
        return records;
    }

    private Task<SourceAnswer> SendAsync(
        Func<SourceRequest> build,
        CancellationToken cancellationToken
    ) => _runtime.Caller.SendAsync(build, _authentication, _gate, cancellationToken);

    /// <summary>A login's own request: unauthenticated, and any refusal of it is the credentials' fault.</summary>
    private async Task<SourceAnswer> LogInAsync(
        Func<SourceRequest> build,
        CancellationToken cancellationToken
    )
    {
        try
        {
            return await _runtime.Caller.SendAsync(build, null, _gate, cancellationToken);
        }
        catch (ConnectorException refused)
            when (refused.HttpStatus is >= 400 and < 500 and not 429 and not 404)
        {
            throw new ConnectorException(
                ConnectorErrorCode.AuthenticationFailed,
                $"The system refused the login ({refused.HttpStatus})"
                    + (refused.SourceMessage is { } text ? $": {text}" : ""),
                refused.HttpStatus,
                refused.SourceMessage,
                inner: refused
            );
        }
    }

    private TemplateValues Values() => new(_credentials, _runtime.Clock);

    private ISourceAuthentication CreateAuthentication(string connectionId)
    {
        var spec =
            _manifest.Authentication.FirstOrDefault(a =>
                a.When is null || _credentials.ContainsKey(a.When)
            ) ?? _manifest.Authentication[^1];
        return spec switch
        {
            SessionAuthentication session => new SessionLogin(
                session,
                _manifest,
                Values,
                Holder(connectionId),
                _runtime.Clock,
                LogInAsync
            ),
            OAuth2ClientCredentials oauth => new OAuth2Login(
                oauth,
                _manifest,
                Values,
                Holder(connectionId),
                _runtime.Clock,
                LogInAsync
            ),
            HmacSignedUrl signed => new HmacUrlSignature(signed, Values),
            _ => StaticAuthentication.For(spec, Values()),
        };
    }

    /// <summary>The token of these exact credentials: new credentials never reuse an old session.</summary>
    private TokenHolder Holder(string connectionId) =>
        _runtime.Tokens.GetOrAdd(connectionId + ":" + CredentialsHash(), () => new TokenHolder());

    private string CredentialsHash()
    {
        var text = string.Join(
            '\n',
            _credentials
                .OrderBy(c => c.Key, StringComparer.Ordinal)
                .Select(c => $"{c.Key}={c.Value}")
        );
        return Convert.ToHexString(
            System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))
        )[..16];
    }
}
