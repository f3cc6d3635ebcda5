namespace KnowledgeBase.Web.Notifications.Mail;

/// <summary>One message to one person: a plain-text body, optionally an HTML alternative of the same content.</summary>
/// <param name="MessageId">
/// The Message-ID to send (without angle brackets), e.g. one per outbox row, so a message sent twice after a lost
/// answer can be recognised as the same; null: MailKit makes one.
/// </param>
public sealed record OutgoingMail(string To, string? ToName, string Subject, string Text, string? Html = null, string? MessageId = null);
