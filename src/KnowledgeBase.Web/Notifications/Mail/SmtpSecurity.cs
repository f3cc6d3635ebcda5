namespace KnowledgeBase.Web.Notifications.Mail;

/// <summary>How the connection to the mail relay is protected.</summary>
public enum SmtpSecurity
{
    /// <summary>Connect in plain text and upgrade with STARTTLS; refuse a relay that does not offer it (port 587).</summary>
    StartTls,
    /// <summary>TLS from the first byte ("implicit TLS", SMTPS, port 465).</summary>
    SslOnConnect,
    /// <summary>No encryption (a relay on the same host or network only; port 25).</summary>
    None,
}
