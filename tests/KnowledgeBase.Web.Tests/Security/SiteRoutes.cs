using KnowledgeBase.Core.Access;
using KnowledgeBase.Core.Lifecycle;

namespace KnowledgeBase.Web.Tests.Security;

/// <summary>
/// One row per routable path of the site (pattern and method as the app maps them): the surface and permission it is
/// meant to have — the specification the matrix holds the running app to — and how to call it with real data. A route
/// the app maps without a row here fails <see cref="AuthorizationMatrixTests.Every_route_the_app_maps_has_a_row_and_every_row_a_route"/>.
/// </summary>
/// <param name="Samples">Concrete addresses to call (a GET row's query strings include the ones that once leaked).</param>
/// <param name="Form">For a form post: the fields sent (they name real internal data, so a leak would show).</param>
/// <param name="EndsSession">Signing out: each allowed cell uses a fresh session.</param>
/// <param name="Reads">Query values the route parses by hand (its endpoint's metadata cannot name them): the bad-input tests try each.</param>
public sealed record SiteRoute(string Method, string Pattern, Surface Surface, KcsPermission Permission, Func<MatrixSeed, string[]> Samples)
{
    public Func<MatrixSeed, Dictionary<string, string>>? Form { get; init; }
    public bool EndsSession { get; init; }
    public string[] Reads { get; init; } = [];

    public string Key => $"{Method} {Pattern}";

    public override string ToString() => Key;
}

/// <summary>The data the rows point at: an internal article, a customer article whose first version was internal, a client's ticket…</summary>
/// <param name="InternalFile">A file an internal article links to.</param>
/// <param name="OldInternalFile">A file only the internal first version of the customer article linked to.</param>
/// <param name="CustomerFile">The image the customer article's published version shows.</param>
public sealed record MatrixSeed(string InternalArticle, string CustomerArticle, string WipArticle, Core.Tickets.TicketKey Ticket, long LinkId, long FlagId, string Category, string Owner,
    string InternalFile, string OldInternalFile, string CustomerFile);

public static class SiteRoutes
{
    private const KcsPermission Read = KcsPermission.ReadAndLink;

    private static SiteRoute Get(string pattern, Surface surface, KcsPermission permission, Func<MatrixSeed, string[]> samples) => new("GET", pattern, surface, permission, samples);

    private static SiteRoute Get(string pattern, Surface surface, KcsPermission permission = Read) => Get(pattern, surface, permission, _ => [pattern]);

    private static SiteRoute Post(string pattern, Surface surface, KcsPermission permission, Func<MatrixSeed, Dictionary<string, string>> form, Func<MatrixSeed, string>? path = null) =>
        new("POST", pattern, surface, permission, s => [path?.Invoke(s) ?? pattern]) { Form = form };

    private static string Ticket(MatrixSeed s) => $"/tickets/{s.Ticket.System}/{s.Ticket.Instance}/{s.Ticket.ExternalId}";

    /// <summary>Report pages and exports read period and filters from the query; a customer must get none of them.</summary>
    private static string[] WithFilters(string path, MatrixSeed s) => [path, $"{path}?client=Fabrikam&from=2020-01-01", $"{path}?owner={s.Owner}"];

    /// <summary>What every report page and export parses (ReportQuery), and what the drill-downs add.</summary>
    private static readonly string[] ReportReads = ["from", "to", "by", "owner", "category", "client", "technician"];
    private static readonly string[] DrillDownReads = [.. ReportReads, "offset", "measure", "of", "resolved", "article", "query", "rule"];

    private static SiteRoute Report(string path) => Get(path, Surface.Internal, Read, s => WithFilters(path, s)) with { Reads = path.EndsWith(".csv", StringComparison.Ordinal) || path is "/reports/links" or "/reports/searches" or "/reports/articles" or "/reports/tickets" ? DrillDownReads : ReportReads };

    public static readonly IReadOnlyList<SiteRoute> All =
    [
        // Public: anyone.
        Get("/account/login", Surface.Public),
        Post("/account/login", Surface.Public, Read, _ => new() { ["_handler"] = "login", ["Input.Email"] = "nobody@test.local", ["Input.Password"] = "Wrong-Password-1" }),
        Get("/setup", Surface.Public),
        // With users present the page refuses to create another administrator.
        Post("/setup", Surface.Public, Read, _ => new() { ["_handler"] = "setup", ["Input.Email"] = "late@test.local", ["Input.Password"] = "Correct-Horse-42", ["Input.Confirm"] = "Correct-Horse-42" }),
        // Without e-mail (the matrix site has no relay) the page sends people to an Admin; the form changes nothing.
        Get("/account/forgot-password", Surface.Public),
        Post("/account/forgot-password", Surface.Public, Read, _ => new() { ["_handler"] = "forgot-password", ["Input.Email"] = "nobody@test.local" }),
        // A reset link: without a working token the page says the link is dead (400); nothing changes.
        Get("/account/reset-password", Surface.Public, Read, _ => ["/account/reset-password", "/account/reset-password?user=nobody&token=abc"]),
        Post("/account/reset-password", Surface.Public, Read, _ => new() { ["_handler"] = "reset-password", ["Input.User"] = "nobody", ["Input.Token"] = "abc", ["Input.New"] = "Correct-Horse-42", ["Input.Confirm"] = "Correct-Horse-42" }),
        Get("/not-found", Surface.Public),
        Get("/Error", Surface.Public),
        Get("/health", Surface.Public),
        Get("/health/live", Surface.Public),
        Get("/health/ready", Surface.Public),
        Get("/openapi/{documentName}.json", Surface.Public, Read, _ => ["/openapi/v1.json"]),
        Get("/api", Surface.Public),
        Get("/api-reference/", Surface.Public),
        Get("/account/external-callback", Surface.Public),
        Post("/account/external-login", Surface.Public, Read, _ => new() { ["returnUrl"] = "/" }),
        Get("/_framework/opaque-redirect", Surface.Public),

        // Any signed-in account.
        Get("/account/denied", Surface.Account),
        Post("/account/logout", Surface.Account, Read, _ => []) with { EndsSession = true },
        Post("/account/signout-everywhere", Surface.Account, Read, _ => []) with { EndsSession = true },
        // One's own password: a wrong current password changes nothing.
        Get("/account/password", Surface.Account),
        Post("/account/password", Surface.Account, Read, _ => new() { ["_handler"] = "change-password", ["Input.Current"] = "Wrong-Password-1", ["Input.New"] = "Correct-Horse-43", ["Input.Confirm"] = "Correct-Horse-43" }),
        Get("/_blazor/initializers/", Surface.Account),
        new("POST", "/_blazor/negotiate", Surface.Account, Read, _ => ["/_blazor/negotiate?negotiateVersion=1"]) { Form = _ => [] },
        new("POST", "/_blazor/disconnect/", Surface.Account, Read, _ => ["/_blazor/disconnect/"]) { Form = _ => [] },
        // The hub itself takes a WebSocket or long-polling connection id from negotiate; a plain GET is enough to see who is let in.
        Get("/_blazor", Surface.Account),

        // Customer-facing: search and articles (what they show is filtered per item).
        Get("/", Surface.CustomerFacing, Read, s =>
        [
            "/", "/?q=printer", "/?q=quokkasecret", "/?q=quokkasecrat", "/?q=wallabyhidden", "/?q=numbatprivate",
            "/?tag=internaltagdingo", $"/?owner={s.Owner}", "/?state=NotValidated&state=Wip&state=Archived", $"/?category={s.Category}",
        ]),
        Get("/articles/{Id}", Surface.CustomerFacing, Read, s =>
        [
            $"/articles/{s.InternalArticle}", $"/articles/{s.WipArticle}", $"/articles/{s.CustomerArticle}",
            $"/articles/{s.CustomerArticle}?from=1&to=2", $"/articles/{s.CustomerArticle}?from=1", $"/articles/{s.CustomerArticle}?to=1",
        ]),
        // Files: anyone who may read articles reaches the address; the file itself only through a revision they may see
        // (a customer gets the same 404 for an internal article's file, or an earlier internal version's, as for a missing one).
        Get("/attachments/{sha256}/{name?}", Surface.CustomerFacing, Read, s =>
        [
            $"/attachments/{s.InternalFile}/relay.txt", $"/attachments/{s.InternalFile}", $"/attachments/{s.OldInternalFile}/registry.txt",
            $"/attachments/{s.CustomerFile}/blank-page.png",
        ]),
        Post("/articles/{id}/flag", Surface.CustomerFacing, Read, _ => new() { ["reason"] = "Outdated", ["comment"] = "matrix" }, s => $"/articles/{s.CustomerArticle}/flag"),

        // Internal: the service desk's tools and data.
        Get("/articles/new", Surface.Internal, KcsPermission.CreateDraft, _ => ["/articles/new", "/articles/new?issue=printer"]),
        // The editor's uploads (the form's fields arrive as the file's bytes: a small text file, never saved into an article).
        Post("/attachments", Surface.Internal, KcsPermission.CreateDraft, _ => new() { ["note"] = "matrix" }),
        Get("/articles/{Id}/edit", Surface.Internal, KcsPermission.CreateDraft, s => [$"/articles/{s.InternalArticle}/edit", $"/articles/{s.CustomerArticle}/edit"]),
        Get("/intake", Surface.Internal, Read, s =>
            ["/intake", "/intake?subject=quokkasecret", $"/intake?system={s.Ticket.System}&instance={s.Ticket.Instance}&ticket={s.Ticket.ExternalId}"]),
        Get("/tickets/{System}/{Instance}/{TicketId}", Surface.Internal, Read, s => [Ticket(s)]),
        Post("/tickets/pin", Surface.Internal, Read, s => new() { ["system"] = s.Ticket.System, ["instance"] = s.Ticket.Instance, ["id"] = s.Ticket.ExternalId, ["returnUrl"] = "/" }),
        Post("/tickets/unpin", Surface.Internal, Read, _ => new() { ["returnUrl"] = "/" }),
        Post("/tickets/link", Surface.Internal, Read, s => new() { ["articleId"] = s.InternalArticle, ["type"] = "Reference", ["returnUrl"] = "/" }),
        Post("/tickets/unlink", Surface.Internal, Read, s => new()
        {
            ["linkId"] = s.LinkId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["system"] = s.Ticket.System, ["instance"] = s.Ticket.Instance,
            ["ticket"] = s.Ticket.ExternalId, ["returnUrl"] = Ticket(s),
        }),
        Report("/reports"),
        Report("/reports/gaps"),
        Report("/reports/links"),
        Report("/reports/searches"),
        Report("/reports/articles"),
        Report("/reports/tickets"),
        Get("/reports/owner/{Owner}", Surface.Internal, Read, s => [$"/reports/owner/{s.Owner}"]) with { Reads = ReportReads },
        Get("/reports/category/{Id}", Surface.Internal, Read, s => [$"/reports/category/{s.Category}"]) with { Reads = ReportReads },
        .. new[] { "reuse", "trend", "participation", "top-reused", "least-effective", "stale", "stale-articles", "tickets", "searches", "links", "gaps-queries", "gaps-unlinked" }
            .Select(name => Report($"/reports/{name}.csv")),
        Get("/review", Surface.Internal),
        Get("/review/{Owner}", Surface.Internal, Read, s => [$"/review/{s.Owner}"]),
        Post("/review/confirm", Surface.Internal, KcsPermission.EditInternal, s => new() { ["articleId"] = s.InternalArticle }),
        Post("/review/confirm-many", Surface.Internal, KcsPermission.EditInternal, _ => new() { ["note"] = "matrix" }),
        // A stale version: an allowed account reaches the handler, which refuses the out-of-date form; nothing changes.
        Post("/review/archive", Surface.Internal, KcsPermission.EditInternal, s => new() { ["articleId"] = s.InternalArticle, ["version"] = "999" }),
        Post("/review/reassign", Surface.Internal, KcsPermission.EditInternal, s => new() { ["articleId"] = s.InternalArticle, ["version"] = "999", ["newOwner"] = "someone" }),
        Post("/review/resolve-flag", Surface.Internal, Read, s => new() { ["flagId"] = s.FlagId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["resolution"] = "matrix" }),
        // Proposed revisions: the list and the decisions are internal work; the lifecycle decides who may accept or reject.
        // A proposal that does not exist: an allowed account reaches the handler, which answers 404; nothing changes.
        Get("/proposals", Surface.Internal, Read, _ => ["/proposals", "/proposals?view=decide", "/proposals?status=rejected"]),
        Post("/proposals/{id:long}/accept", Surface.Internal, Read, _ => new() { ["seenVersion"] = "1" }, _ => "/proposals/987654321/accept"),
        Post("/proposals/{id:long}/reject", Surface.Internal, Read, _ => new() { ["reason"] = "matrix" }, _ => "/proposals/987654321/reject"),
        Post("/proposals/{id:long}/withdraw", Surface.Internal, Read, _ => new(), _ => "/proposals/987654321/withdraw"),
        Get("/categories", Surface.Internal),
        // Invalid input: the handler answers with its message, the tree stays as it is.
        Post("/categories/create", Surface.Internal, KcsPermission.ManageDomain, _ => new() { ["name"] = "", ["owner"] = "", ["reviewIntervalDays"] = "90" }),
        Post("/categories/update", Surface.Internal, KcsPermission.ManageDomain, _ => new() { ["id"] = "no-such-category", ["name"] = "x", ["owner"] = "x", ["reviewIntervalDays"] = "90" }),
        Post("/categories/delete", Surface.Internal, KcsPermission.ManageDomain, _ => new() { ["id"] = "no-such-category" }),
        // Teams: anyone internal looks, Knowledge Domain Experts and Admins change; invalid input or a team that does not exist: nothing changes.
        Get("/teams", Surface.Internal),
        Post("/teams/create", Surface.Internal, KcsPermission.ManageDomain, _ => new() { ["name"] = "" }),
        Post("/teams/update", Surface.Internal, KcsPermission.ManageDomain, _ => new() { ["id"] = "987654", ["name"] = "x" }),
        Post("/teams/add-member", Surface.Internal, KcsPermission.ManageDomain, _ => new() { ["id"] = "987654", ["member"] = "nobody@test.local" }),
        Post("/teams/remove-member", Surface.Internal, KcsPermission.ManageDomain, _ => new() { ["id"] = "987654", ["userId"] = "nobody" }),
        Post("/teams/delete", Surface.Internal, KcsPermission.ManageDomain, _ => new() { ["id"] = "987654" }),
        // Owners to assign (Admins): an owner nobody has is refused, nothing changes.
        Get("/admin/owners", Surface.Internal, KcsPermission.Administer),
        Post("/admin/owners/assign", Surface.Internal, KcsPermission.Administer, _ => new() { ["name"] = "matrix-unclaimed", ["owner"] = "nobody@test.local" }),
        Post("/admin/owners/triage", Surface.Internal, KcsPermission.Administer, _ => new() { ["owner"] = "nobody@test.local" }),
        Get("/admin/users", Surface.Internal, KcsPermission.Administer),
        Get("/admin/audit", Surface.Internal, KcsPermission.Administer),
        Get("/admin/audit.csv", Surface.Internal, KcsPermission.Administer),
        // Portable ZIPs (docs/import-export.md): the whole knowledge base for the domain's experts, one article for any internal account.
        Get("/export/knowledge-base.zip", Surface.Internal, KcsPermission.ManageDomain),
        Get("/articles/{id}/export.zip", Surface.Internal, Read, s => [$"/articles/{s.InternalArticle}/export.zip", $"/articles/{s.CustomerArticle}/export.zip"]),
        Get("/admin/search", Surface.Internal, KcsPermission.Administer),
        Get("/admin/search/documents.csv", Surface.Internal, KcsPermission.Administer),
        Get("/admin/api-keys", Surface.Internal, KcsPermission.Administer),
        // Invalid on purpose (no scope): the page answers with its validation messages, no key is made.
        Post("/admin/api-keys", Surface.Internal, KcsPermission.Administer, _ => new() { ["_handler"] = "create-key", ["Input.Name"] = "matrix-key", ["Input.Audience"] = "Internal" }),
        Get("/admin/psa", Surface.Internal, KcsPermission.Administer),
        Get("/admin/psa/{Id:long}", Surface.Internal, KcsPermission.Administer, _ => ["/admin/psa/987654"]),
        // Invalid on purpose (no name, no address): the page answers with its messages, nothing is connected.
        Post("/admin/psa", Surface.Internal, KcsPermission.Administer, _ => new() { ["_handler"] = "create-psa", ["Input.System"] = "Halo", ["Input.DisplayName"] = "" }),
        // A PSA that does not exist: an Admin reaches the page, which says so; nothing changes.
        Post("/admin/psa/{Id:long}", Surface.Internal, KcsPermission.Administer, _ => new() { ["_handler"] = "settings" }, _ => "/admin/psa/987654"),
        // Notifications (docs/notifications.md): a person's own preferences (internal accounts); the outbox (Admins).
        // Invalid on purpose (a webhook URL that is no URL): the page answers with its message, nothing is saved.
        Get("/account/notifications", Surface.Internal),
        Post("/account/notifications", Surface.Internal, Read, _ => new() { ["_handler"] = "notification-preferences", ["Input.Frequency"] = "Immediate", ["Input.ChatWebhookUrl"] = "not a url" }),
        Get("/admin/notifications", Surface.Internal, KcsPermission.Administer, _ => ["/admin/notifications", "/admin/notifications?status=failed"]) with { Reads = ["status", "before"] },
        // A message that does not exist: the page says nothing changed.
        Post("/admin/notifications/retry", Surface.Internal, KcsPermission.Administer, _ => new() { ["id"] = "987654" }),
        Post("/admin/users/create", Surface.Internal, KcsPermission.Administer, _ => new() { ["email"] = "not-an-email", ["password"] = "x", ["role"] = "Admin" }),
        Post("/admin/users/role", Surface.Internal, KcsPermission.Administer, _ => new() { ["email"] = "nobody@test.local", ["role"] = "Admin" }),
        Post("/admin/users/unlock", Surface.Internal, KcsPermission.Administer, _ => new() { ["email"] = "nobody@test.local" }),
        Post("/admin/users/disable", Surface.Internal, KcsPermission.Administer, _ => new() { ["email"] = "nobody@test.local", ["keepApiKeys"] = "true" }),
        Post("/admin/users/enable", Surface.Internal, KcsPermission.Administer, _ => new() { ["email"] = "nobody@test.local" }),
        // The users page's own form: a reset link for nobody is refused on the page.
        Post("/admin/users", Surface.Internal, KcsPermission.Administer, _ => new() { ["_handler"] = "reset-link", ["resetEmail"] = "nobody@test.local" }),
        Post("/admin/search/rebuild", Surface.Internal, KcsPermission.Administer, _ => []),
        // PSA (docs/psa.md): the vendors' event receiver authenticates each vendor its own way, and the ticket panel
        // authenticates by its signed link and sealed session (a frame has no site cookie), so both are public paths;
        // an unknown instance answers 404 to everyone. The connect window is an internal account's own first-party page.
        Post("/api/psa/{slug}/events", Surface.Public, Read, _ => [], _ => "/api/psa/no-such-psa/events"),
        Get("/psa/{slug}/panel/{ticketId}/", Surface.Public, Read, _ => ["/psa/no-such-psa/panel/1/"]),
        .. new[] { "resume", "link", "unlink", "search", "capture", "open" }
            .Select(action => Post($"/psa/{{slug}}/panel/{{ticketId}}/{action}", Surface.Public, Read, _ => [], _ => $"/psa/no-such-psa/panel/1/{action}")),
        Get("/psa/{slug}/connect/", Surface.Internal, Read, _ => ["/psa/no-such-psa/connect/?ticket=1"]),
        Post("/psa/{slug}/connect/", Surface.Internal, Read, _ => new() { ["ticket"] = "1" }, _ => "/psa/no-such-psa/connect/"),
        // Development-time static files outside the build manifest (the test host serves the build's assets this way).
        Get("{**path:file}", Surface.Internal, Read, _ => ["/no-such-file.txt"]),
    ];
}
