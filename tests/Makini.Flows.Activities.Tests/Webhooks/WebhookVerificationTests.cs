using System.Text;
using Makini.Flows.Activities.Webhooks;

namespace Makini.Flows.Activities.Tests.Webhooks;

/// <summary>What our verification helper refuses, for receivers that use it (and for our own HTTP triggers).</summary>
public sealed class WebhookVerificationTests
{
    private static readonly string Secret = StandardWebhooks.NewSecret();
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(
        """{"type":"workOrder.overdue","data":{"key":"WO-1"}}"""
    );

    [Fact]
    public void A_correctly_signed_message_verifies()
    {
        var (timestamp, signature) = Signed(Now);

        StandardWebhooks.Verify(Secret, "msg_1", timestamp, signature, Body, Now).ShouldBeNull();
    }

    [Fact]
    public void A_one_byte_change_of_the_body_is_rejected()
    {
        var (timestamp, signature) = Signed(Now);
        var changed = (byte[])Body.Clone();
        changed[^3] ^= 0x01;

        StandardWebhooks
            .Verify(Secret, "msg_1", timestamp, signature, changed, Now)
            .ShouldBe("no webhook-signature matches");
    }

    [Fact]
    public void A_wrong_secret_is_rejected()
    {
        var (timestamp, signature) = Signed(Now);

        StandardWebhooks
            .Verify(StandardWebhooks.NewSecret(), "msg_1", timestamp, signature, Body, Now)
            .ShouldBe("no webhook-signature matches");
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void A_timestamp_301_seconds_away_is_rejected(int offset)
    {
        var (timestamp, signature) = Signed(Now.AddSeconds(offset));

        StandardWebhooks
            .Verify(Secret, "msg_1", timestamp, signature, Body, Now)
            .ShouldBe("webhook-timestamp is more than 300 s away from now");
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(300)]
    public void A_timestamp_300_seconds_away_is_still_accepted(int offset)
    {
        var (timestamp, signature) = Signed(Now.AddSeconds(offset));

        StandardWebhooks.Verify(Secret, "msg_1", timestamp, signature, Body, Now).ShouldBeNull();
    }

    [Fact]
    public void One_matching_signature_among_several_is_enough_and_unknown_versions_are_skipped()
    {
        var (timestamp, signature) = Signed(Now);
        var header = $"v2,abc v1,AAAA {signature}";

        StandardWebhooks.Verify(Secret, "msg_1", timestamp, header, Body, Now).ShouldBeNull();
    }

    [Fact]
    public void A_receiver_holding_old_and_new_secrets_accepts_either()
    {
        var old = StandardWebhooks.NewSecret();
        var timestamp = Now.ToUnixTimeSeconds();
        var byOld = StandardWebhooks.Sign(old, "msg_1", timestamp, Body);

        StandardWebhooks
            .Verify([Secret, old], "msg_1", timestamp.ToString(), byOld, Body, Now)
            .ShouldBeNull();
        StandardWebhooks
            .Verify([Secret], "msg_1", timestamp.ToString(), byOld, Body, Now)
            .ShouldNotBeNull();
    }

    [Fact]
    public void Signing_with_several_secrets_writes_one_v1_signature_each()
    {
        var other = StandardWebhooks.NewSecret();

        var header = StandardWebhooks.SignAll([Secret, other], "msg_1", 5, Body);

        header
            .Split(' ')
            .ShouldBe([
                StandardWebhooks.Sign(Secret, "msg_1", 5, Body),
                StandardWebhooks.Sign(other, "msg_1", 5, Body),
            ]);
    }

    [Fact]
    public void Configured_secrets_split_on_spaces_and_commas()
    {
        StandardWebhooks
            .SplitSecrets(" whsec_a=  whsec_b=,whsec_c= ")
            .ShouldBe(["whsec_a=", "whsec_b=", "whsec_c="]);
        StandardWebhooks.IsValidSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").ShouldBeTrue();
        StandardWebhooks.IsValidSecret("whsec_not base64!").ShouldBeFalse();
        StandardWebhooks.IsValidSecret("whsec_").ShouldBeFalse();
    }

    [Fact]
    public void The_legacy_header_is_the_hex_hmac_of_the_body_and_verifies_in_either_case()
    {
        var header = LegacyWebhookSignature.Sign(Secret, Body);
        var changed = (byte[])Body.Clone();
        changed[0] ^= 0x01;

        header.ShouldMatch("^[0-9a-f]{64}$");
        LegacyWebhookSignature.Verify(Secret, header, Body).ShouldBeTrue();
        LegacyWebhookSignature.Verify(Secret, header.ToUpperInvariant(), Body).ShouldBeTrue();
        LegacyWebhookSignature.Verify(Secret, header, changed).ShouldBeFalse();
        LegacyWebhookSignature.Verify(StandardWebhooks.NewSecret(), header, Body).ShouldBeFalse();
        LegacyWebhookSignature.Verify(Secret, "zz", Body).ShouldBeFalse();
        LegacyWebhookSignature.Verify(Secret, null, Body).ShouldBeFalse();
    }

    private static (string Timestamp, string Signature) Signed(DateTimeOffset at) =>
        (
            at.ToUnixTimeSeconds().ToString(),
            StandardWebhooks.Sign(Secret, "msg_1", at.ToUnixTimeSeconds(), Body)
        );
}
