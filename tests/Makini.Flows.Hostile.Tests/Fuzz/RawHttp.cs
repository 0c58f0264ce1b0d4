using System.Net.Sockets;
using System.Text;

namespace Makini.Flows.Hostile.Tests.Fuzz;

/// <summary>
/// An HTTP/1.1 request written byte for byte on a socket, as no HTTP client library would send it (bad chunk
/// sizes, lengths that lie, stalls), and the answer read until the server closes the connection.
/// </summary>
public sealed record RawAnswer(int Status, string? MediaType, string Body, string Head);

public static class RawHttp
{
    /// <summary>
    /// Sends the parts in order (a <see cref="TimeSpan"/> part waits that long before the next one) and reads the
    /// answer. Status 0: the server closed the connection without answering.
    /// </summary>
    public static async Task<RawAnswer> SendAsync(int port, params object[] parts)
    {
        var ct = TestContext.Current.CancellationToken;
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", port, ct);
        using var stream = new NetworkStream(socket, ownsSocket: false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            foreach (var part in parts)
                if (part is TimeSpan wait)
                    await Task.Delay(wait, ct);
                else
                    await stream.WriteAsync((byte[])part, timeout.Token);
        }
        catch (IOException)
        {
            // The server may answer and close before the whole request is written (a 413, a 431).
        }
        using var answer = new MemoryStream();
        try
        {
            await stream.CopyToAsync(answer, timeout.Token);
        }
        catch (IOException) { }
        return Parse(answer.ToArray());
    }

    private static RawAnswer Parse(byte[] answer)
    {
        var headEnd = answer.AsSpan().IndexOf("\r\n\r\n"u8);
        var head = headEnd < 0 ? "" : Encoding.ASCII.GetString(answer, 0, headEnd);
        if (!head.StartsWith("HTTP/1.1 ", StringComparison.Ordinal))
            return new RawAnswer(0, null, Encoding.UTF8.GetString(answer), head);
        var status = int.Parse(head.AsSpan(9, 3));
        var mediaType = head.Split("\r\n")
            .FirstOrDefault(h => h.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))
            ?[13..].Split(';')[0]
            .Trim();
        var body = answer[(headEnd + 4)..];
        if (head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
            body = Unchunk(body);
        return new RawAnswer(status, mediaType, Encoding.UTF8.GetString(body), head);
    }

    private static byte[] Unchunk(byte[] body)
    {
        using var result = new MemoryStream();
        var at = 0;
        while (at < body.Length)
        {
            var lineEnd = body.AsSpan(at).IndexOf("\r\n"u8);
            if (lineEnd < 0)
                break;
            var sizeText = Encoding.ASCII.GetString(body, at, lineEnd).Split(';')[0];
            var size = Convert.ToInt32(sizeText, 16);
            if (size == 0)
                break;
            var start = at + lineEnd + 2;
            result.Write(body, start, Math.Min(size, body.Length - start));
            at = start + size + 2;
        }
        return result.ToArray();
    }

    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    /// <summary>The body in chunks of the given size, with the last chunk.</summary>
    public static byte[] Chunked(byte[] body, int chunkSize)
    {
        using var result = new MemoryStream();
        for (var i = 0; i < body.Length; i += chunkSize)
        {
            var chunk = body.AsSpan(i, Math.Min(chunkSize, body.Length - i));
            result.Write(Ascii($"{chunk.Length:x}\r\n"));
            result.Write(chunk);
            result.Write("\r\n"u8);
        }
        result.Write("0\r\n\r\n"u8);
        return result.ToArray();
    }
}
