using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KnowledgeBase.Core.Api;

/// <summary>The webhook event types of api.md.</summary>
public static class WebhookEvents
{
    public const string ArticlePublished = "article.published";
    public const string ArticleUpdated = "article.updated";
    public const string ArticleArchived = "article.archived";
    public const string ArticleDeleted = "article.deleted";
    /// <summary>
    /// The article left a customer-audience subscription's sight (it became Internal, or its clients no longer include
    /// the key's): drop any copy. Told once; an internal subscription never receives it.
    /// </summary>
    public const string ArticleWithdrawn = "article.withdrawn";
    public const string TicketLinkCreated = "ticket_link.created";
    /// <summary>Someone flagged an article as wrong or incomplete (it entered its owner's review queue).</summary>
    public const string ArticleFlagged = "article.flagged";
    /// <summary>An article's review fell due (last reviewed + its category's review interval passed), once per due date.</summary>
    public const string ArticleReviewDue = "article.review_due";
    /// <summary>An edit was kept as a proposed revision for someone to accept or reject.</summary>
    public const string ProposalCreated = "proposal.created";
    /// <summary>A proposed revision was accepted or rejected (also when its article was deleted).</summary>
    public const string ProposalDecided = "proposal.decided";
    /// <summary>Sent only by <c>POST /webhooks/{id}/test</c>.</summary>
    public const string Test = "webhook.test";

    public static readonly IReadOnlyList<string> All =
    [
        ArticlePublished, ArticleUpdated, ArticleArchived, ArticleDeleted, ArticleWithdrawn, TicketLinkCreated,
        ArticleFlagged, ArticleReviewDue, ProposalCreated, ProposalDecided,
    ];

    /// <summary>
    /// The service desk's own workflow — who flagged what, which reviews are due, unreviewed proposals and their
    /// deciders — which a customer-audience subscription may not receive (docs/security.md: customers see the
    /// article, not the people and workflow behind it).
    /// </summary>
    public static readonly IReadOnlySet<string> Workflow = new HashSet<string>(StringComparer.Ordinal)
    {
        ArticleFlagged, ArticleReviewDue, ProposalCreated, ProposalDecided,
    };

    /// <summary>Event ids of ticket links are "link-{linkId}", so they never collide with change-log sequences.</summary>
    public static string LinkEventId(long linkId) => "link-" + linkId.ToString(CultureInfo.InvariantCulture);

    public static string FlagEventId(long flagId) => "flag-" + flagId.ToString(CultureInfo.InvariantCulture);

    public static string ProposalCreatedEventId(long proposalId) => "proposal-" + proposalId.ToString(CultureInfo.InvariantCulture);

    public static string ProposalDecidedEventId(long proposalId) => "proposal-" + proposalId.ToString(CultureInfo.InvariantCulture) + "-decided";

    /// <summary>
    /// "client-{time of the change}-{hash}": an article withdrawn from or published to a subscription because its client
    /// changed (one or the other per article; the article id hashed in, as for reviews, to stay within 64 characters).
    /// </summary>
    public static string ClientChangeEventId(string articleId, DateTime changedAt)
    {
        var time = changedAt.ToString("yyyyMMddHHmmssfffffff", CultureInfo.InvariantCulture);
        return $"client-{time}-{Hashed(articleId, time)}";
    }

    /// <summary>
    /// "review-{due date}-{hash}": one event per article and due date (a review that falls due again after the next
    /// review is a new event). The article id is hashed in so the id stays within 64 characters whatever the article id.
    /// </summary>
    public static string ReviewDueEventId(string articleId, DateTime dueAt)
    {
        var day = dueAt.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        return $"review-{day}-{Hashed(articleId, day)}";
    }

    /// <summary>16 hex digits of an article id with the event's stamp: ids of any length fit the 64-character event id.</summary>
    private static string Hashed(string articleId, string stamp) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(articleId + "|" + stamp)))[..16];
}
