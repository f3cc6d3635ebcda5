using KnowledgeBase.Core.Tickets;

namespace KnowledgeBase.Web.Tickets;

/// <summary>
/// The ticket a technician is working on, kept in a cookie so every page (and the header) knows it: articles opened
/// while it is pinned can be linked to it in one click.
/// </summary>
public sealed class PinnedTicket(IHttpContextAccessor accessor)
{
    public const string CookieName = "kb.pin";

    /// <summary>The pinned ticket's key, or null. The cookie is user input: it is parsed, never trusted.</summary>
    public TicketKey? Key => Parse(accessor.HttpContext?.Request.Cookies[CookieName]);

    public static string Format(TicketKey key) =>
        string.Join('\n', Uri.EscapeDataString(key.System), Uri.EscapeDataString(key.Instance), Uri.EscapeDataString(key.ExternalId));

    public static TicketKey? Parse(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 600) return null;
        var parts = value.Split('\n');
        if (parts.Length != 3) return null;
        try
        {
            var key = new TicketKey(Uri.UnescapeDataString(parts[0]), Uri.UnescapeDataString(parts[1]), Uri.UnescapeDataString(parts[2]));
            return key.System.Length is > 0 and <= Ticket.MaxSystemLength && key.Instance.Length is > 0 and <= Ticket.MaxInstanceLength
                   && key.ExternalId.Length is > 0 and <= Ticket.MaxExternalIdLength
                ? key
                : null;
        }
        catch (UriFormatException)
        {
            return null;
        }
    }

    public static string PageUrl(TicketKey key) =>
        $"tickets/{Uri.EscapeDataString(key.System)}/{Uri.EscapeDataString(key.Instance)}/{Uri.EscapeDataString(key.ExternalId)}";
}
