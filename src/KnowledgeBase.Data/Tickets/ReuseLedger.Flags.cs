using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Audit;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Core.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace KnowledgeBase.Data.Tickets;

public sealed partial class ReuseLedger
{
    /// <summary>"Flag it": anyone who may read the article may flag it; the flag enters the owner's review queue.</summary>
    public async Task<ArticleFlag> FlagAsync(Actor actor, string articleId, FlagReason reason, string? comment, Core.Access.Reader? reader = null, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string>();
        if (!Enum.IsDefined(reason)) errors["reason"] = "The reason must be outdated, incorrect, incomplete, duplicate or other.";
        if (comment is { Length: > ArticleFlag.MaxCommentLength }) errors["comment"] = $"The comment must be at most {ArticleFlag.MaxCommentLength:N0} characters.";
        if (reason == FlagReason.Other && string.IsNullOrWhiteSpace(comment)) errors["comment"] = "Say what is wrong when the reason is other.";
        if (string.IsNullOrWhiteSpace(actor.Name)) errors["raisedBy"] = "Who flags is required.";
        else if (actor.Name.Length > MaxPersonLength) errors["by"] = $"Who flags must be at most {MaxPersonLength} characters (with the key's name).";
        if (errors.Count > 0) throw new LedgerValidationException(errors);
        if (!actor.Role.Has(KcsPermission.ReadAndLink)) throw new ArticleForbiddenException("This role may not flag articles.");

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var article = await VisibleArticleAsync(db, articleId, reader ?? Core.Access.Reader.Internal, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var flag = new ArticleFlag { ArticleId = article.Id, Reason = reason, Comment = comment?.Trim() ?? "", RaisedBy = actor.Name, RaisedAt = now };
        db.ArticleFlags.Add(flag);
        db.AuditTrail.Add(Audit(actor, AuditActions.ArticleFlagged, article.Id, $"{reason.ToString().ToLowerInvariant()}: {flag.Comment}", now));
        await Notifications.NotificationOutbox.FlagRaisedAsync(db, flag, article.Title, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        _changeSignal?.Notify();
        _logger.LogInformation("Article {ArticleId} flagged {Reason} by {Actor}", article.Id, reason, actor.Name);
        return flag;
    }

    /// <summary>Resolves an open flag: a Knowledge Domain Expert, an Admin, or the article's owner (explicit, else primary category's).</summary>
    public async Task<ArticleFlag> ResolveFlagAsync(Actor actor, long flagId, string? resolution, CancellationToken cancellationToken = default)
    {
        if (resolution is { Length: > ArticleFlag.MaxCommentLength })
            throw new LedgerValidationException("resolution", $"The resolution must be at most {ArticleFlag.MaxCommentLength:N0} characters.");
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var flag = await db.ArticleFlags.FirstOrDefaultAsync(f => f.Id == flagId, cancellationToken)
            ?? throw new LedgerNotFoundException("Flag", flagId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!flag.IsOpen) throw new LedgerValidationException("flagId", $"Flag #{flagId} was already resolved by {flag.ResolvedBy}.");
        if (!actor.Role.Has(KcsPermission.ManageDomain))
        {
            var owner = await Owners.OwnerQueries.AccountableOwnerAsync(db, flag.ArticleId, cancellationToken);
            var mine = await Owners.OwnerQueries.RefsOfUserAsync(db, actor.Name, cancellationToken);
            if (owner is null || !mine.Contains(owner, StringComparer.OrdinalIgnoreCase))
                throw new ArticleForbiddenException("Flags are resolved by the article's owner (or a member of the owning team), a Knowledge Domain Expert or an Admin.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        flag.ResolvedAt = now;
        flag.ResolvedBy = actor.Name;
        flag.Resolution = resolution?.Trim() ?? "";
        db.AuditTrail.Add(Audit(actor, AuditActions.FlagResolved, flag.ArticleId, $"flag #{flag.Id} ({flag.Reason.ToString().ToLowerInvariant()} by {flag.RaisedBy}): {flag.Resolution}", now));
        var title = await db.Articles.AsNoTracking().Where(a => a.Id == flag.ArticleId).Select(a => a.Title).FirstOrDefaultAsync(cancellationToken) ?? flag.ArticleId;
        await Notifications.NotificationOutbox.FlagResolvedAsync(db, flag, title, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        _changeSignal?.Notify();
        _logger.LogInformation("Flag {FlagId} on article {ArticleId} resolved by {Actor}", flag.Id, flag.ArticleId, actor.Name);
        return flag;
    }

    public async Task<IReadOnlyList<ArticleFlag>> FlagsAsync(string articleId, bool includeResolved = false, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.ArticleFlags.AsNoTracking().Where(f => f.ArticleId == articleId && (includeResolved || f.ResolvedAt == null))
            .OrderBy(f => f.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Helpful / not helpful. Not audited: it is a vote, not a change.</summary>
    public async Task<ArticleFeedback> RecordFeedbackAsync(Actor actor, string articleId, bool helpful, string? comment = null, Core.Access.Reader? reader = null, CancellationToken cancellationToken = default)
    {
        if (comment is { Length: > ArticleFlag.MaxCommentLength })
            throw new LedgerValidationException("comment", $"The comment must be at most {ArticleFlag.MaxCommentLength:N0} characters.");
        // PostgreSQL refuses a longer value (the column holds 256); SQLite would store it: refuse it on both.
        if (actor.Name.Length > MaxPersonLength)
            throw new LedgerValidationException("by", $"Who gives feedback must be at most {MaxPersonLength} characters (with the key's name).");
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var article = await VisibleArticleAsync(db, articleId, reader ?? Core.Access.Reader.Internal, cancellationToken);
        var feedback = new ArticleFeedback { ArticleId = article.Id, Helpful = helpful, Comment = comment?.Trim() ?? "", GivenBy = actor.Name, GivenAt = clock.GetUtcNow().UtcDateTime };
        db.ArticleFeedback.Add(feedback);
        await db.SaveChangesAsync(cancellationToken);
        return feedback;
    }

    /// <summary>The longest name of a person (or "person (key:NAME)") the ledger stores.</summary>
    public const int MaxPersonLength = 256;
}
