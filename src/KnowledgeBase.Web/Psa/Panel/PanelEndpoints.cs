using System.Security.Cryptography;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Core.Psa;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data.Articles;
using KnowledgeBase.Data.Psa;
using KnowledgeBase.Data.Tickets;
using KnowledgeBase.Search;
using KnowledgeBase.Search.Sync;
using KnowledgeBase.Web.Hosting;
using KnowledgeBase.Web.Psa.Vendors;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Web.Psa.Panel;

/// <summary>
/// The ticket panel (docs/psa.md "Ticket panel"): a plain server-rendered page for one PSA ticket, framed by the
/// origins the instance lists, and small form posts that each carry the panel's session. No cookie and no Blazor
/// circuit is involved: a third-party frame gets neither in current browsers (cookies are blocked or partitioned, and
/// the interactive connection needs the sign-in cookie), while a form post with a sealed session works everywhere. The
/// session takes the place of the antiforgery token: a page that did not receive it cannot post a form.
/// </summary>
public static partial class PanelEndpoints
{
    public const string SessionField = "s";

    public static void MapPanelEndpoints(this WebApplication app)
    {
        var panel = app.MapGroup("/psa/{slug}/panel/{ticketId}").AllowAnonymous().DisableAntiforgery();
        panel.MapGet("/", OpenAsync);
        panel.MapPost("/resume", ResumeAsync);
        panel.MapPost("/link", LinkAsync);
        panel.MapPost("/unlink", UnlinkAsync);
        panel.MapPost("/search", SearchAsync);
        panel.MapPost("/capture", CaptureAsync);
        panel.MapPost("/open", OpenArticleAsync);
    }

    /// <summary>
    /// Opens the panel: from a link the PSA side signed (member, exp, nonce, sig — each link once), from the code of the
    /// connect window, or not connected yet (the page offers to connect, or resumes with a grant the frame kept).
    /// </summary>
    public static async Task<IResult> OpenAsync(string slug, string ticketId, [FromQuery] string? member, [FromQuery] string? exp, [FromQuery] string? nonce,
        [FromQuery] string? sig, [FromQuery] string? connect, PanelServices services, HttpContext http)
    {
        if (await InstanceAsync(slug, services, http) is not { } instance) return await UnknownAsync(slug, services);
        if (BadTicket(ticketId) is { } bad) return await services.RenderAsync(Offline(instance, ticketId, services) with { Message = bad, IsError = true }, 400);
        var now = services.Clock.GetUtcNow().UtcDateTime;
        if (sig is not null || member is not null)
        {
            var verdict = PanelLink.Check(services.Instances.EmbedSecret(instance), instance.Slug, ticketId, member, exp, nonce, sig, now, out var expiresAt, out var problem);
            if (verdict != PanelLinkVerdict.Valid)
            {
                LogLinkRefused(services.Logger, instance.Slug, ticketId, verdict, problem);
                return await services.RenderAsync(Offline(instance, ticketId, services) with { Message = LinkRefusal(verdict, problem, expiresAt), IsError = true }, 401);
            }
            if (!await services.Nonces.TrySpendAsync(instance.Id, "link:" + nonce, expiresAt!.Value + PanelLink.Skew, cancellationToken: http.RequestAborted))
            {
                LogLinkRefused(services.Logger, instance.Slug, ticketId, PanelLinkVerdict.Valid, "replayed");
                return await services.RenderAsync(Offline(instance, ticketId, services) with
                {
                    Message = "This panel link was already used (each link opens the panel once). Reopen the ticket in your PSA for a fresh one, or connect below.", IsError = true,
                }, 401);
            }
            var (resolved, refusal) = await services.Members.ResolveAsync(instance, member!, http.RequestAborted);
            if (resolved is null) return await services.RenderAsync(Offline(instance, ticketId, services) with { Message = refusal, IsError = true }, 403);
            return await services.RenderAsync(await services.ViewAsync(instance, ticketId, new PanelSession(instance.Slug, ticketId, PanelSource.Member, member!, Stamp(instance)), resolved, http, log: SearchIntent.Prefetch), 200);
        }
        if (connect is not null)
        {
            var code = services.Tokens.OpenConnect(connect);
            if (code is null || code.Slug != instance.Slug || code.TicketId != ticketId
                || !await services.Nonces.TrySpendAsync(instance.Id, "connect:" + code.Nonce, now + PanelTokens.ConnectLifetime, cancellationToken: http.RequestAborted))
            {
                return await services.RenderAsync(Offline(instance, ticketId, services) with
                {
                    Message = "That connection has expired or was already used. Connect again.", IsError = true,
                }, 401);
            }
            var (account, refusal) = await services.Members.AccountAsync(code.UserName, http.RequestAborted);
            if (account is null) return await services.RenderAsync(Offline(instance, ticketId, services) with { Message = $"{code.UserName}: {refusal}", IsError = true }, 403);
            var view = await services.ViewAsync(instance, ticketId, new PanelSession(instance.Slug, ticketId, PanelSource.Account, account.Actor.Name, Stamp(instance)), account, http, log: SearchIntent.Prefetch);
            if (code.Remember)
            {
                var grant = services.Tokens.Seal(new PanelGrant(instance.Slug, account.Actor.Name, Stamp(instance)), TimeSpan.FromHours(services.Options.Value.PanelGrantHours), out var expires);
                view = view with { Grant = grant, GrantExpires = expires };
            }
            return await services.RenderAsync(view with { Message = $"Connected as {account.DisplayName}." }, 200);
        }
        return await services.RenderAsync(Offline(instance, ticketId, services), 200);
    }

    /// <summary>The frame kept a grant ("keep this browser connected"): it opens the panel of this ticket for its account.</summary>
    public static async Task<IResult> ResumeAsync(string slug, string ticketId, [FromForm] string? grant, PanelServices services, HttpContext http)
    {
        if (await InstanceAsync(slug, services, http) is not { } instance) return await UnknownAsync(slug, services);
        if (BadTicket(ticketId) is { } bad) return await services.RenderAsync(Offline(instance, ticketId, services) with { Message = bad, IsError = true }, 400);
        var opened = services.Tokens.OpenGrant(grant);
        if (opened is null || opened.Slug != instance.Slug || opened.SecretStamp != Stamp(instance))
            return await services.RenderAsync(Offline(instance, ticketId, services) with { ForgetGrant = true, Message = "This browser's connection has ended. Connect again." }, 401);
        var (account, refusal) = await services.Members.AccountAsync(opened.UserName, http.RequestAborted);
        if (account is null) return await services.RenderAsync(Offline(instance, ticketId, services) with { ForgetGrant = true, Message = $"{opened.UserName}: {refusal}", IsError = true }, 403);
        return await services.RenderAsync(await services.ViewAsync(instance, ticketId, new PanelSession(instance.Slug, ticketId, PanelSource.Account, account.Actor.Name, Stamp(instance)), account, http, log: SearchIntent.Prefetch), 200);
    }

    /// <summary>"Reference" or "Solved with this": the reuse ledger's link, made by whoever acts in the panel.</summary>
    public static Task<IResult> LinkAsync(string slug, string ticketId, [FromForm] string? articleId, [FromForm] string? type, [FromForm] string? q,
        PanelServices services, HttpContext http) =>
        ActAsync(slug, ticketId, services, http, async (context) =>
        {
            if (!Enum.TryParse<LinkType>(type, ignoreCase: true, out var linkType) || linkType is not (LinkType.Reference or LinkType.Resolved))
                return (await context.Current()) with { Message = "Not linked: choose Reference or Solved with this.", IsError = true };
            if (string.IsNullOrWhiteSpace(articleId) || !ArticleId.IsValid(articleId))
                return (await context.Current()) with { Message = "Not linked: no article was named.", IsError = true };
            try
            {
                await services.EnsureTicketAsync(context.Instance, ticketId, http.RequestAborted);
                var result = await services.Ledger.LinkAsync(context.Member.Actor, new LinkRequest(context.Key, articleId, linkType) { Channel = LinkChannel.Ui }, http.RequestAborted);
                var what = result.Created ? (linkType == LinkType.Resolved ? "Linked as solved with" : "Linked as reference")
                    : result.Upgraded ? "Now linked as solved with" : "Already linked";
                var title = (await services.Reads.ArticlesAsync([articleId], http.RequestAborted)).GetValueOrDefault(articleId)?.Title ?? articleId;
                var note = linkType == LinkType.Resolved && (result.Created || result.Upgraded) && context.Instance.WriteBackEnabled
                    ? $" A note is on its way to the ticket in {context.Instance.System.Display()}." : "";
                return (await services.ViewAsync(context.Instance, ticketId, context.Session, context.Member, http, q)) with { Message = $"{what}: {title}.{note}", FocusArticle = articleId };
            }
            catch (Exception ex) when (ex is ArticleNotFoundException or LedgerValidationException or LedgerNotFoundException or ArticleForbiddenException)
            {
                return (await context.Current()) with { Message = "Not linked: " + ex.Message, IsError = true };
            }
        });

    /// <summary>Removes a wrong link of this ticket (soft: the audit trail keeps it).</summary>
    public static Task<IResult> UnlinkAsync(string slug, string ticketId, [FromForm] long? linkId, PanelServices services, HttpContext http) =>
        ActAsync(slug, ticketId, services, http, async (context) =>
        {
            var links = await services.Ledger.FindTicketAsync(context.Key, http.RequestAborted) is null ? [] : await services.Ledger.LinksOfTicketAsync(context.Key, cancellationToken: http.RequestAborted);
            // The session is this ticket's: a link of another ticket is not this panel's to remove.
            if (linkId is not { } id || links.FirstOrDefault(l => l.Id == id) is not { } link)
                return (await context.Current()) with { Message = "That link is not on this ticket (any more).", IsError = true };
            await services.Ledger.RemoveLinkAsync(context.Member.Actor, id, http.RequestAborted);
            return (await services.ViewAsync(context.Instance, ticketId, context.Session, context.Member, http)) with { Message = $"Removed the link to {link.ArticleId} (kept in the audit trail)." };
        });

    public static Task<IResult> SearchAsync(string slug, string ticketId, [FromForm] string? q, PanelServices services, HttpContext http) =>
        ActAsync(slug, ticketId, services, http, async (context) =>
            await services.ViewAsync(context.Instance, ticketId, context.Session, context.Member, http, q?.Trim(), log: string.IsNullOrWhiteSpace(q) ? null : SearchIntent.Demand));

    /// <summary>KCS capture: the ticket's words become a WIP article, linked as created. Once per form (its key), however often it is sent.</summary>
    public static Task<IResult> CaptureAsync(string slug, string ticketId, [FromForm] string? title, [FromForm] string? key, PanelServices services, HttpContext http) =>
        ActAsync(slug, ticketId, services, http, async (context) =>
        {
            if (string.IsNullOrWhiteSpace(key) || key.Length > 40)
                return (await context.Current()) with { Message = "Not captured: the form is incomplete; reload the panel.", IsError = true };
            if (string.IsNullOrWhiteSpace(title))
                return (await context.Current()) with { Message = "Not captured: give the new article a title (the ticket's main issue and environment).", IsError = true };
            var spendKey = "capture:" + key;
            if (!await services.Nonces.TrySpendAsync(context.Instance.Id, spendKey, services.Clock.GetUtcNow().UtcDateTime.AddDays(1), cancellationToken: http.RequestAborted))
            {
                var earlier = await services.Nonces.ResultAsync(context.Instance.Id, spendKey, http.RequestAborted);
                return (await services.ViewAsync(context.Instance, ticketId, context.Session, context.Member, http)) with
                {
                    Message = earlier is null ? "This form was sent already; the article is being created." : $"Already captured from this form as {earlier}.", FocusArticle = earlier,
                };
            }
            var ticket = await services.EnsureTicketAsync(context.Instance, ticketId, http.RequestAborted);
            var issue = string.IsNullOrWhiteSpace(ticket.Description) ? ticket.Subject : ticket.Description.Trim();
            try
            {
                var article = await services.Articles.CreateAsync(context.Member.Actor, null, new ArticleEdit
                {
                    Title = title.Trim(),
                    Body = $"## Issue\n{issue}\n\n## Environment\n\n\n## Resolution\n\n\n## Cause\n",
                    State = KcsState.Wip,
                    Categories = ticket.CategoryId is { } category ? [category] : [],
                    ChangeNote = $"Captured from {context.Instance.System.Display()} ticket {ticketId} in the ticket panel",
                }, cancellationToken: http.RequestAborted);
                await services.Ledger.LinkAsync(context.Member.Actor, new LinkRequest(context.Key, article.Id, LinkType.Created) { Channel = LinkChannel.Ui }, http.RequestAborted);
                await services.Nonces.SetResultAsync(context.Instance.Id, spendKey, article.Id, http.RequestAborted);
                return (await services.ViewAsync(context.Instance, ticketId, context.Session, context.Member, http)) with
                {
                    Message = $"Captured the WIP article “{article.Title}” and linked it as created. Open it to write the resolution when you have it.", FocusArticle = article.Id,
                };
            }
            catch (ArticleValidationException ex)
            {
                return (await context.Current()) with { Message = "Not captured: " + string.Join(" ", ex.Errors.Values), IsError = true };
            }
            catch (ArticleForbiddenException ex)
            {
                return (await context.Current()) with { Message = "Not captured: " + ex.Message, IsError = true };
            }
        });

    /// <summary>
    /// Opens an article from the panel in a new tab: the open answers the panel's search that showed it (the one rule,
    /// Core's SearchSuccess — a prefetch the technician acted on becomes demand), then the tab goes to the article page,
    /// which decides on its own what its reader may see. A form, not a plain link: the session travels in the form as
    /// with every other panel action, never in an address.
    /// </summary>
    public static Task<IResult> OpenArticleAsync(string slug, string ticketId, [FromForm] string? articleId, [FromForm] string? q, PanelServices services, HttpContext http) =>
        CheckedAsync(slug, ticketId, services, http, async (context) =>
        {
            if (string.IsNullOrWhiteSpace(articleId) || !ArticleId.IsValid(articleId))
                return await services.RenderAsync((await context.Current()) with { Message = "No article was named to open.", IsError = true }, 400);
            await services.Ledger.RecordOpenAsync(context.Member.Actor.Name, string.IsNullOrWhiteSpace(q) ? null : q, articleId, http.RequestAborted, context.Key);
            return Results.Redirect("/articles/" + Uri.EscapeDataString(articleId), permanent: false, preserveMethod: false);
        });

    /// <summary>What a panel action runs with: the instance, the ticket's key, its session (renewed), who acts, and the current view to answer with.</summary>
    public sealed record ActionContext(PsaInstance Instance, TicketKey Key, PanelSession Session, PsaMember Member, Func<Task<PanelView>> Current);

    /// <summary>
    /// Checks the session every form carries — sealed by this site, this instance, this ticket, not older than its
    /// lifetime, opened under the instance's current secret — and who it acts for now (a mapping removed or an account
    /// locked out counts at once), then runs the action and answers with the panel and a renewed session.
    /// </summary>
    private static Task<IResult> ActAsync(string slug, string ticketId, PanelServices services, HttpContext http, Func<ActionContext, Task<PanelView>> action) =>
        CheckedAsync(slug, ticketId, services, http, async context => await services.RenderAsync(await action(context), 200));

    /// <summary>The session check of <see cref="ActAsync"/> for an action that answers with something other than the panel.</summary>
    private static async Task<IResult> CheckedAsync(string slug, string ticketId, PanelServices services, HttpContext http, Func<ActionContext, Task<IResult>> action)
    {
        if (await InstanceAsync(slug, services, http) is not { } instance) return await UnknownAsync(slug, services);
        if (BadTicket(ticketId) is { } bad) return await services.RenderAsync(Offline(instance, ticketId, services) with { Message = bad, IsError = true }, 400);
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : null;
        var session = services.Tokens.OpenSession(form?[SessionField]);
        if (session is null || session.Slug != instance.Slug || session.TicketId != ticketId || session.SecretStamp != Stamp(instance))
        {
            return await services.RenderAsync(Offline(instance, ticketId, services) with
            {
                Message = "This panel has expired (it stays open 30 minutes after the last click) or was not opened here. Connect again, or reopen the ticket in your PSA.",
                IsError = true,
            }, 401);
        }
        var (member, refusal) = session.Source == PanelSource.Account
            ? await services.Members.AccountAsync(session.Who, http.RequestAborted)
            : await services.Members.ResolveAsync(instance, session.Who, http.RequestAborted);
        if (member is null) return await services.RenderAsync(Offline(instance, ticketId, services) with { Message = refusal, IsError = true, ForgetGrant = true }, 403);
        var key = new TicketKey(instance.System.Wire(), instance.TicketInstance, ticketId);
        return await action(new ActionContext(instance, key, session, member, () => services.ViewAsync(instance, ticketId, session, member, http)));
    }

    private static long Stamp(PsaInstance instance) => instance.EmbedSecretSetAt?.Ticks ?? 0;

    private static async Task<PsaInstance?> InstanceAsync(string slug, PanelServices services, HttpContext http)
    {
        var instance = await services.Instances.FindAsync(slug, http.RequestAborted);
        // Framed only by the instance's own origins; the panel's address never leaks into other sites' logs.
        http.AllowFraming(instance?.FrameOriginList ?? []);
        http.Response.Headers.CacheControl = "no-store";
        return instance;
    }

    private static async Task<IResult> UnknownAsync(string slug, PanelServices services) =>
        Results.Content(await services.RenderStatusAsync($"There is no PSA instance '{slug}' in this knowledge base. Check the panel's address in your PSA."), "text/html; charset=utf-8", statusCode: 404);

    private static string? BadTicket(string ticketId) =>
        ticketId.Length is 0 or > Ticket.MaxExternalIdLength || ticketId.Any(char.IsControl) ? $"'{ticketId}' is not a ticket id of this PSA." : null;

    private static PanelView Offline(PsaInstance instance, string ticketId, PanelServices services) => new()
    {
        Instance = instance, TicketId = ticketId, ConnectUrl = $"/psa/{instance.Slug}/connect?ticket={Uri.EscapeDataString(ticketId)}",
    };

    private static string LinkRefusal(PanelLinkVerdict verdict, string? problem, DateTime? expiresAt) => verdict switch
    {
        PanelLinkVerdict.Missing => $"This panel link is incomplete ({problem}). The PSA's link to the knowledge base is not set up as docs/psa.md says; connect below meanwhile.",
        PanelLinkVerdict.Malformed => $"This panel link is not valid: {problem}.",
        PanelLinkVerdict.BadSignature => "This panel link's signature does not match: it was changed, or signed with another secret (was the instance's secret rotated?). Reopen the ticket in your PSA, or connect below.",
        PanelLinkVerdict.Expired => $"This panel link expired at {expiresAt:HH:mm} UTC. Reopen the ticket in your PSA for a fresh one, or connect below.",
        PanelLinkVerdict.TooLong => $"This panel link is valid for longer than {PanelLink.MaxLifetime.TotalMinutes:N0} minutes; the PSA side must sign links that expire sooner.",
        _ => "This panel link is not valid.",
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "PSA {Instance} panel link for ticket {Ticket} refused: {Verdict} {Problem}")]
    private static partial void LogLinkRefused(ILogger logger, string instance, string ticket, PanelLinkVerdict verdict, string? problem);
}
