using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Makini.Flows.Connectors.Manifests;
using Makini.Flows.Engine.Validation;

namespace Makini.Flows.Connectors.OpenApi;

/// <summary>
/// Drafts a connector manifest from a vendor's OpenAPI 3 document, for a person to finish: base URL, credentials and
/// authentication, tenant headers, one stream per list operation that names a unified entity, a check request. The
/// draft always reads as a manifest; what was guessed or left out is said in the warnings.
/// </summary>
public static partial class OpenApiDrafter
{
    private static readonly JsonSerializerOptions Output = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // Paths a "who am I" check can call.
    private static readonly HashSet<string> MeWords = new(StringComparer.Ordinal)
    {
        "me",
        "whoami",
        "self",
        "currentuser",
        "myself",
        "userinfo",
    };

    // The lists a check prefers: small, and readable by any key.
    private static readonly string[] CheckPreference =
    [
        "users",
        "teams",
        "sites",
        "locations",
        "vendors",
    ];

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(
        "^(organi[sz]ation|tenant|account|company|workspace|org|customer|realm|instance|environment)(id|key|code|name|slug)?$"
    )]
    private static partial Regex TenantHeader();

    [GeneratedRegex(
        @"(\s+(public|rest|web|open))?\s+api(\s+v?\d+(\.\d+)*)?$",
        RegexOptions.IgnoreCase
    )]
    private static partial Regex ApiSuffix();

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex ServerVariable();

    public static ManifestDraft Draft(string specJson, DraftOptions? options = null)
    {
        options ??= new DraftOptions();
        var spec = OpenApiSpec.Parse(specJson);
        var warnings = new List<string>();
        var skipped = new List<string>();

        var (name, id) = Identity(spec, options, warnings);
        var streams = Streams(spec, warnings, skipped);
        if (streams.Count == 0)
            throw new OpenApiDraftException(
                "no list operation reads a unified entity, so there is nothing to draft"
                    + (skipped.Count == 0 ? "" : ":\n  " + string.Join("\n  ", skipped))
            );

        var credentials = new List<JsonObject>();
        var baseUrl = BaseUrl(spec, credentials, warnings);
        var authentication = AuthenticationDrafter.Draft(spec, warnings);
        credentials.AddRange(authentication.Fields);
        var headers = Headers(streams, credentials, authentication.Authentication, warnings);

        var manifest = new JsonObject
        {
            ["$schema"] = "../schemas/connector.schema.json",
            ["id"] = id,
            ["name"] = name,
            ["vendor"] = name,
            ["category"] = "CMMS",
            ["description"] = Description(spec, streams),
        };
        if (Documentation(spec) is { } documentation)
            manifest["documentation"] = documentation;
        manifest["credentials"] = new JsonArray(credentials.ToArray<JsonNode>());
        manifest["baseUrl"] = baseUrl;
        if (headers.Count > 0)
            manifest["headers"] = headers;
        manifest["authentication"] = authentication.Authentication;
        manifest["check"] = new JsonObject { ["request"] = Check(spec, streams, warnings) };
        if (RateLimit(streams, warnings) is { } rateLimit)
            manifest["rateLimit"] = rateLimit;
        manifest["streams"] = new JsonArray(streams.Select(s => (JsonNode)s.Stream).ToArray());

        warnings.Add("category guessed as CMMS, vendor as the name: change them if need be");

        var json = manifest.ToJsonString(Output);
        var problems = new List<FlowProblem>();
        if (ManifestReader.Read(json, problems) is null)
            throw new OpenApiDraftException(
                "the draft does not read as a manifest:\n  " + string.Join("\n  ", problems)
            );
        return new ManifestDraft(
            json + "\n",
            streams.Select(s => s.Entity).ToList(),
            skipped,
            warnings
        );
    }

    private static (string Name, string Id) Identity(
        OpenApiSpec spec,
        DraftOptions options,
        List<string> warnings
    )
    {
        var name = options.Name ?? ApiSuffix().Replace(spec.Title.Trim(), "").Trim();
        if (name.Length == 0)
        {
            name = "Unnamed system";
            warnings.Add("the document has no title: name it with --name");
        }
        if (name.Length > 100)
            name = name[..100].TrimEnd();
        var id = options.Id ?? Names.Slug(name);
        if (!IdPattern().IsMatch(id))
        {
            if (options.Id is not null)
                throw new OpenApiDraftException(
                    $"'{options.Id}' is not a connector id (lower-case letters, digits and dashes, at most 63)"
                );
            id = "connector";
            warnings.Add("no id could be made from the title: give one with --id");
        }
        return (name, id);
    }

    private static List<StreamDraft> Streams(
        OpenApiSpec spec,
        List<string> warnings,
        List<string> skipped
    )
    {
        var drafts = new List<StreamDraft>();
        foreach (var operation in spec.Operations("get").Where(o => !o.HasPathParameters))
        {
            if (StreamDrafter.Draft(spec, operation, warnings, out var reason) is { } draft)
                drafts.Add(draft);
            else
                skipped.Add($"{operation.Display}: {reason}");
        }
        // One stream per entity: the path named like the entity wins over a synonym, then the shortest path
        // (/work-orders, not /statuses/work-orders), then the first.
        var chosen = new List<StreamDraft>();
        foreach (var group in drafts.GroupBy(d => d.Entity))
        {
            var best = group
                .OrderBy(d => d.NamedExactly ? 0 : 1)
                .ThenBy(d => d.Operation.Path.Count(c => c == '/'))
                .First();
            chosen.Add(best);
            foreach (var other in group.Where(d => d != best))
                skipped.Add(
                    $"{other.Operation.Display}: ({other.Entity}) read already by {best.Operation.Display}"
                );
        }
        return chosen.OrderBy(d => drafts.IndexOf(d)).ToList();
    }

    private static string BaseUrl(
        OpenApiSpec spec,
        List<JsonObject> credentials,
        List<string> warnings
    )
    {
        var servers = spec.Root["servers"] as JsonArray ?? [];
        var server = servers.OfType<JsonObject>().FirstOrDefault();
        var url = OpenApiSpec.Text(server?["url"]) ?? "";
        if (servers.Count > 1)
            warnings.Add(
                $"servers: the first ({url}) is the default; others: {string.Join(", ", servers.Skip(1).Select(s => OpenApiSpec.Text(s?["url"])))}"
            );
        url = ServerVariable()
            .Replace(
                url,
                m =>
                {
                    var value = OpenApiSpec.Text(
                        server?["variables"]?[m.Groups[1].Value]?["default"]
                    );
                    warnings.Add(
                        $"server variable {{{m.Groups[1].Value}}} set to '{value}' in the default instance URL: users change it there"
                    );
                    return value ?? m.Value;
                }
            )
            .TrimEnd('/');
        var absolute =
            Uri.TryCreate(url, UriKind.Absolute, out var uri)
            && uri.Scheme is "http" or "https"
            && !url.Contains('{', StringComparison.Ordinal);
        var field = new JsonObject
        {
            ["name"] = "instanceUrl",
            ["label"] = absolute ? "API base URL" : "Instance URL",
            ["type"] = "url",
            ["required"] = true,
        };
        if (absolute)
        {
            field["default"] = url;
            field["help"] =
                "Leave as is for the vendor's cloud; change it for another region or an on-premise instance.";
            credentials.Add(field);
            return "{{credentials.instanceUrl}}";
        }
        field["placeholder"] = "https://your-instance.example.com";
        field["help"] = "The address of your instance.";
        credentials.Add(field);
        warnings.Add(
            url.Length == 0
                ? "the document names no server: the base URL is the instance URL the user types"
                : $"the server URL '{url}' is not absolute: the base URL is the instance URL the user types, then {url}"
        );
        return "{{credentials.instanceUrl}}"
            + (
                url.StartsWith('/') ? url
                : url.Length == 0 ? ""
                : "/" + url
            );
    }

    /// <summary>
    /// Header parameters of the list operations: one that names a tenant (<c>x-organization-id</c>) becomes a
    /// credential field sent with every request; another that is required is sent with its example.
    /// </summary>
    private static JsonObject Headers(
        List<StreamDraft> streams,
        List<JsonObject> credentials,
        JsonObject authentication,
        List<string> warnings
    )
    {
        var authenticationHeader = OpenApiSpec.Text(authentication["name"]) ?? "";
        var byName = streams
            .SelectMany(s => s.Operation.Headers.Select(h => (Operation: s.Operation, Header: h)))
            .Where(h =>
                !h.Header.Name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)
                && !h.Header.Name.Equals(authenticationHeader, StringComparison.OrdinalIgnoreCase)
                && !h.Header.Name.Equals("Accept", StringComparison.OrdinalIgnoreCase)
                && !h.Header.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)
            )
            .GroupBy(h => h.Header.Name, StringComparer.OrdinalIgnoreCase);
        var headers = new JsonObject();
        foreach (var group in byName)
        {
            var header = group.First().Header;
            var bare = header.Name.StartsWith("x-", StringComparison.OrdinalIgnoreCase)
                ? header.Name[2..]
                : header.Name;
            if (TenantHeader().IsMatch(Names.Normalize(bare)))
            {
                var fieldName = Names.CamelCase(header.Name);
                if (credentials.Exists(c => OpenApiSpec.Text(c["name"]) == fieldName))
                    fieldName = fieldName[..Math.Min(fieldName.Length, 57)] + "Header";
                var required = group.Count() == streams.Count && group.All(h => h.Header.Required);
                var description = Names.PlainText(header.Description, 300);
                credentials.Add(
                    new JsonObject
                    {
                        ["name"] = fieldName,
                        ["label"] = Names.Label(fieldName),
                        ["type"] = "text",
                        ["required"] = required,
                        ["help"] = Names.PlainText(
                            (description.Length == 0 ? "" : description.TrimEnd('.') + " ")
                                + $"(sent as {header.Name}).",
                            500
                        ),
                    }
                );
                headers[header.Name] = $"{{{{credentials.{fieldName}}}}}";
                warnings.Add(
                    $"header {header.Name} identifies a tenant: drafted as the {(required ? "required" : "optional")} credential field '{fieldName}'"
                );
            }
            else if (group.Any(h => h.Header.Required))
            {
                if (header.Example is { } example)
                {
                    headers[header.Name] = example;
                    warnings.Add($"required header {header.Name} sent as its example '{example}'");
                }
                else
                    warnings.Add(
                        $"required header {header.Name} left out: the document suggests no value ({string.Join(", ", group.Select(h => h.Operation.Display))})"
                    );
            }
        }
        return headers;
    }

    private static JsonObject Check(
        OpenApiSpec spec,
        List<StreamDraft> streams,
        List<string> warnings
    )
    {
        var me = spec.Operations("get")
            .FirstOrDefault(o =>
                !o.HasPathParameters
                && !o.Query.Any(p => p.Required)
                && (
                    MeWords.Contains(Names.Normalize(EntitySynonyms.LastWord(o.Path)))
                    || Names.Normalize(o.Path) is "user" or "account"
                )
            );
        if (me is not null)
            return new JsonObject { ["method"] = "GET", ["path"] = me.Path };

        var stream =
            CheckPreference
                .Select(entity => streams.FirstOrDefault(s => s.Entity == entity))
                .FirstOrDefault(s => s is not null)
            ?? streams[0];
        var request = (JsonObject)stream.Stream["request"]!.DeepClone();
        var query = (JsonObject)request["query"]!;
        if (PaginationDetector.LimitParameter(stream.Operation) is { } limit)
            query[limit.Name] = "1";
        else
            warnings.Add(
                $"check: {stream.Operation.Display} has no limit parameter, so the check reads a whole first page"
            );
        return request;
    }

    private static JsonObject? RateLimit(List<StreamDraft> streams, List<string> warnings)
    {
        var headers = streams
            .SelectMany(s => s.Operation.ResponseHeaders)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        var remaining = headers.FirstOrDefault(h =>
            Names.Normalize(h) is "xratelimitremaining" or "ratelimitremaining"
        );
        var reset = headers.FirstOrDefault(h =>
            Names.Normalize(h) is "xratelimitreset" or "ratelimitreset"
        );
        if (remaining is null && reset is null)
            return null;
        var rateLimit = new JsonObject();
        if (remaining is not null)
            rateLimit["remainingHeader"] = remaining;
        if (reset is not null)
        {
            rateLimit["resetHeader"] = reset;
            rateLimit["resetFormat"] = "seconds";
            warnings.Add(
                $"rate limit: {reset} read as seconds until the reset; set resetFormat to epochSeconds if it is a time"
            );
        }
        return rateLimit;
    }

    private static string? Documentation(OpenApiSpec spec) =>
        OpenApiSpec.Text(spec.Root["externalDocs"]?["url"]) is { } url
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
            ? url
            : null;

    private static string Description(OpenApiSpec spec, List<StreamDraft> streams)
    {
        var source =
            spec.Version.Length == 0 ? $"'{spec.Title}'" : $"'{spec.Title}' version {spec.Version}";
        var text =
            $"Drafted by 'connectors from-openapi' from the OpenAPI {spec.OpenApiVersion} document {source} "
            + $"({streams.Count.ToString(CultureInfo.InvariantCulture)} streams: {string.Join(", ", streams.Select(s => s.Entity))}). "
            + "To review before use: name, vendor and category; the credential fields' labels and help; the authentication "
            + "and the check request; each stream's pagination, incremental parameter and field mapping; and the "
            + "operations reported as skipped.";
        return text.Length <= 1000 ? text : text[..997] + "...";
    }
}

/// <summary>What the person drafting chose: the connector's id and name (else made from the document's title).</summary>
public sealed record DraftOptions
{
    public string? Id { get; init; }
    public string? Name { get; init; }
}

/// <summary>A drafted manifest (JSON text that reads as a manifest), its entities, what was skipped and guessed.</summary>
public sealed record ManifestDraft(
    string Json,
    IReadOnlyList<string> Entities,
    IReadOnlyList<string> Skipped,
    IReadOnlyList<string> Warnings
);
