using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace KnowledgeBase.Web.Notifications.Mail;

/// <summary>
/// Sends one e-mail through the relay configured under <c>Notifications:Smtp</c> (MailKit): STARTTLS, implicit TLS or
/// none, with or without sign-in, from the configured address. A connection per message: the site sends few, and a
/// relay that dropped an idle connection never fails the next one. Anything that keeps the message from being accepted
/// is a <see cref="MailDeliveryException"/> whose message says which relay, and why (the outbox shows it to Admins).
/// </summary>
public sealed partial class SmtpMailSender(IOptionsMonitor<SmtpOptions> options, ILogger<SmtpMailSender> logger)
{
    /// <summary>True when a relay is configured (<c>Notifications:Smtp:Host</c>); otherwise the site sends no e-mail.</summary>
    public bool IsConfigured => options.CurrentValue.IsConfigured;

    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var settings = options.CurrentValue;
        if (!settings.IsConfigured)
            throw new InvalidOperationException("E-mail is not configured: set Notifications:Smtp:Host and Notifications:Smtp:From (docs/notifications.md).");
        var host = settings.Host!.Trim();
        var port = settings.EffectivePort;
        var message = Build(settings, mail);
        using var client = new SmtpClient { Timeout = (int)Math.Clamp(settings.TimeoutSeconds * 1000, 1000, int.MaxValue) };
        if (!string.IsNullOrWhiteSpace(settings.CertificateThumbprint))
        {
            var pinned = NormalizeThumbprint(settings.CertificateThumbprint);
            client.ServerCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == SslPolicyErrors.None || (certificate is not null && Matches(certificate, pinned));
        }
        try
        {
            await client.ConnectAsync(host, port, SocketOptions(settings.Security), cancellationToken);
            if (!string.IsNullOrWhiteSpace(settings.UserName))
                await client.AuthenticateAsync(settings.UserName.Trim(), settings.Password ?? "", cancellationToken);
            await client.SendAsync(message, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not MailDeliveryException)
        {
            var reason = $"SMTP {host}:{port} ({settings.Security}): {Describe(ex, settings)}";
            LogNotSent(logger, mail.To, reason);
            throw new MailDeliveryException(reason, ex);
        }
        LogSent(logger, mail.To, mail.Subject);
        // The relay has taken the message: a goodbye that fails or is cut short does not unsend it (counted as failed,
        // it would be retried and arrive twice).
        try
        {
            await client.DisconnectAsync(quit: true, CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or TimeoutException or SmtpProtocolException or SmtpCommandException or OperationCanceledException)
        {
            LogQuitFailed(logger, host, port, ex.Message);
        }
    }

    private static MimeMessage Build(SmtpOptions settings, OutgoingMail mail)
    {
        if (!MailboxAddress.TryParse(mail.To, out var to) || !to.Address.Contains('@', StringComparison.Ordinal))
            throw new MailDeliveryException($"'{mail.To}' is not an e-mail address.");
        if (!string.IsNullOrWhiteSpace(mail.ToName)) to.Name = mail.ToName;
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(settings.FromName, settings.From!.Trim()));
        message.To.Add(to);
        message.Subject = mail.Subject;
        message.Date = DateTimeOffset.UtcNow;
        if (mail.MessageId is { Length: > 0 }) message.MessageId = mail.MessageId;
        var body = new BodyBuilder { TextBody = mail.Text, HtmlBody = mail.Html };
        message.Body = body.ToMessageBody();
        return message;
    }

    private static SecureSocketOptions SocketOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SmtpSecurity.None => SecureSocketOptions.None,
        _ => SecureSocketOptions.StartTls,
    };

    private static string Describe(Exception ex, SmtpOptions settings) => ex switch
    {
        SocketException socket => $"cannot connect ({socket.SocketErrorCode}: {socket.Message})",
        SslHandshakeException => "the TLS handshake failed (the relay's certificate is not trusted, or it does not speak TLS on this port; " +
                                 "for a self-signed relay set Notifications:Smtp:CertificateThumbprint)",
        MailKit.Security.AuthenticationException => $"the relay refused the sign-in of '{settings.UserName}' ({ex.Message})",
        SmtpCommandException command => $"the relay answered {(int)command.StatusCode} {command.Message}",
        SmtpProtocolException => $"the relay broke the SMTP conversation ({ex.Message})",
        NotSupportedException when settings.Security == SmtpSecurity.StartTls => $"the relay does not offer STARTTLS ({ex.Message})",
        TimeoutException or IOException => $"no answer in time ({ex.Message})",
        _ => ex.Message,
    };

    internal static string NormalizeThumbprint(string thumbprint) =>
        new string(thumbprint.Where(Uri.IsHexDigit).ToArray()).ToUpperInvariant();

    private static bool Matches(X509Certificate certificate, string pinned) =>
        string.Equals(certificate.GetCertHashString(HashAlgorithmName.SHA256), pinned, StringComparison.OrdinalIgnoreCase)
        || string.Equals(certificate.GetCertHashString(), pinned, StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail to {To} sent: {Subject}")]
    private static partial void LogSent(ILogger logger, string to, string subject);

    [LoggerMessage(Level = LogLevel.Warning, Message = "E-mail to {To} not sent: {Reason}")]
    private static partial void LogNotSent(ILogger logger, string to, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "SMTP {Host}:{Port} took the message; the goodbye (QUIT) failed: {Error}")]
    private static partial void LogQuitFailed(ILogger logger, string host, int port, string error);
}
