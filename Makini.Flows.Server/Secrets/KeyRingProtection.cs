using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace Makini.Flows.Server.Secrets;

/// <summary>
/// Encrypts the key ring at rest with a certificate the operator supplies (<c>DataProtection:CertificatePath</c>, a
/// PKCS#12 file, and <c>DataProtection:CertificatePassword</c>): then a copy of the data folder, or of the database,
/// decrypts nothing without the certificate, which is kept elsewhere (a mounted secret). Works without any cloud
/// service. Without it, the server warns at start in Production.
/// </summary>
public static class KeyRingProtection
{
    public const string CertificateSetting = "DataProtection:CertificatePath";
    public const string PasswordSetting = "DataProtection:CertificatePassword";

    /// <summary>Protects the keys when a certificate is configured; true when they are.</summary>
    public static bool Apply(IDataProtectionBuilder builder, IConfiguration configuration)
    {
        var path = configuration[CertificateSetting];
        if (string.IsNullOrWhiteSpace(path))
            return false;
        if (!File.Exists(path))
            throw new InvalidOperationException(
                $"The key ring certificate '{path}' ({CertificateSetting}) does not exist."
            );
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(
            path,
            configuration[PasswordSetting],
            X509KeyStorageFlags.EphemeralKeySet
        );
        if (!certificate.HasPrivateKey)
            throw new InvalidOperationException(
                $"The key ring certificate '{path}' ({CertificateSetting}) has no private key: the keys could be encrypted but never read back."
            );
        builder
            .ProtectKeysWithCertificate(certificate)
            .UnprotectKeysWithAnyCertificate(certificate);
        return true;
    }
}
