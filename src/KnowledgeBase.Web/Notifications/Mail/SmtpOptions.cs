namespace KnowledgeBase.Web.Notifications.Mail;

/// <summary>
/// <c>Notifications:Smtp</c> — the mail relay the site sends through (notifications, password links). Empty
/// <see cref="Host"/>: the site sends no e-mail (<see cref="SmtpMailSender.IsConfigured"/> is false). docs/notifications.md.
/// </summary>
public sealed class SmtpOptions
{
    public const string Section = "Notifications:Smtp";

    /// <summary>The relay's host name or address (e.g. smtp.office365.com); empty: no e-mail.</summary>
    public string? Host { get; set; }

    /// <summary>0: the usual port of <see cref="Security"/> (587 for StartTls, 465 for SslOnConnect, 25 for None).</summary>
    public int Port { get; set; }

    /// <summary>How the connection is protected: StartTls (default, required), SslOnConnect (implicit TLS) or None.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>Sign-in name at the relay; empty: send without authenticating (a relay that trusts this host).</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender address every message carries (required with <see cref="Host"/>), e.g. kb@msp.example.</summary>
    public string? From { get; set; }

    /// <summary>The sender's display name.</summary>
    public string FromName { get; set; } = "Knowledge base";

    /// <summary>Per SMTP operation (connect, authenticate, send).</summary>
    public double TimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Trust this certificate (its SHA-256 or SHA-1 thumbprint, hex) although no trusted authority signed it: an internal
    /// relay with a self-signed certificate. Empty: only certificates the machine trusts.
    /// </summary>
    public string? CertificateThumbprint { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    public int EffectivePort => Port > 0 ? Port : Security switch
    {
        SmtpSecurity.SslOnConnect => 465,
        SmtpSecurity.None => 25,
        _ => 587,
    };
}
