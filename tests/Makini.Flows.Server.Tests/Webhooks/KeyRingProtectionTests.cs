using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Makini.Flows.Server.Tests.Api;

namespace Makini.Flows.Server.Tests.Webhooks;

/// <summary>
/// The key ring protected by an operator's certificate: its files hold no readable key, the folder is the server
/// user's only, and a copy of the data without the certificate decrypts nothing (the server refuses to start).
/// </summary>
public sealed class KeyRingProtectionTests : IDisposable
{
    private const string Password = "ring-cert-pass";
    private readonly string _folder = Directory.CreateTempSubdirectory("makini-ring-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Keys => Path.Combine(_folder, "keys");

    private ServerHost Host(string? certificate) =>
        new(
            "Sqlite",
            $"Data Source={Path.Combine(_folder, "makini.db")}",
            certificate is null
                ? new Dictionary<string, string> { ["DataProtection:KeysFolder"] = Keys }
                : new Dictionary<string, string>
                {
                    ["DataProtection:KeysFolder"] = Keys,
                    ["DataProtection:CertificatePath"] = certificate,
                    ["DataProtection:CertificatePassword"] = Password,
                }
        );

    private string Certificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(
            "CN=Makini Flows key ring",
            rsa,
            HashAlgorithmName.SHA256,
            RSASignaturePadding.Pkcs1
        );
        using var certificate = request.CreateSelfSigned(
            DateTimeOffset.UtcNow.AddDays(-1),
            DateTimeOffset.UtcNow.AddYears(1)
        );
        var path = Path.Combine(_folder, "ring.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }

    [Fact]
    public async Task Protected_keys_are_unreadable_on_disk_and_useless_without_the_certificate()
    {
        var ct = TestContext.Current.CancellationToken;
        var certificate = Certificate();
        await using (var server = Host(certificate))
        {
            var created = await server
                .ClientWithKey()
                .PostAsJsonAsync(
                    "/api/webhooks",
                    new
                    {
                        url = "https://hooks.example.com/x",
                        eventTypes = new[] { "sync.failed" },
                    },
                    ct
                );
            created.StatusCode.ShouldBe(HttpStatusCode.Created);
        }
        var files = Directory.GetFiles(Keys, "key-*.xml");
        files.ShouldNotBeEmpty();
        foreach (var file in files)
        {
            var xml = File.ReadAllText(file);
            xml.ShouldContain("EncryptedData");
            xml.ShouldNotContain("<value>");
        }
        if (!OperatingSystem.IsWindows())
            File.GetUnixFileMode(Keys)
                .ShouldBe(
                    UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                );

        await using var copy = Host(certificate: null);
        var refused = Should.Throw<Exception>(() => copy.CreateClient());
        refused.ToString().ShouldContain("cannot be decrypted");
    }
}
