using Makini.Flows.Connectors.Runtime;
using Makini.Flows.Engine.Validation;

namespace Makini.Flows.Connectors.Tests.Runtime;

public sealed class CredentialValuesTests
{
    [Fact]
    public void Missing_unknown_and_malformed_fields_are_each_named_by_pointer()
    {
        var manifest = TestManifests.Make(TestManifests.Basic(), TestManifests.NoPages());
        var problems = new List<FlowProblem>();

        var values = CredentialValues.Resolve(
            manifest,
            new Dictionary<string, string?>
            {
                ["instanceUrl"] = "ftp://cmms.example.com",
                ["apiKey"] = "x",
            },
            problems
        );

        values.ShouldBeNull();
        problems
            .Select(p => p.Pointer)
            .ShouldBe(["/credentials/apiKey", "/credentials/instanceUrl"], ignoreOrder: true);
    }

    [Fact]
    public void Defaults_fill_empty_fields_and_urls_lose_their_trailing_slash()
    {
        var manifest = TestManifests.Make(TestManifests.Basic(), TestManifests.NoPages());
        var withDefault = manifest with
        {
            Credentials = manifest
                .Credentials.Select(f => f.Name == "username" ? f with { Default = "admin" } : f)
                .ToList(),
        };
        var problems = new List<FlowProblem>();

        var values = CredentialValues.Resolve(
            withDefault,
            new Dictionary<string, string?>
            {
                ["instanceUrl"] = "https://cmms.example.com/api/",
                ["username"] = " ",
            },
            problems
        );

        problems.ShouldBeEmpty();
        values!["instanceUrl"].ShouldBe("https://cmms.example.com/api");
        values["username"].ShouldBe("admin");
        values.ContainsKey("password").ShouldBeFalse();
    }
}
