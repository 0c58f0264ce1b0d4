using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Makini.Flows.LoadBaseline;

/// <summary>
/// Sends a request's JSON body on as the data of a webhook envelope <c>{type, timestamp, connectionId, data}</c>,
/// signed with Standard Webhooks headers, and answers <c>{"accepted": true}</c> once the receiver took it.
/// </summary>
public sealed class SignedWebhookSender(string? receiverUrl, string? secret)
{
    private readonly byte[] _key = Convert.FromBase64String(
        (secret ?? "whsec_AA==")["whsec_".Length..]
    );

    private readonly HttpClient _client = new(
        new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }
    );

    public async Task<IResult> ForwardAsync(
        HttpRequest request,
        CancellationToken cancellationToken
    )
    {
        using var data = await JsonDocument.ParseAsync(
            request.Body,
            cancellationToken: cancellationToken
        );
        var id = "msg_" + Guid.CreateVersion7().ToString("N");
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var body = Envelope(data.RootElement, timestamp);
        using var message = new HttpRequestMessage(HttpMethod.Post, receiverUrl)
        {
            Content = new ByteArrayContent(body),
        };
        message.Content.Headers.ContentType = new("application/json");
        message.Headers.Add("webhook-id", id);
        message.Headers.Add("webhook-timestamp", timestamp.ToString());
        message.Headers.Add("webhook-signature", Sign(id, timestamp, body));
        using var response = await _client.SendAsync(message, cancellationToken);
        return response.IsSuccessStatusCode
            ? Results.Json(new AcceptedAnswer(true), BaselineJson.Default.AcceptedAnswer)
            : Results.StatusCode(502);
    }

    private static byte[] Envelope(JsonElement data, long timestamp)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "workOrder.received");
            writer.WriteString("timestamp", DateTimeOffset.FromUnixTimeSeconds(timestamp));
            writer.WriteNull("connectionId");
            writer.WritePropertyName("data");
            data.WriteTo(writer);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private string Sign(string id, long timestamp, byte[] body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed, prefix.Length);
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(_key, signed));
    }
}
