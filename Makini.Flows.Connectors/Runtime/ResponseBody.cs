using System.Buffers;

namespace Makini.Flows.Connectors.Runtime;

/// <summary>Reads an answer's body whole, refusing one larger than the limit.</summary>
internal static class ResponseBody
{
    public static async Task<byte[]> ReadAsync(
        HttpResponseMessage response,
        long limit,
        SourceRequest request,
        CancellationToken cancellationToken
    )
    {
        var declared = response.Content.Headers.ContentLength;
        if (declared > limit)
            throw TooLarge(request, limit);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        if (declared is { } length)
        {
            // The usual case: one array of the declared size, no copies.
            var body = new byte[length];
            await stream.ReadExactlyAsync(body, cancellationToken);
            return body;
        }
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            using var buffer = new MemoryStream();
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                    throw TooLarge(request, limit);
                buffer.Write(chunk, 0, read);
            }
            return buffer.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private static ConnectorException TooLarge(SourceRequest request, long limit) =>
        new(
            ConnectorErrorCode.InvalidResponse,
            $"{request.Describe()} answered more than {limit / (1024 * 1024)} MB; use a smaller page size"
        );
}
