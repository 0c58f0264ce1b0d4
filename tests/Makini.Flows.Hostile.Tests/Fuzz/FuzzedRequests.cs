using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Makini.Flows.Tests.Shared;

namespace Makini.Flows.Hostile.Tests.Fuzz;

/// <summary>The requests each family of the fuzz test sends, drawn from its budget's seed.</summary>
public static class FuzzedRequests
{
    public sealed record Sample(string Id, string Json);

    /// <summary>The sample flows of the repository, as their files hold them.</summary>
    public static List<Sample> Samples() =>
        Directory
            .GetFiles(Path.Combine(TestServer.RepositoryRoot(), "flows-samples"), "*.flow.json")
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .Select(json => new Sample((string)JsonNode.Parse(json)!["id"]!, json))
            .ToList();

    /// <summary>A mutated sample sent to one of the endpoints that read flow documents.</summary>
    public static HttpRequestMessage FlowDocument(List<Sample> samples, FuzzBudget budget)
    {
        var sample = budget.Pick(samples);
        var body = JsonMutator.Mutate(sample.Json, budget);
        return budget.Random.Next(6) switch
        {
            0 => Json(HttpMethod.Post, "/api/flows/validate", body),
            1 => Json(HttpMethod.Post, "/api/flows", body),
            2 => Json(HttpMethod.Put, $"/api/flows/{sample.Id}", body),
            3 => Json(HttpMethod.Post, "/api/flows/import", body),
            4 => Json(HttpMethod.Post, "/api/flows/import?publish=true", body),
            _ => Json(
                HttpMethod.Post,
                "/api/flows/import?publish=true",
                [
                    .. "["u8,
                    .. body,
                    .. ","u8,
                    .. Encoding.UTF8.GetBytes(budget.Pick(samples).Json),
                    .. "]"u8,
                ]
            ),
        };
    }

    public static HttpRequestMessage Json(
        HttpMethod method,
        string path,
        byte[] body,
        string mediaType = "application/json"
    )
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", mediaType);
        return new HttpRequestMessage(method, path) { Content = content };
    }

    /// <summary>
    /// A multipart upload of flow files to the import, broken in one or more of the ways uploads break: no
    /// boundary or the wrong one, odd filename quoting, a part header over the limit, a truncated part or end.
    /// </summary>
    public static HttpRequestMessage Multipart(List<Sample> samples, FuzzBudget budget)
    {
        var boundary = budget.Pick<string>([
            "b0undary",
            "x",
            new string('b', 80),
            "a b",
            "\"q\"",
            "",
        ]);
        var declared = budget.Random.Next(6) switch
        {
            0 => "multipart/form-data",
            1 => $"multipart/form-data; boundary=other",
            2 => $"multipart/form-data; boundary=\"{boundary}\"",
            3 => "multipart/form-data; boundary=",
            4 => "application/x-www-form-urlencoded",
            _ => $"multipart/form-data; boundary={boundary}",
        };
        using var body = new MemoryStream();
        void Write(string text) => body.Write(Encoding.UTF8.GetBytes(text));
        var parts = budget.Random.Next(4);
        for (var i = 0; i < parts; i++)
        {
            Write($"--{boundary}\r\n");
            Write(
                budget.Pick<string>([
                    "Content-Disposition: form-data; name=\"files\"; filename=\"a.flow.json\"\r\n",
                    "Content-Disposition: form-data; name=\"files\"; filename=\"a\\\"b.json\"\r\n",
                    "Content-Disposition: form-data; name=\"files\"; filename=a b.json\r\n",
                    "Content-Disposition: form-data; name=\"files\"; filename*=UTF-8''%e2%82%ac%ff.json\r\n",
                    "Content-Disposition: form-data; name=\"files\"; filename=\"../../etc/passwd\"\r\n",
                    "Content-Disposition: form-data; name=\"files\"; filename=\"\"\r\n",
                    "Content-Disposition: form-data; name=\"field\"\r\n",
                    "Content-Disposition: attachment\r\n",
                    "Content-Disposition: form-data; name=\"files\"; filename=\""
                        + new string('n', 20_000)
                        + "\"\r\n",
                    "X-Long: " + new string('h', 20_000) + "\r\n",
                    "",
                ])
            );
            if (budget.Chance(0.5))
                Write("Content-Type: application/json\r\n");
            Write("\r\n");
            var json = budget.Pick(samples).Json;
            body.Write(
                budget.Chance(0.5) ? JsonMutator.Mutate(json, budget) : Encoding.UTF8.GetBytes(json)
            );
            if (budget.Chance(0.8))
                Write("\r\n");
        }
        if (budget.Chance(0.7))
            Write($"--{boundary}--\r\n");
        var bytes = body.ToArray();
        if (budget.Chance(0.3) && bytes.Length > 0)
            bytes = bytes[..budget.Random.Next(bytes.Length)];
        var request = Json(
            HttpMethod.Post,
            budget.Chance(0.5) ? "/api/flows/import" : "/api/flows/import?publish=true",
            bytes,
            declared
        );
        return request;
    }

    /// <summary>
    /// A request to a hook route written on the socket: odd methods, paths and query strings, headers that lie
    /// or are too large, bodies framed by a length or in chunks, and bodies that are not what they claim.
    /// </summary>
    public static byte[] TriggerRequest(string route, FuzzBudget budget)
    {
        var method = budget.Pick<string>(["POST", "POST", "POST", "PUT", "GET", "P0ST", "DELETE"]);
        var path = budget.Random.Next(8) switch
        {
            0 => $"/hooks/{route}?a=%ff&b=%00&c[]=1&c[]=2&d=%ud800",
            1 => $"/hooks/{route}/%2e%2e/%2e%2e/api/keys",
            2 => $"/hooks/{route}?" + new string('q', 9_000),
            3 => $"/hooks/{route}%00",
            4 => "/hooks/" + new string('p', 5_000),
            _ => $"/hooks/{route}",
        };
        var body = budget.Random.Next(8) switch
        {
            0 => "{\"title\":\"\xff\"}"u8.ToArray(),
            1 => [.. "{\"title\":\""u8, 0xFF, 0xFE, .. "\"}"u8],
            2 => Encoding.UTF8.GetBytes("{\"title\":\"\\ud800\",\"\\udc00\":1}"),
            3 => Encoding.UTF8.GetBytes(new string('[', 5_000) + new string(']', 5_000)),
            4 => Array.Empty<byte>(),
            _ => JsonMutator.Mutate(
                "{\"id\":981,\"title\":\"Inspect boiler\",\"status\":\"OPEN\",\"priority\":\"high\",\"assetId\":42,\"dueDate\":\"2026-11-20\"}",
                budget
            ),
        };
        var headers = new StringBuilder(
            $"{method} {path} HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n"
        );
        headers.Append(
            budget.Pick<string>([
                "Content-Type: application/json\r\n",
                "Content-Type: application/json; charset=latin1\r\n",
                "Content-Type: text/plain\r\n",
                "Content-Type: multipart/form-data\r\n",
                "",
            ])
        );
        if (budget.Chance(0.2))
            headers.Append(
                budget.Pick<string>([
                    $"Idempotency-Key: {new string('k', 3_000)}\r\n",
                    "Idempotency-Key: \r\n",
                    "webhook-id: x\r\nwebhook-timestamp: nope\r\nwebhook-signature: v1,???\r\n",
                    $"X-Big: {new string('h', 40_000)}\r\n",
                    "Bad Header: x\r\n",
                    "Content-Length: 5\r\n",
                ])
            );
        var framing = budget.Random.Next(6);
        byte[] framed = framing switch
        {
            0 =>
            [
                .. RawHttp.Ascii("Transfer-Encoding: chunked\r\n\r\n"),
                .. RawHttp.Chunked(body, 1 + budget.Random.Next(64)),
            ],
            1 =>
            [
                .. RawHttp.Ascii("Transfer-Encoding: chunked\r\n\r\nZZ;ext=1\r\n"),
                .. body,
                .. "\r\n0\r\n\r\n"u8,
            ],
            2 =>
            [
                .. RawHttp.Ascii(
                    $"Transfer-Encoding: chunked\r\nContent-Length: {body.Length}\r\n\r\n"
                ),
                .. RawHttp.Chunked(body, 16),
            ],
            3 =>
            [
                .. RawHttp.Ascii($"Content-Length: {Math.Max(0, body.Length - 3)}\r\n\r\n"),
                .. body,
            ],
            _ => [.. RawHttp.Ascii($"Content-Length: {body.Length}\r\n\r\n"), .. body],
        };
        return [.. RawHttp.Ascii(headers.ToString()), .. framed];
    }

    public static AuthenticationHeaderValue Admin => new("Bearer", TestServer.AdminKey);
}
