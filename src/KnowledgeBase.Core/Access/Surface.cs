namespace KnowledgeBase.Core.Access;

/// <summary>
/// What a path of the site or the API serves, as the access policy sees it. Every page, form post, export, feed and
/// API operation is one of these (the web layer attaches it); <see cref="AccessPolicy.Allows"/> decides who reaches it.
/// </summary>
public enum Surface
{
    /// <summary>Anyone, signed in or not: sign-in, first-run setup, health probes, static files, the API reference.</summary>
    Public,

    /// <summary>Any signed-in account: signing out, the refusal and not-found pages, the interactive connection.</summary>
    Account,

    /// <summary>
    /// Any signed-in account holding the path's permission, customer-audience accounts included: search, article pages,
    /// suggestions, feedback. What such a path shows is filtered item by item (<see cref="AccessPolicy.MaySee(Viewer, KnowledgeBase.Core.Articles.KcsState, KnowledgeBase.Core.Articles.Audience)"/>).
    /// </summary>
    CustomerFacing,

    /// <summary>
    /// Internal-audience accounts holding the path's permission, and nobody else whatever their role: tickets, intake,
    /// the editor, reports and exports, the review queue, categories, administration. The default for a path that
    /// declares nothing.
    /// </summary>
    Internal,
}
