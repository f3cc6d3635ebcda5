namespace KnowledgeBase.Core.Api;

/// <summary>The webhook event types of api.md.</summary>
public static class WebhookEvents
{
    public const string ArticlePublished = "article.published";
    public const string ArticleUpdated = "article.updated";
    public const string ArticleArchived = "article.archived";
    public const string ArticleDeleted = "article.deleted";
    public const string TicketLinkCreated = "ticket_link.created";
    /// <summary>Sent only by <c>POST /webhooks/{id}/test</c>.</summary>
    public const string Test = "webhook.test";

    public static readonly IReadOnlyList<string> All = [ArticlePublished, ArticleUpdated, ArticleArchived, ArticleDeleted, TicketLinkCreated];

    /// <summary>Event ids of ticket links are "link-{linkId}", so they never collide with change-log sequences.</summary>
    public static string LinkEventId(long linkId) => "link-" + linkId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
