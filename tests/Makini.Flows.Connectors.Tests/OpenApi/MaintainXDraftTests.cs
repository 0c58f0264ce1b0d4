using Makini.Flows.Connectors.Manifests;
using Makini.Flows.Connectors.OpenApi;
using Makini.Flows.Engine.Validation;

namespace Makini.Flows.Connectors.Tests.OpenApi;

/// <summary><c>connectors from-openapi</c> on MaintainX's public OpenAPI document.</summary>
public sealed class MaintainXDraftTests
{
    public static string SpecPath =>
        Path.Combine(AppContext.BaseDirectory, "TestData", "maintainx-openapi.json");

    private static readonly Lazy<ManifestDraft> LazyDraft = new(() =>
        OpenApiDrafter.Draft(File.ReadAllText(SpecPath))
    );

    public static ManifestDraft Draft => LazyDraft.Value;

    public static ConnectorManifest Manifest()
    {
        var problems = new List<FlowProblem>();
        var manifest = ManifestReader.Read(Draft.Json, problems);
        problems.ShouldBeEmpty(string.Join("\n", problems));
        return manifest.ShouldNotBeNull();
    }

    [Fact]
    public void The_draft_reads_as_a_manifest_named_after_the_document()
    {
        var manifest = Manifest();

        manifest.Id.ShouldBe("maintainx");
        manifest.Name.ShouldBe("MaintainX");
        manifest.BaseUrl.ShouldBe("{{credentials.instanceUrl}}");
        manifest
            .Credentials.Single(c => c.Name == "instanceUrl")
            .Default.ShouldBe("https://api.getmaintainx.com/v1");
        manifest
            .Description.ShouldNotBeNull()
            .ShouldContain("Drafted by 'connectors from-openapi'");
        manifest.Description.ShouldContain("review", Case.Insensitive);
    }

    [Fact]
    public void Work_orders_are_read_by_cursor_from_workorders_with_updatedAt_gte()
    {
        var stream = Manifest().Stream("work-orders").ShouldNotBeNull();

        stream.Request.Method.ShouldBe("GET");
        stream.Request.Path.ShouldBe("/workorders");
        stream.Records.ShouldBe("/workOrders");
        stream.PrimaryKey.ShouldBe("/id");
        var cursor = stream.Pagination.ShouldBeOfType<CursorPagination>();
        cursor.Cursor.ShouldBe("/nextCursor");
        cursor.Parameter.ShouldBe("cursor");
        stream.Request.Query["limit"].ShouldBe("100");
        var incremental = stream.Incremental.ShouldNotBeNull();
        incremental.Parameter.ShouldBe("updatedAt[gte]");
        incremental.Field.ShouldBe("/updatedAt");
        incremental.Format.ShouldBe("iso8601");
        stream.Deleted.ShouldBe("/deletedAt");
        stream.Mapping["key"]["path"]!.GetValue<string>().ShouldBe("/id");
        stream.Mapping["title"].GetValue<string>().ShouldBe("/title");
        stream.Mapping["instructions"].GetValue<string>().ShouldBe("/description");
        stream.Mapping["statusKey"].GetValue<string>().ShouldBe("/status");
        stream.Mapping["severity"].GetValue<string>().ShouldBe("/priority");
        stream.Mapping["dueAt"].GetValue<string>().ShouldBe("/dueDate");
    }

    [Fact]
    public void The_api_key_is_a_bearer_token_and_the_organization_header_an_optional_field()
    {
        var manifest = Manifest();

        manifest
            .Authentication.ShouldHaveSingleItem()
            .ShouldBeOfType<BearerAuthentication>()
            .Token.ShouldBe("{{credentials.apiKey}}");
        var apiKey = manifest.Credentials.Single(c => c.Name == "apiKey");
        apiKey.Type.ShouldBe("password");
        apiKey.Required.ShouldBeTrue();
        apiKey.IsSecret.ShouldBeTrue();
        var organization = manifest.Credentials.Single(c => c.Name == "organizationId");
        organization.Required.ShouldBeFalse();
        manifest.Headers["x-organization-id"].ShouldBe("{{credentials.organizationId}}");
    }

    [Fact]
    public void Each_unified_list_becomes_a_stream_and_the_rest_are_reported_skipped()
    {
        Draft.Entities.ShouldBe(
            [
                "assets",
                "locations",
                "pm",
                "meters",
                "materials",
                "purchase-orders",
                "teams",
                "users",
                "vendors",
                "work-orders",
                "service-requests",
            ],
            ignoreOrder: true
        );
        var materials = Manifest().Stream("materials").ShouldNotBeNull();
        materials.Request.Path.ShouldBe("/parts");
        materials.Mapping["name"].GetValue<string>().ShouldBe("/name");
        var assets = Manifest().Stream("assets").ShouldNotBeNull();
        assets.Mapping["makeName"].GetValue<string>().ShouldBe("/manufacturer");
        Draft.Skipped.ShouldContain(s => s.StartsWith("GET /assetstatuses:"));
        Draft.Skipped.ShouldContain(s => s.StartsWith("GET /manufacturers:"));
        Draft.Warnings.ShouldContain(w => w.Contains("x-organization-id"));
    }

    [Fact]
    public void The_check_asks_for_one_user()
    {
        var check = Manifest().Check.Request;

        check.Path.ShouldBe("/users");
        check.Query["limit"].ShouldBe("1");
    }
}
