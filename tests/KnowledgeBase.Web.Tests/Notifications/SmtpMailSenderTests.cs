using System.Security.Cryptography;
using KnowledgeBase.Testing;
using KnowledgeBase.Web.Notifications.Mail;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Web.Tests.Notifications;

/// <summary>The mail seam against a real SMTP server on loopback (SmtpReceiver): what arrives, over which protection, as whom.</summary>
public sealed class SmtpMailSenderTests
{
    private static readonly OutgoingMail Sample = new("priya.nair@msp.example", "Priya Nair", "A flag on your article",
        "Someone flagged your article.\nhttps://kb.msp.example/articles/KB-1", "<p>Someone flagged <a href=\"https://kb.msp.example/articles/KB-1\">your article</a>.</p>",
        "notification-7@kb.msp.example");

    [Fact]
    public async Task A_message_sent_without_encryption_arrives_with_its_sender_recipient_subject_and_both_bodies()
    {
        await using var server = new SmtpReceiver();
        await server.StartAsync();
        var sender = Sender(new SmtpOptions { Host = server.Host, Port = server.Port, Security = SmtpSecurity.None, From = "kb@msp.example", FromName = "MSP knowledge base" });

        Assert.True(sender.IsConfigured);
        await sender.SendAsync(Sample);

        var mail = Assert.Single(server.Messages);
        Assert.Equal("kb@msp.example", mail.EnvelopeFrom);
        Assert.Equal("priya.nair@msp.example", mail.To);
        Assert.Equal("A flag on your article", mail.Subject);
        Assert.Equal("MSP knowledge base", Assert.Single(mail.Message.From.Mailboxes).Name);
        Assert.Equal("Priya Nair", Assert.Single(mail.Message.To.Mailboxes).Name);
        Assert.Equal("notification-7@kb.msp.example", mail.Message.MessageId);
        Assert.Contains("https://kb.msp.example/articles/KB-1", mail.Text);
        Assert.Contains("<a href=\"https://kb.msp.example/articles/KB-1\">", mail.Html);
        Assert.False(mail.Secure);
    }

    [Fact]
    public async Task STARTTLS_with_sign_in_reaches_a_relay_whose_self_signed_certificate_is_pinned_by_thumbprint()
    {
        await using var server = new SmtpReceiver { Certificate = SmtpReceiver.CreateCertificate(), RequiredSignIn = ("kb-relay", "s3cret!") };
        await server.StartAsync();
        var sender = Sender(new SmtpOptions
        {
            Host = server.Host, Port = server.Port, Security = SmtpSecurity.StartTls, From = "kb@msp.example",
            UserName = "kb-relay", Password = "s3cret!", CertificateThumbprint = server.Certificate.GetCertHashString(HashAlgorithmName.SHA256),
        });

        await sender.SendAsync(Sample);

        var mail = Assert.Single(server.Messages);
        Assert.True(mail.Secure);
        Assert.Equal("kb-relay", mail.AuthenticatedUser);
    }

    [Fact]
    public async Task Implicit_TLS_reaches_a_relay_that_speaks_TLS_from_the_first_byte()
    {
        await using var server = new SmtpReceiver { Certificate = SmtpReceiver.CreateCertificate(), ImplicitTls = true };
        await server.StartAsync();
        var sender = Sender(new SmtpOptions
        {
            Host = server.Host, Port = server.Port, Security = SmtpSecurity.SslOnConnect, From = "kb@msp.example",
            CertificateThumbprint = server.Certificate.Thumbprint,
        });

        await sender.SendAsync(Sample);

        Assert.True(Assert.Single(server.Messages).Secure);
    }

    [Fact]
    public async Task A_relay_certificate_nobody_trusts_or_pinned_is_refused_with_what_to_set()
    {
        await using var server = new SmtpReceiver { Certificate = SmtpReceiver.CreateCertificate() };
        await server.StartAsync();
        var sender = Sender(new SmtpOptions { Host = server.Host, Port = server.Port, Security = SmtpSecurity.StartTls, From = "kb@msp.example" });

        var error = await Assert.ThrowsAsync<MailDeliveryException>(() => sender.SendAsync(Sample));

        Assert.Contains("CertificateThumbprint", error.Message);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task A_wrong_password_is_reported_as_a_refused_sign_in_and_nothing_is_sent()
    {
        await using var server = new SmtpReceiver { RequiredSignIn = ("kb-relay", "s3cret!") };
        await server.StartAsync();
        var sender = Sender(new SmtpOptions { Host = server.Host, Port = server.Port, Security = SmtpSecurity.None, From = "kb@msp.example", UserName = "kb-relay", Password = "wrong" });

        var error = await Assert.ThrowsAsync<MailDeliveryException>(() => sender.SendAsync(Sample));

        Assert.Contains("refused the sign-in of 'kb-relay'", error.Message);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task A_relay_that_is_down_is_reported_with_its_address_and_the_message_arrives_once_it_is_back()
    {
        var server = new SmtpReceiver();
        await using var _ = server;
        var sender = Sender(new SmtpOptions { Host = server.Host, Port = server.Port, Security = SmtpSecurity.None, From = "kb@msp.example" });

        var error = await Assert.ThrowsAsync<MailDeliveryException>(() => sender.SendAsync(Sample));
        Assert.Contains($"127.0.0.1:{server.Port}", error.Message);
        Assert.Contains("cannot connect", error.Message);

        await server.StartAsync();
        await sender.SendAsync(Sample);
        Assert.Single(server.Messages);
    }

    [Fact]
    public async Task Without_a_host_the_sender_says_it_is_not_configured()
    {
        var sender = Sender(new SmtpOptions());

        Assert.False(sender.IsConfigured);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => sender.SendAsync(Sample));
        Assert.Contains("Notifications:Smtp:Host", error.Message);
    }

    [Theory]
    [InlineData(null, "kb-relay", null, "Notifications:Smtp:From is required")]
    [InlineData("Knowledge base <kb@msp.example>", null, null, "Notifications:Smtp:From must be a plain e-mail address")]
    [InlineData("kb@msp.example", "kb-relay", null, "Notifications:Smtp:Password is required")]
    [InlineData("kb@msp.example", null, "ab:cd", "Notifications:Smtp:CertificateThumbprint must be")]
    public void A_relay_configured_wrongly_is_refused_at_startup_with_the_setting_to_fix(string? from, string? user, string? thumbprint, string expected)
    {
        var result = new SmtpOptionsValidator().Validate(null, new SmtpOptions { Host = "smtp.msp.example", From = from, UserName = user, CertificateThumbprint = thumbprint });

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage);
    }

    [Fact]
    public void A_site_with_a_host_but_no_from_address_does_not_start_and_says_why()
    {
        using var site = new KnowledgeBaseSite(new Dictionary<string, string?> { ["Notifications:Smtp:Host"] = "smtp://smtp.msp.example" });

        var error = Assert.ThrowsAny<Exception>(() => site.ServerAddress);

        var message = error is AggregateException many ? string.Join(" ", many.InnerExceptions.Select(e => e.Message)) : error.ToString();
        Assert.Contains("Notifications:Smtp:Host must be a host name", message);
        Assert.Contains("Notifications:Smtp:From is required", message);
    }

    private static SmtpMailSender Sender(SmtpOptions options) => new(new FixedOptions(options), NullLogger<SmtpMailSender>.Instance);

    private sealed class FixedOptions(SmtpOptions value) : IOptionsMonitor<SmtpOptions>
    {
        public SmtpOptions CurrentValue => value;
        public SmtpOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<SmtpOptions, string?> listener) => null;
    }
}
