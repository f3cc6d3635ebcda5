using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Audit;
using KnowledgeBase.Core.Categories;
using KnowledgeBase.Core.Changes;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Core.Markdown;
using KnowledgeBase.Core.Reports;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Articles;

/// <summary>
/// Every change to an article goes through here: the lifecycle rules decide, the Markdown is rendered and sanitized
/// once, an append-only revision and a change-log row are written in the same transaction as the article, and a save
/// over a newer version is refused with <see cref="ArticleConflictException"/>.
/// </summary>
public sealed partial class ArticleStore(IDbContextFactory<KnowledgeBaseDbContext> contextFactory, TimeProvider clock, ChangeSignal? changeSignal = null,
    Core.Attachments.AttachmentLimits? attachmentLimits = null)
{
    public async Task<Article?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await LiveArticleLookup.FindAsync(db, id, cancellationToken);
    }

    /// <summary>
    /// Re-renders the HTML of up to <paramref name="batchSize"/> articles rendered by an older Markdown pipeline
    /// (<see cref="Article.HtmlVersion"/> below <see cref="ArticleRenderer.Version"/>), oldest id first, and returns how
    /// many it looked at (0: none is left). Derived data only: no new version, revision, change-log row or audit entry;
    /// an article saved meanwhile is left to its own save, which renders it anew.
    /// </summary>
    public async Task<int> RefreshStaleHtmlAsync(int batchSize, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stale = await db.Articles.AsNoTracking()
            .Where(a => a.HtmlVersion < ArticleRenderer.Version && a.DeletedAt == null)
            .OrderBy(a => a.Id).Take(batchSize)
            .Select(a => new { a.Id, a.Body, a.Version })
            .ToListAsync(cancellationToken);
        foreach (var article in stale)
        {
            var html = ArticleRenderer.ToSafeHtml(article.Body);
            await db.Articles.Where(a => a.Id == article.Id && a.Version == article.Version)
                .ExecuteUpdateAsync(set => set.SetProperty(a => a.Html, html).SetProperty(a => a.HtmlVersion, ArticleRenderer.Version), cancellationToken);
        }
        return stale.Count;
    }

    public async Task<IReadOnlyList<ArticleRevision>> RevisionsAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.ArticleRevisions.AsNoTracking().Where(r => r.ArticleId == id).OrderBy(r => r.Version).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ProposedRevision>> OpenProposalsAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.ProposedRevisions.AsNoTracking().Where(r => r.ArticleId == id && r.Status == ProposalStatus.Open)
            .OrderBy(r => r.Id).ToListAsync(cancellationToken);
    }

    public async Task<Article> CreateAsync(Actor actor, string? id, ArticleEdit edit, ArticleOrigin? origin = null, CancellationToken cancellationToken = default)
    {
        var errors = edit.Validate();
        if (id is not null && !ArticleId.IsValid(id))
            errors["id"] = $"The id must be 1–{ArticleId.MaxLength} letters, digits, '.', '_' or '-', starting with a letter or digit.";
        if (errors.Count > 0) throw new ArticleValidationException(errors);

        var decision = ArticleLifecycle.DecideCreate(actor, edit.State, edit.Audience);
        if (!decision.IsAllowed) throw new ArticleForbiddenException(decision.Reason);

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var categories = await LoadCategoriesAsync(db, edit.Categories, cancellationToken);
        edit = edit with { Owner = await ResolveOwnerAsync(db, edit.Owner, current: null, cancellationToken) };
        id ??= await NewIdAsync(db, edit.Title, cancellationToken);
        if (await db.Articles.AnyAsync(a => a.Id == id, cancellationToken))
            throw new ArticleValidationException(new Dictionary<string, string> { ["id"] = $"An article with id '{id}' already exists." });

        var now = clock.GetUtcNow().UtcDateTime;
        var article = new Article
        {
            Id = id, Title = edit.Title.Trim(), Body = edit.Body,
            CreatedAt = origin?.Created ?? now, CreatedBy = actor.Name, Version = 1,
            LastReviewedAt = origin?.Reviewed, LastReviewedBy = origin?.Reviewed is null ? null : actor.Name,
            ContentHash = origin?.ContentHash, SourcePath = origin?.SourcePath,
        };
        Apply(article, edit, actor, now, categories, origin?.Rendered);
        if (origin?.Updated is { } updated) article.UpdatedAt = updated;
        db.Articles.Add(article);
        db.ArticleRevisions.Add(RevisionOf(article, actor, edit.ChangeNote.Length > 0 ? edit.ChangeNote : "Created"));
        await Attachments.AttachmentStore.ReferenceAsync(db, article, attachmentLimits ?? Core.Attachments.AttachmentLimits.Default, cancellationToken);
        db.ChangeLog.Add(ChangeOf(article, ChangeType.Created, actor, now));
        Audit(db, actor, AuditActions.ArticleCreated, article.Id, $"{article.State.Display()}, {article.Audience.Display()}: {article.Title}", now);
        await db.SaveChangesAsync(cancellationToken);
        changeSignal?.Notify();
        return article;
    }

    /// <summary>
    /// Applies an edit made from <paramref name="expectedVersion"/>. A Candidate's edit the rules do not let them apply
    /// is stored as a proposed revision and the article is left as it was.
    /// </summary>
    public async Task<SaveOutcome> UpdateAsync(Actor actor, string id, int expectedVersion, ArticleEdit edit, ArticleOrigin? origin = null, CancellationToken cancellationToken = default)
    {
        var errors = edit.Validate();
        if (errors.Count > 0) throw new ArticleValidationException(errors);

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var article = await LoadForChangeAsync(db, id, expectedVersion, cancellationToken);
        var categories = await LoadCategoriesAsync(db, edit.Categories, cancellationToken);
        edit = edit with { Owner = await ResolveOwnerAsync(db, edit.Owner, article.Owner, cancellationToken) };

        var contentChanged = article.Title != edit.Title.Trim() || article.Body != edit.Body
            || !article.CategoryIds.SequenceEqual(categories.Select(c => c.Id))
            || !article.TagNames.SequenceEqual(NormalizeTags(edit.Tags).Order(StringComparer.Ordinal))
            || article.Owner != NullIfBlank(edit.Owner);
        var stateChanged = article.State != edit.State;
        var clientsChanged = edit.Clients is { } wantedClients && !ClientsEqual(article, wantedClients);
        if (!contentChanged && !stateChanged && !clientsChanged && article.Audience == edit.Audience)
            return new SaveOutcome(article, null, "No changes to save.");

        // Who an article is for is part of what it says: a change of clients is decided like a change of content.
        var decision = ArticleLifecycle.DecideChange(actor, ArticleFacts.Of(article), edit.State, edit.Audience, contentChanged || clientsChanged);
        var now = clock.GetUtcNow().UtcDateTime;
        switch (decision.Outcome)
        {
            case LifecycleOutcome.Forbid:
                throw new ArticleForbiddenException(decision.Reason);
            case LifecycleOutcome.Propose when clientsChanged:
                // A proposal carries title, body, categories and tags; the clients it would change would be lost in review.
                throw new ArticleForbiddenException("A proposed revision cannot change the article's clients: ask a Contributor or a Coach to change them.");
            case LifecycleOutcome.Propose:
                var proposedCategories = string.Join(',', categories.Select(c => c.Id));
                var proposedTags = string.Join(',', NormalizeTags(edit.Tags).Order(StringComparer.Ordinal));
                // A proposal carries title, body, categories and tags; one that changes none of them (only the owner,
                // which proposals do not carry) would be an empty review for someone.
                if (article.Title == edit.Title.Trim() && article.Body == edit.Body
                    && proposedCategories == string.Join(',', article.CategoryIds) && proposedTags == string.Join(',', article.TagNames))
                    return new SaveOutcome(article, null, "No changes to save.");
                var rendered = ArticleRenderer.Render(edit.Body);
                var proposal = new ProposedRevision
                {
                    ArticleId = id, BaseVersion = article.Version, Title = edit.Title.Trim(), Body = edit.Body, Html = rendered.Html,
                    Categories = proposedCategories, Tags = proposedTags,
                    Author = actor.Name, AuthorRole = actor.Role, ChangeNote = edit.ChangeNote, CreatedAt = now, Status = ProposalStatus.Open,
                };
                // The proposal needs its id before the notifications that link to it: both in one transaction.
                await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
                {
                    db.ProposedRevisions.Add(proposal);
                    Audit(db, actor, AuditActions.ProposalCreated, id, $"based on version {article.Version}", now);
                    await db.SaveChangesAsync(cancellationToken);
                    await Notifications.NotificationOutbox.ProposalWaitingAsync(db, proposal, article, cancellationToken);
                    await db.SaveChangesAsync(cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                }
                changeSignal?.Notify();
                return new SaveOutcome(article, proposal, decision.Reason);
        }

        var previousState = article.State;
        var previousAudience = article.Audience;
        var previousClients = string.Join(", ", article.ClientNames);
        article.Version++;
        article.ContentHash = origin?.ContentHash ?? article.ContentHash;
        article.SourcePath = origin?.SourcePath ?? article.SourcePath;
        // The file says when the article was first written (added to a file imported before without it, or corrected).
        if (origin?.Created is { } created) article.CreatedAt = created;
        if (origin?.Reviewed is { } reviewed && (article.LastReviewedAt is null || reviewed > article.LastReviewedAt))
        {
            article.LastReviewedAt = reviewed;
            article.LastReviewedBy = actor.Name;
        }
        // A state, audience or metadata change keeps the body: reuse what was rendered and sanitized at its save (unless
        // an older Markdown pipeline rendered it).
        var renderedBody = origin?.Rendered ?? (article.Body == edit.Body && article.HtmlVersion == ArticleRenderer.Version
            ? new RenderedArticle(article.Html, article.Sections, null, "")
            : null);
        Apply(article, edit, actor, now, categories, renderedBody, contentChanged);
        db.ArticleRevisions.Add(RevisionOf(article, actor, edit.ChangeNote.Length > 0 ? edit.ChangeNote : DefaultNote(previousState, article.State)));
        await Attachments.AttachmentStore.ReferenceAsync(db, article, attachmentLimits ?? Core.Attachments.AttachmentLimits.Default, cancellationToken);
        db.ChangeLog.Add(ChangeOf(article, TypeOf(previousState, article.State), actor, now));
        if (contentChanged) Audit(db, actor, AuditActions.ArticleEdited, id, $"version {article.Version}", now);
        if (stateChanged) Audit(db, actor, AuditActions.ArticleStateChanged, id, $"{previousState.Display()} → {article.State.Display()}", now);
        if (previousAudience != article.Audience) Audit(db, actor, AuditActions.ArticleAudienceChanged, id, $"{previousAudience.Display()} → {article.Audience.Display()}", now);
        if (clientsChanged) Audit(db, actor, AuditActions.ArticleClientsChanged, id, $"{ClientsText(previousClients)} → {ClientsText(string.Join(", ", article.ClientNames))}", now);
        await SaveAsync(db, article, expectedVersion, cancellationToken);
        return new SaveOutcome(article, null, "Saved.");
    }

    /// <summary>Soft-deletes an article: it disappears from reads and search, its history stays.</summary>
    public async Task DeleteAsync(Actor actor, string id, int expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var article = await LoadForChangeAsync(db, id, expectedVersion, cancellationToken);
        var decision = ArticleLifecycle.DecideDelete(actor, ArticleFacts.Of(article));
        if (!decision.IsAllowed) throw new ArticleForbiddenException(decision.Reason);
        var now = clock.GetUtcNow().UtcDateTime;
        article.DeletedAt = now;
        article.UpdatedAt = now;
        article.UpdatedBy = actor.Name;
        // The version moves so that a concurrent editor of the deleted article gets a conflict, not a resurrection.
        article.Version++;
        db.ChangeLog.Add(ChangeOf(article, ChangeType.Deleted, actor, now));
        Audit(db, actor, AuditActions.ArticleDeleted, id, article.Title, now);
        // Open proposals of a deleted article can never be applied: close them, so their authors learn why.
        foreach (var open in await db.ProposedRevisions.Where(p => p.ArticleId == id && p.Status == ProposalStatus.Open).ToListAsync(cancellationToken))
            Decide(open, ProposalStatus.Rejected, actor, now, $"The article was deleted by {actor.Name}.");
        await SaveAsync(db, article, expectedVersion, cancellationToken);
    }

    /// <summary>
    /// Applies an open proposal as the article's next version, credited to its author (<see cref="ArticleRevision.ProposedBy"/>)
    /// and accepted by <paramref name="actor"/>. <paramref name="seenVersion"/> is the article version the decider reviewed
    /// the proposal against: if the article moved on since, nothing happens (<see cref="ArticleConflictException"/>), so
    /// nobody accepts a merge they have not seen. A proposal written on an older version is merged onto the current one;
    /// where both changed the same passage, <see cref="ProposalAcceptMode.Merge"/> refuses
    /// (<see cref="ProposalMergeConflictException"/>) and only <see cref="ProposalAcceptMode.Replace"/> applies it as it is.
    /// Of two deciders at the same moment exactly one wins; the other gets <see cref="ProposalDecidedException"/>.
    /// </summary>
    public async Task<ProposalOutcome> AcceptProposalAsync(Actor actor, long proposalId, int seenVersion, ProposalAcceptMode mode = ProposalAcceptMode.Merge,
        string note = "", CancellationToken cancellationToken = default)
    {
        note = note.Trim();
        if (note.Length > ProposedRevision.MaxDecisionNoteLength)
            throw new ArticleValidationException(new Dictionary<string, string> { ["note"] = $"The note must be at most {ProposedRevision.MaxDecisionNoteLength:N0} characters." });
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var proposal = await OpenProposalAsync(db, proposalId, cancellationToken);
        var article = await db.Articles.Include(a => a.Categories).Include(a => a.Tags)
            .FirstOrDefaultAsync(a => a.Id == proposal.ArticleId && a.DeletedAt == null, cancellationToken) ?? throw new ArticleNotFoundException(proposal.ArticleId);
        var decision = ArticleLifecycle.DecideProposal(actor, ArticleFacts.Of(article));
        if (!decision.IsAllowed) throw new ArticleForbiddenException(decision.Reason);
        if (article.Version != seenVersion)
        {
            // The article may have moved on because another decider accepted this very proposal after it was read above.
            var stored = await db.ProposedRevisions.AsNoTracking().FirstAsync(p => p.Id == proposal.Id, cancellationToken);
            if (!stored.IsOpen) throw new ProposalDecidedException(stored);
            throw new ArticleConflictException(article.Id, seenVersion, article.Version);
        }

        var merge = await MergeAsync(db, proposal, article, cancellationToken);
        var content = merge.Result(mode) ?? throw new ProposalMergeConflictException(proposal.Id, proposal.BaseVersion, article.Version, merge.ConflictCount);
        var now = clock.GetUtcNow().UtcDateTime;
        var expected = article.Version;
        article.Version++;
        var edit = new ArticleEdit
        {
            Title = content.Title, Body = content.Body, State = article.State, Audience = article.Audience,
            Categories = content.Categories, Tags = content.Tags, Owner = article.Owner,
        };
        var categories = await LoadCategoriesAsync(db, edit.Categories, cancellationToken);
        // The accepter takes responsibility for the content, so the content counts as theirs (see ArticleLifecycle);
        // the proposal's author is credited on the revision.
        Apply(article, edit, actor, now, categories, rendered: null);
        var how = !merge.CurrentChangedSinceBase ? ""
            : mode == ProposalAcceptMode.Replace && merge.HasConflicts ? $" (applied as written over version {expected}, replacing its changes to the same passages)"
            : $" (merged onto version {expected})";
        var changeNote = $"Proposal #{proposal.Id}" + (proposal.ChangeNote.Length > 0 ? $": {proposal.ChangeNote}" : "") + how;
        db.ArticleRevisions.Add(RevisionOf(article, actor, changeNote.Length > 2000 ? changeNote[..2000] : changeNote, proposal));
        await Attachments.AttachmentStore.ReferenceAsync(db, article, attachmentLimits ?? Core.Attachments.AttachmentLimits.Default, cancellationToken);
        db.ChangeLog.Add(ChangeOf(article, ChangeType.Updated, actor, now));
        Decide(proposal, ProposalStatus.Accepted, actor, now, note);
        proposal.AppliedVersion = article.Version;
        Audit(db, actor, AuditActions.ProposalAccepted, article.Id, $"proposal #{proposal.Id} by {proposal.Author} → version {article.Version}{how}", now);
        await Notifications.NotificationOutbox.ProposalDecidedAsync(db, proposal, article.Title, cancellationToken);
        await SaveDecisionAsync(db, proposal, article, expected, cancellationToken);
        return new ProposalOutcome(proposal, article);
    }

    /// <summary>Closes an open proposal without applying it; the reason is required and shown to its author.</summary>
    public async Task<ProposalOutcome> RejectProposalAsync(Actor actor, long proposalId, string reason, CancellationToken cancellationToken = default)
    {
        reason = reason?.Trim() ?? "";
        if (reason.Length == 0)
            throw new ArticleValidationException(new Dictionary<string, string> { ["reason"] = "Say why the proposal is rejected: its author reads the reason." });
        if (reason.Length > ProposedRevision.MaxDecisionNoteLength)
            throw new ArticleValidationException(new Dictionary<string, string> { ["reason"] = $"The reason must be at most {ProposedRevision.MaxDecisionNoteLength:N0} characters." });
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var proposal = await OpenProposalAsync(db, proposalId, cancellationToken);
        var article = await db.Articles.AsNoTracking().Include(a => a.Categories).Include(a => a.Tags)
            .FirstOrDefaultAsync(a => a.Id == proposal.ArticleId, cancellationToken) ?? throw new ArticleNotFoundException(proposal.ArticleId);
        var decision = ArticleLifecycle.DecideProposal(actor, ArticleFacts.Of(article));
        if (!decision.IsAllowed) throw new ArticleForbiddenException(decision.Reason);
        var now = clock.GetUtcNow().UtcDateTime;
        Decide(proposal, ProposalStatus.Rejected, actor, now, reason);
        Audit(db, actor, AuditActions.ProposalRejected, article.Id, $"proposal #{proposal.Id} by {proposal.Author}: {reason}", now);
        await Notifications.NotificationOutbox.ProposalDecidedAsync(db, proposal, article.Title, cancellationToken);
        await SaveDecisionAsync(db, proposal, null, 0, cancellationToken);
        changeSignal?.Notify();
        return new ProposalOutcome(proposal, article);
    }

    /// <summary>
    /// Takes back an open proposal: only its author may, and only before anyone decided (of a withdrawal and a decision
    /// at the same moment exactly one wins). The article is not changed; the proposal stays in the history as withdrawn.
    /// </summary>
    public async Task<ProposalOutcome> WithdrawProposalAsync(Actor actor, long proposalId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var proposal = await OpenProposalAsync(db, proposalId, cancellationToken);
        if (!ProposalAccess.IsAuthor(actor, proposal))
            throw new ArticleForbiddenException($"Only its author ({proposal.Author}) can withdraw proposal #{proposal.Id}; a reviewer rejects it with a reason instead.");
        var article = await db.Articles.AsNoTracking().FirstOrDefaultAsync(a => a.Id == proposal.ArticleId, cancellationToken)
            ?? throw new ArticleNotFoundException(proposal.ArticleId);
        var now = clock.GetUtcNow().UtcDateTime;
        Decide(proposal, ProposalStatus.Withdrawn, actor, now, "");
        Audit(db, actor, AuditActions.ProposalWithdrawn, article.Id, $"proposal #{proposal.Id} withdrawn by its author", now);
        await SaveDecisionAsync(db, proposal, null, 0, cancellationToken);
        return new ProposalOutcome(proposal, article);
    }

    /// <summary>What accepting would make of the article: the proposal merged with what changed since its base version.</summary>
    internal static async Task<ProposalMerge> MergeAsync(KnowledgeBaseDbContext db, ProposedRevision proposal, Article article, CancellationToken cancellationToken)
    {
        var current = ArticleContent.Of(article);
        var baseRevision = proposal.BaseVersion == article.Version ? null
            : await db.ArticleRevisions.AsNoTracking().FirstOrDefaultAsync(r => r.ArticleId == article.Id && r.Version == proposal.BaseVersion, cancellationToken);
        var @base = baseRevision is null ? current : ArticleContent.Of(baseRevision);
        return ProposalMerge.Of(@base, current, ArticleContent.Of(proposal, @base));
    }

    private static void Decide(ProposedRevision proposal, ProposalStatus status, Actor actor, DateTime now, string note)
    {
        proposal.Status = status;
        proposal.DecidedBy = actor.Name;
        proposal.DecidedAt = now;
        proposal.DecisionNote = note.Length == 0 ? null : note;
    }

    private static async Task<ProposedRevision> OpenProposalAsync(KnowledgeBaseDbContext db, long proposalId, CancellationToken cancellationToken)
    {
        var proposal = await db.ProposedRevisions.FirstOrDefaultAsync(p => p.Id == proposalId, cancellationToken)
            ?? throw new ProposalNotFoundException(proposalId);
        if (!proposal.IsOpen) throw new ProposalDecidedException(proposal);
        return proposal;
    }

    /// <summary>
    /// Saves a decision with two concurrency tokens: the proposal's status (still open) and, for an acceptance, the
    /// article's version. A decider who lost the race learns who decided first; one whose article moved on gets a conflict.
    /// </summary>
    private async Task SaveDecisionAsync(KnowledgeBaseDbContext db, ProposedRevision proposal, Article? article, int expectedVersion, CancellationToken cancellationToken)
    {
        if (article is not null) db.Entry(article).Property(a => a.Version).OriginalValue = expectedVersion;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            if (article is not null) changeSignal?.Notify();
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException || IsUniqueViolation(ex))
        {
            var stored = await db.ProposedRevisions.AsNoTracking().FirstAsync(p => p.Id == proposal.Id, cancellationToken);
            if (!stored.IsOpen) throw new ProposalDecidedException(stored);
            var current = article is null ? 0 : await db.Articles.AsNoTracking().Where(a => a.Id == article.Id).Select(a => a.Version).FirstOrDefaultAsync(cancellationToken);
            throw new ArticleConflictException(proposal.ArticleId, expectedVersion, current);
        }
    }

    private static async Task<Article> LoadForChangeAsync(KnowledgeBaseDbContext db, string id, int expectedVersion, CancellationToken cancellationToken)
    {
        var article = await db.Articles.Include(a => a.Categories).Include(a => a.Tags)
            .FirstOrDefaultAsync(a => a.Id == id && a.DeletedAt == null, cancellationToken) ?? throw new ArticleNotFoundException(id);
        if (article.Version != expectedVersion)
            throw new ArticleConflictException(id, expectedVersion, article.Version);
        return article;
    }

    /// <summary>Saves with the version as concurrency token: a concurrent writer that committed first wins, this one gets a conflict.</summary>
    private async Task SaveAsync(KnowledgeBaseDbContext db, Article article, int expectedVersion, CancellationToken cancellationToken)
    {
        db.Entry(article).Property(a => a.Version).OriginalValue = expectedVersion;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            changeSignal?.Notify();
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException || IsUniqueViolation(ex))
        {
            var current = await db.Articles.AsNoTracking().Where(a => a.Id == article.Id).Select(a => a.Version).FirstOrDefaultAsync(cancellationToken);
            throw new ArticleConflictException(article.Id, expectedVersion, current);
        }
    }

    // The unique (ArticleId, Version) index on revisions catches a concurrent writer of the same version.
    private static bool IsUniqueViolation(DbUpdateException ex) =>
        ex.InnerException?.Message.Contains("UNIQUE constraint failed: ArticleRevisions", StringComparison.Ordinal) == true
        || ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation, ConstraintName: var name } && name?.Contains("ArticleRevisions", StringComparison.Ordinal) == true;

    private void Apply(Article article, ArticleEdit edit, Actor actor, DateTime now, IReadOnlyList<TicketCategory> categories, RenderedArticle? rendered, bool contentChanged = true)
    {
        rendered ??= ArticleRenderer.Render(edit.Body);
        article.Title = edit.Title.Trim();
        article.Body = edit.Body;
        article.Html = rendered.Html;
        article.HtmlVersion = ArticleRenderer.Version;
        article.Issue = rendered.Sections.Issue;
        article.Environment = rendered.Sections.Environment;
        article.Resolution = rendered.Sections.Resolution;
        article.Cause = rendered.Sections.Cause;
        article.State = edit.State;
        article.Audience = edit.Audience;
        article.Owner = NullIfBlank(edit.Owner);
        if (contentChanged) article.LastAuthorRole = actor.Role;
        article.UpdatedAt = now;
        article.UpdatedBy = actor.Name;

        var wantedCategories = categories.Select((c, i) => (c.Id, Position: i)).ToList();
        article.Categories.RemoveAll(c => wantedCategories.All(w => w.Id != c.CategoryId));
        foreach (var (categoryId, position) in wantedCategories)
        {
            var existing = article.Categories.FirstOrDefault(c => c.CategoryId == categoryId);
            if (existing is null) article.Categories.Add(new ArticleCategory { ArticleId = article.Id, CategoryId = categoryId, Position = position });
            else existing.Position = position;
        }
        var wantedTags = NormalizeTags(edit.Tags).ToList();
        article.Tags.RemoveAll(t => !wantedTags.Contains(t.Tag));
        foreach (var tag in wantedTags.Where(t => article.Tags.All(x => x.Tag != t)))
            article.Tags.Add(new ArticleTag { ArticleId = article.Id, Tag = tag });
        if (edit.Clients is { } clients)
        {
            var wantedClients = ClientNames.Distinct(clients);
            var wantedKeys = wantedClients.Select(ClientNames.Key).ToList();
            article.Clients.RemoveAll(c => !wantedKeys.Contains(c.Key));
            foreach (var name in wantedClients)
            {
                var key = ClientNames.Key(name);
                if (article.Clients.FirstOrDefault(c => c.Key == key) is { } existing) existing.Name = name;
                else article.Clients.Add(new ArticleClient { ArticleId = article.Id, Key = key, Name = name });
            }
        }

        var interval = categories.Count > 0 ? categories[0].ReviewIntervalDays : TicketCategory.DefaultReviewIntervalDays;
        article.ReviewDueAt = ReviewSchedule.DueAt(article.LastReviewedAt, article.CreatedAt, interval);
    }

    private static async Task<int> IntervalAsync(KnowledgeBaseDbContext db, string? categoryId, CancellationToken cancellationToken) =>
        categoryId is null
            ? TicketCategory.DefaultReviewIntervalDays
            : await db.Categories.Where(c => c.Id == categoryId).Select(c => (int?)c.ReviewIntervalDays).FirstOrDefaultAsync(cancellationToken) ?? TicketCategory.DefaultReviewIntervalDays;

    private static async Task<IReadOnlyList<TicketCategory>> LoadCategoriesAsync(KnowledgeBaseDbContext db, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var distinct = ids.Select(i => i.Trim()).Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0) return [];
        var found = await db.Categories.AsNoTracking().Where(c => distinct.Contains(c.Id)).ToListAsync(cancellationToken);
        var missing = distinct.Where(i => found.All(f => f.Id != i)).ToList();
        if (missing.Count > 0)
            throw new ArticleValidationException(new Dictionary<string, string> { ["categories"] = $"Unknown category: {string.Join(", ", missing)}." });
        return distinct.Select(i => found.First(f => f.Id == i)).ToList();
    }

    /// <summary>
    /// The explicit owner to store: null for blank, the current one when it is named again as stored, else the account
    /// or team the text names (<see cref="Owners.OwnerDirectory.ResolveAsync(string?, CancellationToken)"/>); an unknown
    /// owner is refused on the owner field.
    /// </summary>
    private static async Task<string?> ResolveOwnerAsync(KnowledgeBaseDbContext db, string? typed, string? current, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(typed)) return null;
        var text = typed.Trim();
        if (current is not null && string.Equals(text, current, StringComparison.Ordinal)) return current;
        var resolved = await Owners.OwnerDirectory.ResolveAsync(db, text, cancellationToken);
        return resolved.Owner?.Ref ?? throw new ArticleValidationException(new Dictionary<string, string> { ["owner"] = resolved.Error! });
    }

    private static async Task<string> NewIdAsync(KnowledgeBaseDbContext db, string title, CancellationToken cancellationToken)
    {
        var stem = ArticleId.Slugify(title);
        if (stem.Length > 48) stem = stem[..48].TrimEnd('-', '.', '_');
        var id = stem;
        for (var n = 2; await db.Articles.AnyAsync(a => a.Id == id, cancellationToken); n++)
            id = $"{stem}-{n}";
        return id;
    }

    private static IEnumerable<string> NormalizeTags(IEnumerable<string> tags) =>
        tags.Select(ArticleTag.Normalize).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal);

    /// <summary>Whether the article is for exactly these clients, spelled as they are shown.</summary>
    private static bool ClientsEqual(Article article, IReadOnlyList<string> clients) =>
        ClientNames.Distinct(clients).Order(StringComparer.Ordinal).SequenceEqual(article.Clients.Select(c => c.Name).Order(StringComparer.Ordinal), StringComparer.Ordinal);

    private static string ClientsText(string names) => names.Length == 0 ? "every client" : names;

    private static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static ArticleRevision RevisionOf(Article article, Actor actor, string note, ProposedRevision? proposal = null) => new()
    {
        ArticleId = article.Id, Version = article.Version, Title = article.Title, Body = article.Body, Html = article.Html,
        State = article.State, Audience = article.Audience, Categories = string.Join(',', article.CategoryIds),
        Tags = string.Join(',', article.TagNames), ClientScope = article.ClientScope, Clients = string.Join('\n', article.ClientNames), Author = actor.Name, AuthorRole = actor.Role, ChangeNote = note,
        CreatedAt = article.UpdatedAt, ProposalId = proposal?.Id, ProposedBy = proposal?.Author,
    };

    private static ChangeLogEntry ChangeOf(Article article, ChangeType type, Actor actor, DateTime now) => new()
    {
        ArticleId = article.Id, Version = article.Version, Type = type, State = article.State, Audience = article.Audience,
        ClientScope = article.ClientScope, OccurredAt = now, Actor = actor.Name,
    };

    private static void Audit(KnowledgeBaseDbContext db, Actor actor, string action, string target, string details, DateTime now) =>
        db.AuditTrail.Add(AuditEntry.Create(now, actor.Name, action, target, details));

    private static ChangeType TypeOf(KcsState before, KcsState after) =>
        before == after ? ChangeType.Updated : after == KcsState.Archived ? ChangeType.Archived : ChangeType.StateChanged;

    private static string DefaultNote(KcsState before, KcsState after) =>
        before == after ? "Edited" : $"{before.Display()} → {after.Display()}";
}
