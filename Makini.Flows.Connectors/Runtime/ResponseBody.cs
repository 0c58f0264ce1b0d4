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
        if (response.Content.Headers.ContentLength > limit)
            throw TooLarge(request, limit);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
                throw TooLarge(request, limit);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static ConnectorException TooLarge(SourceRequest request, long limit) =>
        new(
            ConnectorErrorCode.InvalidResponse,
            $"{request.Describe()} answered more than {limit / (1024 * 1024)} MB; use a smaller page size"
        );
}
