using Makini.Flows.Engine.Activities;
using Makini.Flows.Engine.Model;

namespace Makini.Flows.Activities.Tests;

/// <summary>The outbound activities are registered and describe themselves for the designer.</summary>
public sealed class MakiniDescriptorTests
{
    private readonly ActivityRegistry _registry = MakiniActivities.CreateRegistry();

    [Fact]
    public void Http_request_describes_its_inputs_outputs_and_ports()
    {
        var descriptor = _registry.Find("HttpRequest").ShouldNotBeNull();

        descriptor.DisplayName.ShouldBe("HTTP Request");
        descriptor.Ports.ShouldBe(["Done", "Failed"]);
        descriptor.FindInput("url").ShouldNotBeNull().Required.ShouldBeTrue();
        descriptor.FindInput("method")!.Default!.GetValue<string>().ShouldBe("GET");
        descriptor.FindInput("retries")!.Default!.GetValue<int>().ShouldBe(2);
        descriptor.FindInput("faultOnError")!.Type.ShouldBe(DataType.Boolean);
        descriptor
            .Outputs.Select(o => o.Name)
            .ShouldBe(["status", "responseHeaders", "responseBody", "attempts", "error"]);
    }

    [Fact]
    public void Send_webhook_takes_its_secret_by_literal_name()
    {
        var descriptor = _registry.Find("SendWebhook").ShouldNotBeNull();

        descriptor.Ports.ShouldBe(["Done", "Failed"]);
        var secret = descriptor.FindInput("secret").ShouldNotBeNull();
        secret.Required.ShouldBeTrue();
        secret.LiteralOnly.ShouldBeTrue();
        descriptor.FindInput("maxAttempts")!.Default!.GetValue<int>().ShouldBe(3);
        descriptor
            .Outputs.Select(o => o.Name)
            .ShouldBe(["webhookId", "status", "attempt", "error"]);
    }
}
