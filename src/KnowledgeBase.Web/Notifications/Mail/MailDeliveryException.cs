namespace KnowledgeBase.Web.Notifications.Mail;

/// <summary>The relay could not be reached or refused the message; <see cref="Exception.Message"/> says which and why.</summary>
public sealed class MailDeliveryException(string message, Exception? inner = null) : Exception(message, inner);
