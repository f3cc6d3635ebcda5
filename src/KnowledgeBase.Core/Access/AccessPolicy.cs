using System.Collections.Frozen;
using System.Linq.Expressions;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;

namespace KnowledgeBase.Core.Access;

/// <summary>
/// The one answer to "may this account see or change this?" for every page, form post, export, feed, suggestion, search
/// and API operation (docs/security.md). Three dimensions: the KCS role (<see cref="KcsPermissions"/>, what the
/// account may do), the audience (what it may see, and which surfaces it may reach at all) and, for customer accounts,
/// the client they are bound to (issue #18.5: an article for named clients is seen by those clients' customers only).
/// </summary>
/// <remarks>
/// What a customer-audience account may ever do (ours): read and search the Validated Customer articles, flag or rate
/// them, and manage its own session — nothing else, whatever its role. Tickets, intake, the editor, reports, exports,
/// the review queue, categories and administration are the service desk's own tools and data (docs/kcs.md reserves them
/// for internal users); a customer-audience Publisher or Admin holds no more than a customer-audience Candidate.
/// </remarks>
public static class AccessPolicy
{
    /// <summary>The rows of the permission table a customer-audience account keeps, whatever its role: read (and flag) what it may see.</summary>
    public static readonly FrozenSet<KcsPermission> CustomerPermissions = new[] { KcsPermission.ReadAndLink }.ToFrozenSet();

    /// <summary>Whether the viewer holds <paramref name="permission"/>: its role's row, cut to <see cref="CustomerPermissions"/> for a customer-audience account.</summary>
    public static bool Can(this Viewer viewer, KcsPermission permission) =>
        viewer.Role is { } role && role.Has(permission) && (viewer.IsInternal || CustomerPermissions.Contains(permission));

    /// <summary>Whether the viewer may reach a path of <paramref name="surface"/> that requires <paramref name="permission"/>.</summary>
    public static bool Allows(this Viewer viewer, Surface surface, KcsPermission permission = KcsPermission.ReadAndLink) => surface switch
    {
        Surface.Public => true,
        Surface.Account => viewer.IsSignedIn,
        Surface.CustomerFacing => viewer.Can(permission),
        Surface.Internal => viewer.IsInternal && viewer.Can(permission),
        _ => false,
    };

    /// <summary>
    /// Whether an article in this state and audience, for these clients (their keys; none: every client), is visible:
    /// internal accounts see every state of every client; everyone else only Validated Customer articles that are for
    /// every client or for the account's own client (docs/kcs.md "Audience" and "Clients"). Deleted articles are
    /// visible to no one.
    /// </summary>
    public static bool MaySee(this Viewer viewer, KcsState state, Audience audience, IEnumerable<string> clientKeys) =>
        viewer.IsSignedIn && ReaderMaySee(viewer.Reader, state, audience, clientKeys);

    /// <summary>
    /// The rule itself, for code that knows the reader but not the account (the API, the search index, feeds): an
    /// internal reader sees every state of every client, any other reader only Validated Customer articles of every
    /// client or of its own. <see cref="VisibleArticles(Reader)"/> is the same rule as a query.
    /// </summary>
    public static bool ReaderMaySee(Reader reader, KcsState state, Audience audience, IEnumerable<string> clientKeys) =>
        reader.IsInternal || (audience == Audience.Customer && state == KcsState.Validated && InClientScope(reader, clientKeys));

    /// <summary>
    /// The client half of the rule: an article for every client (no keys) is in every reader's scope, an article for
    /// named clients only in the scope of a reader bound to one of them (an internal reader's scope is everything).
    /// </summary>
    public static bool InClientScope(Reader reader, IEnumerable<string> clientKeys)
    {
        if (reader.IsInternal) return true;
        var forSomeClient = false;
        foreach (var key in clientKeys)
        {
            if (reader.Client is not null && string.Equals(key, reader.Client, StringComparison.Ordinal)) return true;
            forSomeClient = true;
        }
        return !forSomeClient;
    }

    /// <summary>The same rule as a query filter over articles (EF Core translates it on both databases).</summary>
    public static Expression<Func<Article, bool>> VisibleArticles(this Viewer viewer) =>
        viewer.IsSignedIn ? VisibleArticles(viewer.Reader) : a => false;

    /// <summary>The query filter for code that knows the reader but not the account (an API key's, a subscription's).</summary>
    public static Expression<Func<Article, bool>> VisibleArticles(Reader reader)
    {
        if (reader.IsInternal) return a => a.DeletedAt == null;
        if (reader.Client is not { } client)
            return a => a.DeletedAt == null && a.Audience == Audience.Customer && a.State == KcsState.Validated && !a.Clients.Any();
        return a => a.DeletedAt == null && a.Audience == Audience.Customer && a.State == KcsState.Validated
                    && (!a.Clients.Any() || a.Clients.Any(c => c.Key == client));
    }

    /// <summary>
    /// The articles whose ticket links a reader may list (API ticket-links): every one for an internal reader; for a
    /// customer, Customer articles in its client scope, whatever their state (a link is part of the ticket's history).
    /// </summary>
    public static Expression<Func<Article, bool>> LinkableArticles(Reader reader)
    {
        if (reader.IsInternal) return a => true;
        if (reader.Client is not { } client) return a => a.Audience == Audience.Customer && !a.Clients.Any();
        return a => a.Audience == Audience.Customer && (!a.Clients.Any() || a.Clients.Any(c => c.Key == client));
    }

    /// <summary>
    /// The revision rule as a query filter: a reader other than internal sees only revisions that were themselves
    /// Validated Customer text for every client or for its own (a version written while the article was one client's
    /// stays that client's after the article is opened to everyone). Attachments are reached through the revisions
    /// that link to them.
    /// </summary>
    public static Expression<Func<ArticleRevision, bool>> VisibleRevisions(Reader reader)
    {
        if (reader.IsInternal) return r => true;
        if (reader.Client is not { } client)
            return r => r.Audience == Audience.Customer && r.State == KcsState.Validated && r.ClientScope == "";
        var marker = ClientNames.ScopeMarker(client);
        return r => r.Audience == Audience.Customer && r.State == KcsState.Validated && (r.ClientScope == "" || r.ClientScope.Contains(marker));
    }

    /// <summary>
    /// The change feed's rule (API changes, webhooks), decided in memory from the row: a reader other than internal
    /// hears of changes that left a Customer article in its client scope at that moment, and never of owner changes
    /// (internal bookkeeping); see <see cref="HearingOf"/> for the change that takes an article out of its sight.
    /// </summary>
    public static bool ReaderMayHear(Reader reader, ChangeLogEntry entry) =>
        reader.IsInternal || (entry.Audience == Audience.Customer && entry.Type != ChangeType.OwnerChanged
                              && InClientScope(reader, ClientNames.KeysOf(entry.ClientScope)));

    /// <summary>
    /// What a reader hears of a change, knowing the article's change before it (<paramref name="previous"/>: owner and
    /// reuse-count changes aside; null for its first). The change itself when <see cref="ReaderMayHear"/> says so; else,
    /// when the reader heard of the article until this change — it became Internal, or its clients no longer include
    /// the reader's — a withdrawal, once, so a copy kept outside (a customer portal, a PSA's cache) can be dropped;
    /// otherwise nothing. An internal reader hears every change.
    /// </summary>
    public static ChangeHeard HearingOf(Reader reader, ChangeLogEntry entry, ChangeLogEntry? previous)
    {
        if (ReaderMayHear(reader, entry)) return ChangeHeard.Change;
        if (entry.Type is ChangeType.OwnerChanged or ChangeType.ReuseChanged || previous is null) return ChangeHeard.Nothing;
        return ReaderMayHear(reader, previous) ? ChangeHeard.Withdrawal : ChangeHeard.Nothing;
    }

    /// <summary>
    /// Attachments (docs/attachments.md): a file is visible to whoever may see an article and one of its revisions that
    /// links to it (<see cref="VisibleArticles(Audience)"/> and <see cref="VisibleRevisions"/>). Internal accounts also see
    /// files uploaded but not yet saved into an article — the editor's preview shows them before the save; everyone else
    /// never sees a file that no visible revision links to, whatever its address.
    /// </summary>
    public static bool MaySeeUnsavedAttachments(this Viewer viewer) => viewer.IsInternal;

    /// <summary>Whether the viewer may see the article (its <see cref="Article.Clients"/> must be loaded: the data layer always includes them).</summary>
    public static bool MaySee(this Viewer viewer, Article article) =>
        article.DeletedAt is null && viewer.MaySee(article.State, article.Audience, article.ClientKeys);

    /// <summary>
    /// Whether one revision of a visible article may be shown (its text, or a diff that includes it): a customer sees
    /// only the versions that were themselves Validated Customer text, never what the article said while it was internal.
    /// </summary>
    public static bool MaySee(this Viewer viewer, ArticleRevision revision) =>
        viewer.MaySee(revision.State, revision.Audience, ClientNames.KeysOf(revision.ClientScope));

    /// <summary>Tickets, their links, clients and text are the service desk's data: internal accounts only (client scope will open a customer's own).</summary>
    public static bool MaySeeTickets(this Viewer viewer) => viewer.IsInternal;

    /// <summary>
    /// Who worked on what — owners, authors, reviewers, flaggers, change notes, reuse and review dates — is internal
    /// bookkeeping: a customer sees the article, not the people and workflow behind it.
    /// </summary>
    public static bool MaySeeWorkflow(this Viewer viewer) => viewer.IsInternal;
}

/// <summary>What a reader hears of one change (<see cref="AccessPolicy.HearingOf"/>).</summary>
public enum ChangeHeard
{
    Nothing,
    /// <summary>The change as it is.</summary>
    Change,
    /// <summary>The article left the reader's sight with this change (the feed's <c>withdrawn</c>, webhook <c>article.withdrawn</c>).</summary>
    Withdrawal,
}
