using System.Text;
using Makini.Flows.Connectors.Manifests;

namespace Makini.Flows.Connectors.Runtime.Authentication;

/// <summary>Basic, header and bearer authentication: one header from the credentials, nothing to renew.</summary>
internal sealed class StaticAuthentication(string header, string value) : ISourceAuthentication
{
    public static StaticAuthentication For(AuthenticationSpec spec, TemplateValues values) =>
        spec switch
        {
            BasicAuthentication basic => new(
                basic.Header,
                Prefix(basic.Scheme)
                    + Convert.ToBase64String(
                        Encoding.UTF8.GetBytes(
                            $"{Templates.Render(basic.Username, values)}:{Templates.Render(basic.Password, values)}"
                        )
                    )
            ),
            HeaderAuthentication header => new(header.Name, Templates.Render(header.Value, values)),
            BearerAuthentication bearer => new(
                "Authorization",
                "Bearer " + Templates.Render(bearer.Token, values)
            ),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.GetType().Name, null),
        };

    private static string Prefix(string scheme) => scheme.Length == 0 ? "" : scheme + " ";

    public bool CanRenew => false;

    public ValueTask ApplyAsync(SourceRequest request, CancellationToken cancellationToken)
    {
        request.Headers[header] = value;
        return ValueTask.CompletedTask;
    }

    public ValueTask RenewAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
