using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using KnowledgeBase.Core.Notifications;
using KnowledgeBase.Data.Notifications;
using KnowledgeBase.Web.Api;
using KnowledgeBase.Web.Proposals;

namespace KnowledgeBase.Web.Notifications;

/// <summary>An e-mail's words: subject, plain text, HTML.</summary>
public sealed record ComposedMail(string Subject, string Text, string Html);

/// <summary>
/// Words and links of notification messages: one notification, or a digest of several, as an e-mail (plain text and
/// HTML) or a chat post (a Teams Adaptive Card or a Slack message). Every link is absolute, on the site's public address
/// (<see cref="ApiUrls.BaseUrl"/>: <c>Api:PublicBaseUrl</c>), and opens the page where the person acts.
/// </summary>
public sealed class NotificationComposer(ApiUrls urls)
{
    public const string ProfilePath = "/account/notifications";

    /// <summary>The page a notification opens (a path on the site).</summary>
    public static string PathOf(Notification n) => n.Kind switch
    {
        NotificationKind.FlagRaised => $"/articles/{Uri.EscapeDataString(n.ArticleId ?? "")}#flag-heading",
        NotificationKind.FlagResolved or NotificationKind.ProposalAccepted => $"/articles/{Uri.EscapeDataString(n.ArticleId ?? "")}",
        NotificationKind.ProposalWaiting => ProposalActions.PageOf(n.ArticleId ?? "", n.SubjectId ?? 0),
        NotificationKind.ProposalRejected => "/proposals?status=rejected",
        NotificationKind.WeeklyQueue => "/review",
        _ => "/",
    };

    /// <summary>One line saying what happened.</summary>
    public static string Headline(Notification n) => n.Kind switch
    {
        NotificationKind.FlagRaised => $"{n.Actor} flagged “{n.ArticleTitle}”",
        NotificationKind.ProposalWaiting => $"{n.Actor} proposed a change to “{n.ArticleTitle}”",
        NotificationKind.ProposalAccepted => $"{n.Actor} accepted your proposed change to “{n.ArticleTitle}”",
        NotificationKind.ProposalRejected => $"{n.Actor} rejected your proposed change to “{n.ArticleTitle}”",
        NotificationKind.FlagResolved => $"{n.Actor} resolved your flag on “{n.ArticleTitle}”",
        NotificationKind.WeeklyQueue => n.ArticleTitle,
        _ => n.ArticleTitle,
    };

    /// <summary>The detail under the headline, with its label; empty when there is none.</summary>
    public static string DetailOf(Notification n)
    {
        if (n.Detail.Length == 0 || n.Kind == NotificationKind.WeeklyQueue) return "";
        return n.Kind switch
        {
            NotificationKind.FlagRaised => "Flag: " + n.Detail,
            NotificationKind.ProposalWaiting => "Change note: " + n.Detail,
            NotificationKind.ProposalRejected => "Reason: " + n.Detail,
            NotificationKind.FlagResolved => "Resolution: " + n.Detail,
            _ => "Note: " + n.Detail,
        };
    }

    /// <summary>What to do on the page a notification opens (the link's words).</summary>
    public static string ActionOf(Notification n) => n.Kind switch
    {
        NotificationKind.FlagRaised => "Open the article and its flag",
        NotificationKind.ProposalWaiting => "Review the proposal",
        NotificationKind.ProposalRejected => "See your proposals",
        NotificationKind.WeeklyQueue => "Open your review queue",
        _ => "Open the article",
    };

    /// <summary>The weekly queue digest's articles: "id, title, why" per line, as stored in its detail.</summary>
    public static IEnumerable<(string Id, string Title, string Why)> QueueLines(Notification n) =>
        n.Detail.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).Where(p => p.Length == 3).Select(p => (p[0], p[1], p[2]));

    public string Url(string path) => urls.BaseUrl() + path;

    public static string SubjectOf(IReadOnlyList<Notification> items, string? digest)
    {
        var subject = digest is null || items.Count == 1 && items[0].Kind == NotificationKind.WeeklyQueue
            ? Headline(items[0])
            : $"Your {digest}: {items.Count} update{(items.Count == 1 ? "" : "s")}";
        subject = "[Knowledge base] " + subject;
        return subject.Length <= NotificationMessage.MaxSubjectLength ? subject : subject[..(NotificationMessage.MaxSubjectLength - 1)] + "…";
    }

    public ComposedMail Email(NotificationRecipient recipient, IReadOnlyList<Notification> items, string? digest)
    {
        var text = new StringBuilder();
        var html = new StringBuilder();
        var greeting = $"Hello {recipient.Name},";
        text.AppendLine(greeting).AppendLine();
        html.Append("<!DOCTYPE html><html><body style=\"font-family:Segoe UI,Arial,sans-serif;font-size:15px;line-height:1.45;color:#1b1b1b\">");
        html.Append("<p>").Append(Encode(greeting)).Append("</p>");
        if (digest is not null && items.Count > 1)
        {
            var intro = $"Here is your {digest}: {items.Count} updates since the last one.";
            text.AppendLine(intro).AppendLine();
            html.Append("<p>").Append(Encode(intro)).Append("</p>");
        }
        foreach (var n in items)
        {
            var url = Url(PathOf(n));
            text.AppendLine(Headline(n) + $" ({When(n.CreatedAt)})");
            html.Append("<div style=\"margin:0 0 18px\"><p style=\"margin:0 0 4px\"><strong>").Append(Encode(Headline(n))).Append("</strong> <span style=\"color:#555\">(")
                .Append(Encode(When(n.CreatedAt))).Append(")</span></p>");
            if (DetailOf(n) is { Length: > 0 } detail)
            {
                text.AppendLine(detail);
                html.Append("<p style=\"margin:0 0 4px;white-space:pre-wrap\">").Append(Encode(detail)).Append("</p>");
            }
            if (n.Kind == NotificationKind.WeeklyQueue)
            {
                html.Append("<ul style=\"margin:4px 0\">");
                foreach (var (id, title, why) in QueueLines(n))
                {
                    var articleUrl = Url($"/articles/{Uri.EscapeDataString(id)}");
                    text.AppendLine($"- {title} ({why}): {articleUrl}");
                    html.Append("<li><a href=\"").Append(Encode(articleUrl)).Append("\">").Append(Encode(title)).Append("</a> — ").Append(Encode(why)).Append("</li>");
                }
                html.Append("</ul>");
            }
            text.AppendLine($"{ActionOf(n)}: {url}").AppendLine();
            html.Append("<p style=\"margin:0\"><a href=\"").Append(Encode(url)).Append("\">").Append(Encode(ActionOf(n))).Append("</a></p></div>");
        }
        var footer = "You receive this because of your notification settings in the knowledge base.";
        var profile = Url(ProfilePath);
        text.AppendLine("--").AppendLine(footer).AppendLine($"Change them: {profile}");
        html.Append("<hr style=\"border:0;border-top:1px solid #ccc\"><p style=\"color:#555;font-size:13px\">").Append(Encode(footer))
            .Append(" <a href=\"").Append(Encode(profile)).Append("\">Change them</a>.</p></body></html>");
        return new ComposedMail(SubjectOf(items, digest), text.ToString(), html.ToString());
    }

    /// <summary>The JSON body of a chat post in the webhook's format.</summary>
    public string Chat(ChatFormat format, IReadOnlyList<Notification> items, string? digest)
    {
        var title = SubjectOf(items, digest)["[Knowledge base] ".Length..];
        return format == ChatFormat.Slack ? Slack(title, items) : Teams(title, items);
    }

    private string Teams(string title, IReadOnlyList<Notification> items)
    {
        var body = new List<object> { new { type = "TextBlock", text = title, weight = "Bolder", size = "Medium", wrap = true } };
        foreach (var n in items)
        {
            if (items.Count > 1) body.Add(new { type = "TextBlock", text = $"[{LinkText(Headline(n))}]({Url(PathOf(n))})", wrap = true, spacing = "Medium" });
            if (DetailOf(n) is { Length: > 0 } detail) body.Add(new { type = "TextBlock", text = detail, wrap = true, isSubtle = true });
            foreach (var (id, articleTitle, why) in QueueLines(n))
                body.Add(new { type = "TextBlock", text = $"- [{LinkText(articleTitle)}]({Url($"/articles/{Uri.EscapeDataString(id)}")}) — {why}", wrap = true, spacing = "None" });
        }
        var actions = items.Count == 1
            ? new object[] { new { type = "Action.OpenUrl", title = ActionOf(items[0]), url = Url(PathOf(items[0])) } }
            : [new { type = "Action.OpenUrl", title = "Open your review queue", url = Url("/review") }];
        var card = new Dictionary<string, object>
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json", ["type"] = "AdaptiveCard", ["version"] = "1.4", ["body"] = body, ["actions"] = actions,
        };
        return JsonSerializer.Serialize(new
        {
            type = "message",
            attachments = new[] { new { contentType = "application/vnd.microsoft.card.adaptive", contentUrl = (string?)null, content = card } },
        });
    }

    private string Slack(string title, IReadOnlyList<Notification> items)
    {
        var blocks = new List<object> { new { type = "section", text = new { type = "mrkdwn", text = $"*{SlackText(title)}*" } } };
        foreach (var n in items)
        {
            var lines = new StringBuilder($"<{Url(PathOf(n))}|{SlackText(items.Count == 1 ? ActionOf(n) : Headline(n))}>");
            if (DetailOf(n) is { Length: > 0 } detail) lines.Append('\n').Append(SlackText(detail));
            foreach (var (id, articleTitle, why) in QueueLines(n))
                lines.Append("\n• <").Append(Url($"/articles/{Uri.EscapeDataString(id)}")).Append('|').Append(SlackText(articleTitle)).Append("> — ").Append(SlackText(why));
            var text = lines.ToString();
            blocks.Add(new { type = "section", text = new { type = "mrkdwn", text = text.Length <= 3000 ? text : text[..2999] + "…" } });
        }
        return JsonSerializer.Serialize(new { text = title, blocks = blocks.Take(50) });
    }

    private static string When(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Slack's mrkdwn needs only &amp;, &lt; and &gt; escaped.</summary>
    private static string SlackText(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>A Markdown link's words (Adaptive Card text): brackets would end the link early, so they become parentheses.</summary>
    private static string LinkText(string text) => text.Replace('[', '(').Replace(']', ')');
}
