using System.Collections.Frozen;
using System.Linq.Expressions;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;

namespace KnowledgeBase.Core.Access;

/// <summary>
/// The one answer to "may this account see or change this?" for every page, form post, export, feed, suggestion, search
/// and API operation (docs/security.md). Two dimensions today: the KCS role (<see cref="KcsPermissions"/>, what the
/// account may do) and the audience (what it may see, and which surfaces it may reach at all). Client scope (issue #18)
/// is a third: it narrows <see cref="MaySee(Viewer, KcsState, Audience)"/> and <see cref="MaySeeTickets"/> once
/// <see cref="Viewer"/> carries it, and every caller is already asking here.
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
    /// Whether an article in this state and audience is visible: internal accounts see every state; everyone else only
    /// Validated Customer articles (docs/kcs.md "Audience"). Deleted articles are visible to no one.
    /// </summary>
    public static bool MaySee(this Viewer viewer, KcsState state, Audience audience) =>
        viewer.IsSignedIn && ReaderMaySee(viewer.Audience, state, audience);

    /// <summary>
    /// The same rule for code that knows only the reader's audience (the search index filters by it): an internal reader
    /// sees every state, any other reader only Validated Customer articles.
    /// </summary>
    public static bool ReaderMaySee(Audience reader, KcsState state, Audience audience) =>
        reader == Audience.Internal || (audience == Audience.Customer && state == KcsState.Validated);

    /// <summary>The same rule as a query filter over articles (EF Core translates it on both databases).</summary>
    public static Expression<Func<Article, bool>> VisibleArticles(this Viewer viewer) =>
        viewer.IsSignedIn ? VisibleArticles(viewer.Audience) : a => false;

    /// <summary>The query filter for code that knows only the reader's audience (an API key's).</summary>
    public static Expression<Func<Article, bool>> VisibleArticles(Audience reader) =>
        reader == Audience.Internal ? a => a.DeletedAt == null
        : a => a.DeletedAt == null && a.Audience == Audience.Customer && a.State == KcsState.Validated;

    /// <summary>
    /// The revision rule as a query filter: a reader other than internal sees only revisions that were themselves
    /// Validated Customer text (attachments are reached through the revisions that link to them).
    /// </summary>
    public static Expression<Func<ArticleRevision, bool>> VisibleRevisions(Audience reader) =>
        reader == Audience.Internal ? r => true : r => r.Audience == Audience.Customer && r.State == KcsState.Validated;

    /// <summary>
    /// Attachments (docs/attachments.md): a file is visible to whoever may see an article and one of its revisions that
    /// links to it (<see cref="VisibleArticles(Audience)"/> and <see cref="VisibleRevisions"/>). Internal accounts also see
    /// files uploaded but not yet saved into an article — the editor's preview shows them before the save; everyone else
    /// never sees a file that no visible revision links to, whatever its address.
    /// </summary>
    public static bool MaySeeUnsavedAttachments(this Viewer viewer) => viewer.IsInternal;

    public static bool MaySee(this Viewer viewer, Article article) =>
        article.DeletedAt is null && viewer.MaySee(article.State, article.Audience);

    /// <summary>
    /// Whether one revision of a visible article may be shown (its text, or a diff that includes it): a customer sees
    /// only the versions that were themselves Validated Customer text, never what the article said while it was internal.
    /// </summary>
    public static bool MaySee(this Viewer viewer, ArticleRevision revision) => viewer.MaySee(revision.State, revision.Audience);

    /// <summary>Tickets, their links, clients and text are the service desk's data: internal accounts only (client scope will open a customer's own).</summary>
    public static bool MaySeeTickets(this Viewer viewer) => viewer.IsInternal;

    /// <summary>
    /// Who worked on what — owners, authors, reviewers, flaggers, change notes, reuse and review dates — is internal
    /// bookkeeping: a customer sees the article, not the people and workflow behind it.
    /// </summary>
    public static bool MaySeeWorkflow(this Viewer viewer) => viewer.IsInternal;
}
