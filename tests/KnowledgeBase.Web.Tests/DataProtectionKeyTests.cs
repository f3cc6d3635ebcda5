using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Web.Tests;

/// <summary>The Data Protection key ring in the database, encrypted at rest with a certificate when one is configured.</summary>
public sealed class DataProtectionKeyTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kb-dp-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task With_a_certificate_the_stored_keys_are_encrypted_and_only_nodes_holding_it_read_the_sign_in_cookie()
    {
        var certificate = Path.Combine(_folder, "keys.pfx");
        File.WriteAllBytes(certificate, SelfSigned().Export(X509ContentType.Pkcs12, "pfx-password"));
        var withCertificate = new Dictionary<string, string?>
        {
            ["DataProtection:Certificate:Path"] = certificate,
            ["DataProtection:Certificate:Password"] = "pfx-password",
        };
        await using var a = new KnowledgeBaseSite(withCertificate);
        var cookies = new CookieContainer();
        var email = $"dp-{Guid.NewGuid():N}@test.local";
        await a.CreateUserAsync(email, KcsRole.Contributor);
        var onA = Client(a, cookies);
        var signIn = await KnowledgeBaseSite.PostFormAsync(onA, "/account/login", "login", new() { ["Input.Email"] = email, ["Input.Password"] = KnowledgeBaseSite.Password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await onA.GetAsync("/")).StatusCode);

        // As stored: an encrypted secret, no master key in clear.
        await using (var db = await a.Services.GetRequiredService<KnowledgeBaseContextFactory>().CreateDbContextAsync())
        {
            var keys = await db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync();
            Assert.NotEmpty(keys);
            Assert.All(keys, xml =>
            {
                Assert.Contains("<encryptedSecret", xml);
                Assert.Contains("EncryptedData", xml);
                Assert.DoesNotContain("<masterKey", xml);
            });
        }

        // Another node on the same database: with the certificate it reads the cookie, without it it cannot.
        var database = new Dictionary<string, string?>(withCertificate)
        {
            ["ConnectionStrings:KnowledgeBase"] = $"Data Source={Path.Combine(a.DataDirectory, "knowledgebase.db")}",
        };
        await using (var b = new KnowledgeBaseSite(database))
            Assert.Equal(HttpStatusCode.OK, (await Client(b, cookies).GetAsync("/")).StatusCode);
        database.Remove("DataProtection:Certificate:Path");
        await using (var c = new KnowledgeBaseSite(database))
            Assert.Equal(HttpStatusCode.Redirect, (await Client(c, cookies).GetAsync("/")).StatusCode);
    }

    [Theory]
    [InlineData("missing.pfx", null, "does not exist")]
    [InlineData("keys.pfx", "wrong-password", "could not be read as a PKCS#12 (.pfx) file")]
    [InlineData("public.cer", null, "could not be read as a PKCS#12 (.pfx) file")]
    public void A_certificate_that_cannot_protect_the_keys_stops_the_site_with_a_message_naming_the_setting(string file, string? password, string expected)
    {
        using var certificate = SelfSigned();
        File.WriteAllBytes(Path.Combine(_folder, "keys.pfx"), certificate.Export(X509ContentType.Pkcs12, "pfx-password"));
        File.WriteAllBytes(Path.Combine(_folder, "public.cer"), certificate.Export(X509ContentType.Cert));
        using var site = new KnowledgeBaseSite(new Dictionary<string, string?>
        {
            ["DataProtection:Certificate:Path"] = Path.Combine(_folder, file),
            ["DataProtection:Certificate:Password"] = password,
        });
        var error = Assert.ThrowsAny<Exception>(() => site.CreateLoopbackClient()).ToString();
        Assert.Contains("DataProtection:Certificate:Path", error);
        Assert.Contains(expected, error);
    }

    private static HttpClient Client(KnowledgeBaseSite site, CookieContainer cookies) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = cookies }) { BaseAddress = site.ServerAddress };

    private static X509Certificate2 SelfSigned()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=KnowledgeBase key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }
}
