using System.Security.Cryptography;
using System.Text;
using Makini.Flows.Connectors.Manifests;

namespace Makini.Flows.Connectors.Runtime.Authentication;

/// <summary>
/// Fiix's signed requests: keys and a timestamp in the query, and an HMAC-SHA256 of the URL (by default without
/// <c>https://</c>) with the secret key, in a header. Rendered per request, so each gets a fresh timestamp.
/// </summary>
internal sealed class HmacUrlSignature(HmacSignedUrl spec, Func<TemplateValues> values)
    : ISourceAuthentication
{
    public bool CanRenew => false;

    public ValueTask ApplyAsync(SourceRequest request, CancellationToken cancellationToken)
    {
        var current = values();
        request.AddQuery(spec.Query, current);
        var url = request.Url;
        var signed =
            spec.Signed == "url" ? url : url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var key = Encoding.UTF8.GetBytes(Templates.Render(spec.Secret, current));
        var hash = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(signed));
        request.Headers[spec.Header] =
            spec.Encoding == "base64"
                ? Convert.ToBase64String(hash)
                : Convert.ToHexStringLower(hash);
        return ValueTask.CompletedTask;
    }

    public ValueTask RenewAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
