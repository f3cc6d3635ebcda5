namespace KnowledgeBase.Core.Api;

/// <summary>One operation of <c>/api/v1</c>: its name (the OpenAPI operationId), the scope a key needs for it, and whether a customer-audience key is refused.</summary>
/// <param name="Name">The operation id, also the endpoint's name.</param>
/// <param name="Scope">The one <see cref="ApiScopes"/> value a key must hold; without it the answer is 403.</param>
/// <param name="InternalOnly">Internal data or internal writes (articles, tickets, links, reports): a customer-audience key is refused (403) even with the scope.</param>
public sealed record ApiOperation(string Name, string Scope, bool InternalOnly = false)
{
    /// <summary>The operation's surface for <see cref="Access.AccessPolicy"/>, as the site's pages have theirs.</summary>
    public Access.Surface Surface => InternalOnly ? Access.Surface.Internal : Access.Surface.CustomerFacing;
}

/// <remarks>
/// Customer-audience keys reach the customer-facing operations only: search, read, suggestions, the change feed,
/// categories, feedback and their own webhooks (each answer filtered to Validated Customer articles). Tickets, links
/// and the reuse report are the service desk's data of every client, and article writes are internal work: until keys
/// carry a client (issue #18) a customer key gets 403 for them, as a customer-audience user gets for those pages.
/// </remarks>
/// <summary>
/// The scope table of the API (docs: api.md "Conventions"): which scope each operation needs. The endpoints take their
/// authorization from here, the OpenAPI document names the scope from here, and the authorization matrix test derives
/// its expectations from here — one table, not a policy per endpoint written by hand.
/// </summary>
public static class ApiOperations
{
    public static readonly ApiOperation SearchArticles = new("SearchArticles", ApiScopes.Read);
    public static readonly ApiOperation SuggestArticles = new("SuggestArticles", ApiScopes.Read);
    public static readonly ApiOperation GetArticle = new("GetArticle", ApiScopes.Read);
    public static readonly ApiOperation ListArticles = new("ListArticles", ApiScopes.Read);
    public static readonly ApiOperation CreateArticle = new("CreateArticle", ApiScopes.Write, InternalOnly: true);
    public static readonly ApiOperation ReplaceArticle = new("ReplaceArticle", ApiScopes.Write, InternalOnly: true);
    public static readonly ApiOperation PatchArticle = new("PatchArticle", ApiScopes.Write, InternalOnly: true);
    public static readonly ApiOperation DeleteArticle = new("DeleteArticle", ApiScopes.Write, InternalOnly: true);
    public static readonly ApiOperation GiveFeedback = new("GiveFeedback", ApiScopes.FeedbackWrite);
    public static readonly ApiOperation GetChanges = new("GetChanges", ApiScopes.Read);
    public static readonly ApiOperation GetCategories = new("GetCategories", ApiScopes.Read);
    public static readonly ApiOperation UpsertTicket = new("UpsertTicket", ApiScopes.LinksWrite, InternalOnly: true);
    public static readonly ApiOperation CreateTicketLink = new("CreateTicketLink", ApiScopes.LinksWrite, InternalOnly: true);
    public static readonly ApiOperation ListTicketLinks = new("ListTicketLinks", ApiScopes.Read, InternalOnly: true);
    public static readonly ApiOperation GetTicketLink = new("GetTicketLink", ApiScopes.Read, InternalOnly: true);
    public static readonly ApiOperation DeleteTicketLink = new("DeleteTicketLink", ApiScopes.LinksWrite, InternalOnly: true);
    public static readonly ApiOperation GetReuseReport = new("GetReuseReport", ApiScopes.ReportsRead, InternalOnly: true);
    public static readonly ApiOperation CreateWebhook = new("CreateWebhook", ApiScopes.WebhooksManage);
    public static readonly ApiOperation ListWebhooks = new("ListWebhooks", ApiScopes.WebhooksManage);
    public static readonly ApiOperation GetWebhook = new("GetWebhook", ApiScopes.WebhooksManage);
    public static readonly ApiOperation DeleteWebhook = new("DeleteWebhook", ApiScopes.WebhooksManage);
    public static readonly ApiOperation TestWebhook = new("TestWebhook", ApiScopes.WebhooksManage);
    public static readonly ApiOperation ListWebhookDeliveries = new("ListWebhookDeliveries", ApiScopes.WebhooksManage);
    // Proposed revisions are unreviewed internal work: reading them needs kb.read, deciding kb.write (the lifecycle then
    // decides for the key's role), and a customer-audience key gets none of them.
    public static readonly ApiOperation ListProposals = new("ListProposals", ApiScopes.Read, InternalOnly: true);
    public static readonly ApiOperation ListArticleProposals = new("ListArticleProposals", ApiScopes.Read, InternalOnly: true);
    public static readonly ApiOperation GetProposal = new("GetProposal", ApiScopes.Read, InternalOnly: true);
    public static readonly ApiOperation AcceptProposal = new("AcceptProposal", ApiScopes.Write, InternalOnly: true);
    public static readonly ApiOperation RejectProposal = new("RejectProposal", ApiScopes.Write, InternalOnly: true);
    public static readonly ApiOperation WithdrawProposal = new("WithdrawProposal", ApiScopes.Write, InternalOnly: true);
    // Attachments: uploading is article writing (internal keys); reading follows the article's audience, file by file.
    public static readonly ApiOperation UploadAttachment = new("UploadAttachment", ApiScopes.Write, InternalOnly: true);
    public static readonly ApiOperation GetAttachment = new("GetAttachment", ApiScopes.Read);
    public static readonly ApiOperation ListArticleAttachments = new("ListArticleAttachments", ApiScopes.Read);

    public static readonly IReadOnlyList<ApiOperation> All =
    [
        SearchArticles, SuggestArticles, GetArticle, ListArticles, CreateArticle, ReplaceArticle, PatchArticle, DeleteArticle, GiveFeedback,
        GetChanges, GetCategories, UpsertTicket, CreateTicketLink, ListTicketLinks, GetTicketLink, DeleteTicketLink, GetReuseReport,
        CreateWebhook, ListWebhooks, GetWebhook, DeleteWebhook, TestWebhook, ListWebhookDeliveries,
        ListProposals, ListArticleProposals, GetProposal, AcceptProposal, RejectProposal, WithdrawProposal,
        UploadAttachment, GetAttachment, ListArticleAttachments,
    ];
}
