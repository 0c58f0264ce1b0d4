using Makini.Flows.Connectors.Manifests;
using Makini.Flows.Engine.Validation;

namespace Makini.Flows.Connectors.Runtime;

/// <summary>Checks what a user typed into a connector's connect form and fills in the defaults.</summary>
public static class CredentialValues
{
    public const int MaxValueLength = 8_192;

    /// <summary>
    /// The values to connect with (defaults applied, blanks dropped), or null with a problem at
    /// <c>/credentials/&lt;field&gt;</c> for each missing, unknown or malformed value.
    /// </summary>
    public static IReadOnlyDictionary<string, string>? Resolve(
        ConnectorManifest manifest,
        IReadOnlyDictionary<string, string?>? given,
        List<FlowProblem> problems
    )
    {
        given ??= new Dictionary<string, string?>();
        var before = problems.Count;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in given.Keys)
            if (!manifest.Credentials.Any(f => f.Name == name))
                problems.Add(
                    FlowProblem.Error(
                        ProblemCodes.UnknownInput,
                        Pointer(name),
                        $"'{manifest.Name}' has no credential field '{name}' (fields: {string.Join(", ", manifest.Credentials.Select(f => f.Name))})"
                    )
                );
        foreach (var field in manifest.Credentials)
        {
            var value = given.GetValueOrDefault(field.Name);
            if (string.IsNullOrWhiteSpace(value))
                value = field.Default;
            if (string.IsNullOrWhiteSpace(value))
            {
                if (field.Required)
                    problems.Add(
                        FlowProblem.Error(
                            ProblemCodes.MissingInput,
                            Pointer(field.Name),
                            $"{field.Label} is required"
                        )
                    );
                continue;
            }
            if (Problem(field, value) is { } message)
            {
                problems.Add(
                    FlowProblem.Error(ProblemCodes.WrongType, Pointer(field.Name), message)
                );
                continue;
            }
            values[field.Name] = field.Type == "url" ? value.Trim().TrimEnd('/') : value;
        }
        return problems.Count == before ? values : null;
    }

    private static string? Problem(CredentialField field, string value)
    {
        if (value.Length > MaxValueLength)
            return $"{field.Label} is longer than {MaxValueLength} characters";
        if (value.Any(char.IsControl))
            return $"{field.Label} contains control characters";
        return field.Type switch
        {
            "url" when !IsHttpUrl(value.Trim()) =>
                $"{field.Label} must be an absolute http or https URL, such as https://example.com/api",
            "number"
                when !decimal.TryParse(
                    value,
                    System.Globalization.CultureInfo.InvariantCulture,
                    out _
                ) => $"{field.Label} must be a number",
            "email" when !value.Contains('@') => $"{field.Label} must be an email address",
            _ => null,
        };
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && string.IsNullOrEmpty(uri.UserInfo)
        && uri.Query.Length == 0
        && uri.Fragment.Length == 0;

    private static string Pointer(string field) => "/credentials/" + JsonPointer.Escape(field);
}
