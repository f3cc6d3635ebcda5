using Microsoft.Extensions.Options;
using MimeKit;

namespace KnowledgeBase.Web.Notifications.Mail;

/// <summary>Checks <c>Notifications:Smtp</c> at startup, so a mistyped relay stops the site with what to fix rather than failing every message later.</summary>
internal sealed class SmtpOptionsValidator : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        var errors = new List<string>();
        var prefix = SmtpOptions.Section;
        if (options.Port is < 0 or > 65535)
            errors.Add($"{prefix}:Port must be between 1 and 65535 (0 or absent: 587 for StartTls, 465 for SslOnConnect, 25 for None); it is {options.Port}.");
        if (options.TimeoutSeconds <= 0)
            errors.Add($"{prefix}:TimeoutSeconds must be more than 0; it is {options.TimeoutSeconds}.");
        if (!options.IsConfigured)
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);

        var host = options.Host!.Trim();
        if (host.Contains("://", StringComparison.Ordinal) || host.Contains('/', StringComparison.Ordinal) || host.Contains(' ', StringComparison.Ordinal))
            errors.Add($"{prefix}:Host must be a host name or address (e.g. smtp.office365.com), not '{host}'; put the port in {prefix}:Port.");
        if (string.IsNullOrWhiteSpace(options.From))
            errors.Add($"{prefix}:From is required when {prefix}:Host is set: the address messages come from, e.g. kb@msp.example.");
        else if (!MailboxAddress.TryParse(options.From.Trim(), out var from) || !from.Address.Contains('@', StringComparison.Ordinal) || from.Address != options.From.Trim())
            errors.Add($"{prefix}:From must be a plain e-mail address (e.g. kb@msp.example; the display name goes in {prefix}:FromName), not '{options.From}'.");
        if (!string.IsNullOrWhiteSpace(options.UserName) && string.IsNullOrEmpty(options.Password))
            errors.Add($"{prefix}:Password is required when {prefix}:UserName is set.");
        if (string.IsNullOrWhiteSpace(options.UserName) && !string.IsNullOrEmpty(options.Password))
            errors.Add($"{prefix}:UserName is required when {prefix}:Password is set.");
        if (!string.IsNullOrWhiteSpace(options.CertificateThumbprint) && SmtpMailSender.NormalizeThumbprint(options.CertificateThumbprint).Length is not (40 or 64))
            errors.Add($"{prefix}:CertificateThumbprint must be the certificate's SHA-256 (64 hex digits) or SHA-1 (40 hex digits) thumbprint.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
