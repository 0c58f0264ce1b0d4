namespace Makini.Flows.Activities.Outbound;

/// <summary>Checks the URL an activity calls: absolute, http or https, no credentials in it.</summary>
public static class OutboundUrl
{
    public static Uri Parse(string? text, string inputName)
    {
        if (
            !Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        )
            throw new InvalidOperationException(
                $"{inputName} '{text}' is not an absolute http or https URL"
            );
        if (uri.UserInfo.Length > 0)
            throw new InvalidOperationException(
                $"{inputName} must not carry credentials; send them in a header"
            );
        return uri;
    }
}
