using System.Text;
using Makini.Flows.Activities.Webhooks;

namespace Makini.Flows.Engine.Tests.Webhooks;

/// <summary>Standard Webhooks signing and verification, including the spec's published example.</summary>
public sealed class StandardWebhooksTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"type":"sync.completed"}""");

    [Fact]
    public void The_specifications_example_signature_is_reproduced()
    {
        // Example from the Standard Webhooks specification.
        var signature = StandardWebhooks.Sign(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            Encoding.UTF8.GetBytes("""{"test": 2432232314}""")
        );

        signature.ShouldBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    [Fact]
    public void A_signed_message_verifies_and_any_change_breaks_it()
    {
        var secret = StandardWebhooks.NewSecret();
        var signature = StandardWebhooks.Sign(secret, "msg_1", Now.ToUnixTimeSeconds(), Body);
        var timestamp = Now.ToUnixTimeSeconds().ToString();

        StandardWebhooks.Verify(secret, "msg_1", timestamp, signature, Body, Now).ShouldBeNull();
        StandardWebhooks
            .Verify(secret, "msg_2", timestamp, signature, Body, Now)
            .ShouldBe("no webhook-signature matches");
        StandardWebhooks
            .Verify(secret, "msg_1", timestamp, signature, Encoding.UTF8.GetBytes("{}"), Now)
            .ShouldNotBeNull();
        StandardWebhooks
            .Verify(StandardWebhooks.NewSecret(), "msg_1", timestamp, signature, Body, Now)
            .ShouldNotBeNull();
    }

    [Fact]
    public void Old_or_future_timestamps_and_missing_headers_are_refused()
    {
        var secret = StandardWebhooks.NewSecret();
        var old = Now.AddSeconds(-301).ToUnixTimeSeconds();
        var signature = StandardWebhooks.Sign(secret, "msg_1", old, Body);

        StandardWebhooks
            .Verify(secret, "msg_1", old.ToString(), signature, Body, Now)
            .ShouldNotBeNull()
            .ShouldContain("300 s");
        StandardWebhooks
            .Verify(
                secret,
                "msg_1",
                Now.AddSeconds(400).ToUnixTimeSeconds().ToString(),
                signature,
                Body,
                Now
            )
            .ShouldNotBeNull()
            .ShouldContain("300 s");
        StandardWebhooks
            .Verify(secret, null, "1", signature, Body, Now)
            .ShouldNotBeNull()
            .ShouldContain("required");
    }

    [Fact]
    public void Any_one_of_several_signatures_is_enough_during_key_rotation()
    {
        var oldSecret = StandardWebhooks.NewSecret();
        var newSecret = StandardWebhooks.NewSecret();
        var timestamp = Now.ToUnixTimeSeconds();
        var both =
            $"{StandardWebhooks.Sign(oldSecret, "msg_1", timestamp, Body)} {StandardWebhooks.Sign(newSecret, "msg_1", timestamp, Body)}";

        StandardWebhooks
            .Verify(newSecret, "msg_1", timestamp.ToString(), both, Body, Now)
            .ShouldBeNull();
        StandardWebhooks
            .Verify(oldSecret, "msg_1", timestamp.ToString(), both, Body, Now)
            .ShouldBeNull();
    }
}
