using Makini.Flows.Connectors.Demo;
using Makini.Flows.Connectors.Manifests;
using Makini.Flows.Connectors.Tests.Manifests;
using Makini.Flows.Engine.Validation;

namespace Makini.Flows.Connectors.Tests.Demo;

public sealed class DemoCmmsManifestTests
{
    [Fact]
    public void The_manifest_reads_and_offers_a_stream_for_every_collection_of_the_demo()
    {
        var manifest = Read();

        manifest
            .Streams.Select(s => s.Request.Path.TrimStart('/'))
            .ShouldBe(DemoDataSet.CollectionNames, ignoreOrder: true);
        manifest.Stream("materials").ShouldNotBeNull().Request.Path.ShouldBe("/parts");
        manifest.Streams.ShouldAllBe(s => s.Incremental != null && s.Deleted == "/deletedAt");
    }

    [Fact]
    public void The_connect_form_defaults_to_the_built_in_demo()
    {
        var manifest = Read();

        manifest
            .Credentials.Single(c => c.Name == "instanceUrl")
            .Default.ShouldBe(DemoCmms.BaseUrl);
        manifest.Credentials.Single(c => c.Name == "password").IsSecret.ShouldBeTrue();
    }

    private static ConnectorManifest Read()
    {
        var problems = new List<FlowProblem>();
        var manifest = ManifestReader.Read(
            File.ReadAllText(Path.Combine(RepositoryFolders.Connectors, "demo-cmms.json")),
            problems
        );
        problems.ShouldBeEmpty(string.Join("\n", problems));
        return manifest.ShouldNotBeNull();
    }
}
