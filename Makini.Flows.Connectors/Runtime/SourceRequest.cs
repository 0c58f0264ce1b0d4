using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Manifests;

namespace Makini.Flows.Connectors.Runtime;

/// <summary>
/// A request to a source before it is sent: rendered from a <see cref="RequestSpec"/>, then changed by the paginator
/// (page parameters) and the authentication (headers, signed query), then turned into an HTTP message per attempt.
/// </summary>
internal sealed class SourceRequest
{
    public required string Method { get; init; }

    /// <summary>Scheme, host and path, without the query.</summary>
    public required string Address { get; set; }
    public List<KeyValuePair<string, string>> Query { get; } = [];
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);
    public JsonNode? Body { get; set; }
    public string BodyContentType { get; set; } = "application/json";

    /// <summary>A form body instead of JSON (OAuth token requests).</summary>
    public List<KeyValuePair<string, string>>? FormBody { get; set; }

    /// <summary>Method and path for messages: never the query (it may carry keys) nor credentials.</summary>
    public string Describe() => $"{Method} {new Uri(Address).AbsolutePath}";

    public string Url => Query.Count == 0 ? Address : $"{Address}?{Templates.JoinQuery(Query)}";

    public void SetQuery(string name, string value)
    {
        Query.RemoveAll(p => p.Key == name);
        Query.Add(KeyValuePair.Create(name, value));
    }

    /// <summary>Renders a request template against the connector's base URL and common headers.</summary>
    public static SourceRequest Render(
        ConnectorManifest manifest,
        RequestSpec spec,
        TemplateValues values
    )
    {
        var baseUrl = Templates.Render(manifest.BaseUrl, values).TrimEnd('/');
        var path = Templates.Render(spec.Path, values);
        var full =
            Uri.TryCreate(path, UriKind.Absolute, out var absolute)
            && absolute.Scheme is "http" or "https"
                ? path
                : baseUrl + (path.StartsWith('/') ? path : "/" + path);
        var request = new SourceRequest
        {
            Method = spec.Method,
            Address = full,
            Body = Templates.Render(spec.Body, values),
            BodyContentType = spec.BodyContentType,
        };
        var queryStart = full.IndexOf('?', StringComparison.Ordinal);
        if (queryStart >= 0)
        {
            request.Address = full[..queryStart];
            foreach (
                var pair in full[(queryStart + 1)..]
                    .Split('&', StringSplitOptions.RemoveEmptyEntries)
            )
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                request.Query.Add(
                    equals < 0
                        ? KeyValuePair.Create(Uri.UnescapeDataString(pair), "")
                        : KeyValuePair.Create(
                            Uri.UnescapeDataString(pair[..equals]),
                            Uri.UnescapeDataString(pair[(equals + 1)..])
                        )
                );
            }
        }
        request.AddQuery(spec.Query, values);
        foreach (var (name, template) in manifest.Headers.Concat(spec.Headers))
        {
            var value = Templates.Render(template, values);
            if (value.Length > 0)
                request.Headers[name] = value;
        }
        return request;
    }

    /// <summary>Adds rendered parameters; one whose value renders empty is left out.</summary>
    public void AddQuery(IReadOnlyDictionary<string, string> parameters, TemplateValues values)
    {
        foreach (var (name, template) in parameters)
        {
            var value = Templates.Render(template, values);
            if (value.Length > 0)
                SetQuery(name, value);
        }
    }

    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), Url);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        foreach (var (name, value) in Headers)
            message.Headers.TryAddWithoutValidation(name, value);
        if (FormBody is not null)
            message.Content = new FormUrlEncodedContent(FormBody);
        else if (Body is not null)
            message.Content = new StringContent(
                Body.ToJsonString(),
                Encoding.UTF8,
                MediaTypeHeaderValue.Parse(BodyContentType).MediaType!
            );
        return message;
    }
}
