using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Core.Notifications;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data.Owners;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Notifications;

/// <summary>
/// Writes the notifications of an event into the caller's context, so they commit in the event's own transaction (or
/// not at all). Who is told follows the owner rule (<see cref="OwnerQueries.AccountableOwnerAsync"/>, the triage owner for
/// an unowned article, <see cref="OwnerDirectory.AccountsOf"/> for a team's members): enabled internal accounts only, and
/// never the person who acted. docs/notifications.md "Who receives what".
/// </summary>
internal static class NotificationOutbox
{
    /// <summary>A flag on an article: its accountable accounts are told.</summary>
    public static async Task FlagRaisedAsync(KnowledgeBaseDbContext db, ArticleFlag flag, string articleTitle, CancellationToken cancellationToken)
    {
        var recipients = await AccountableAsync(db, flag.ArticleId, cancellationToken);
        var detail = flag.Comment.Length > 0 ? $"{flag.Reason}: {flag.Comment}" : flag.Reason.ToString();
        Add(db, recipients, except: flag.RaisedBy, new Draft(NotificationKind.FlagRaised, flag.ArticleId, articleTitle, null, flag.RaisedBy, detail, flag.RaisedAt));
    }

    /// <summary>A flag resolved: the person who raised it is told (when that is an internal account).</summary>
    public static async Task FlagResolvedAsync(KnowledgeBaseDbContext db, ArticleFlag flag, string articleTitle, CancellationToken cancellationToken)
    {
        var recipients = await ByUserNameAsync(db, flag.RaisedBy, cancellationToken);
        Add(db, recipients, except: flag.ResolvedBy ?? "",
            new Draft(NotificationKind.FlagResolved, flag.ArticleId, articleTitle, flag.Id, flag.ResolvedBy ?? "", flag.Resolution ?? "", flag.ResolvedAt ?? DateTime.UtcNow));
    }

    /// <summary>A proposal saved (after the row has its id): the article's accountable accounts who may decide it are told.</summary>
    public static async Task ProposalWaitingAsync(KnowledgeBaseDbContext db, ProposedRevision proposal, Article article, CancellationToken cancellationToken)
    {
        var facts = ArticleFacts.Of(article);
        var recipients = (await AccountableAsync(db, article.Id, cancellationToken))
            .Where(r => ArticleLifecycle.DecideProposal(new Actor(r.UserName, r.Role), facts).IsAllowed).ToList();
        Add(db, recipients, except: proposal.Author,
            new Draft(NotificationKind.ProposalWaiting, article.Id, article.Title, proposal.Id, proposal.Author, proposal.ChangeNote, proposal.CreatedAt));
    }

    /// <summary>A proposal accepted or rejected: its author is told, with the decider's note or reason.</summary>
    public static async Task ProposalDecidedAsync(KnowledgeBaseDbContext db, ProposedRevision proposal, string articleTitle, CancellationToken cancellationToken)
    {
        var recipients = await ByUserNameAsync(db, proposal.Author, cancellationToken);
        var kind = proposal.Status == ProposalStatus.Accepted ? NotificationKind.ProposalAccepted : NotificationKind.ProposalRejected;
        Add(db, recipients, except: proposal.DecidedBy ?? "",
            new Draft(kind, proposal.ArticleId, articleTitle, proposal.Id, proposal.DecidedBy ?? "", proposal.DecisionNote ?? "", proposal.DecidedAt ?? DateTime.UtcNow));
    }

    private sealed record Recipient(string Id, string UserName, KcsRole Role);

    private sealed record Draft(NotificationKind Kind, string ArticleId, string Title, long? SubjectId, string Actor, string Detail, DateTime At);

    private static void Add(KnowledgeBaseDbContext db, IReadOnlyList<Recipient> recipients, string except, Draft d)
    {
        foreach (var recipient in recipients.Where(r => !string.Equals(r.UserName, except, StringComparison.OrdinalIgnoreCase)).DistinctBy(r => r.Id))
        {
            db.Notifications.Add(new Notification
            {
                UserId = recipient.Id, Kind = d.Kind, ArticleId = d.ArticleId, ArticleTitle = Cut(d.Title, 300), SubjectId = d.SubjectId,
                Actor = Cut(d.Actor, 256), Detail = Cut(d.Detail, Notification.MaxTextLength), CreatedAt = d.At,
            });
        }
    }

    private static async Task<IReadOnlyList<Recipient>> AccountableAsync(KnowledgeBaseDbContext db, string articleId, CancellationToken cancellationToken)
    {
        var owner = await OwnerQueries.AccountableOwnerAsync(db, articleId, cancellationToken) ?? await OwnerDirectory.TriageOwnerAsync(db, cancellationToken);
        return await OwnerDirectory.AccountsOf(db, owner).Select(u => new Recipient(u.Id, u.UserName ?? "", u.Role)).ToListAsync(cancellationToken);
    }

    private static async Task<IReadOnlyList<Recipient>> ByUserNameAsync(KnowledgeBaseDbContext db, string userName, CancellationToken cancellationToken)
    {
        var normalized = userName.Trim().ToUpperInvariant();
        if (normalized.Length == 0) return [];
        return await db.Users.AsNoTracking().Where(u => u.NormalizedUserName == normalized && u.DisabledAt == null && u.Audience == Audience.Internal)
            .Select(u => new Recipient(u.Id, u.UserName ?? "", u.Role)).ToListAsync(cancellationToken);
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];
}
