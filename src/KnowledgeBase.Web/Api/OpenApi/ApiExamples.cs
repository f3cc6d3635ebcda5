namespace KnowledgeBase.Web.Api.OpenApi;

/// <summary>The example bodies of the OpenAPI document (and of docs/api.md).</summary>
public static class ApiExamples
{
    private static readonly DateTime Updated = new(2026, 8, 14, 9, 30, 0, DateTimeKind.Utc);

    public static readonly object? NoContent = null;

    public static readonly object SearchItem = new
    {
        id = "kb-1001", title = "Outlook keeps prompting for a password after MFA is enabled — Microsoft 365",
        snippet = "Outlook keeps <mark>prompting</mark> for a <mark>password</mark> after MFA…", score = 12.41, state = "validated",
        audience = "internal", url = "https://kb.example.com/articles/kb-1001", updatedAt = Updated,
    };

    public static readonly object Search = new { items = new[] { SearchItem }, nextCursor = "djE6c2VhcmNoOjEw", total = 37, didYouMean = (string?)null, message = (string?)null, matching = "hybrid" };

    public static readonly object SuggestionRequest = new { subject = "Outlook asks for password again and again", description = "Since MFA was turned on yesterday Outlook keeps prompting.", category = (string?)null, client = "Contoso Dental", limit = 5 };

    public static readonly object Suggestions = new
    {
        articles = new[] { SearchItem },
        suggestedCategory = new { id = "email-outlook", name = "Outlook", confidence = 0.71 },
        categories = new[] { new { id = "email-outlook", name = "Outlook", confidence = 0.71 }, new { id = "identity-mfa", name = "MFA", confidence = 0.29 } },
        matching = "hybrid",
    };

    public static readonly object Article = new
    {
        id = "kb-1001", title = "Outlook keeps prompting for a password after MFA is enabled — Microsoft 365", state = "validated", audience = "internal",
        version = 4, owner = "sam.reyes", categories = new[] { "email-outlook", "identity-mfa" }, tags = new[] { "outlook", "mfa" },
        createdAt = Updated.AddDays(-90), updatedAt = Updated, url = "https://kb.example.com/articles/kb-1001", reuseCount = 18,
        sections = new { issue = "Outlook keeps prompting for a password.", environment = "Microsoft 365, Outlook for Windows", resolution = "1. Enable modern authentication…", cause = "Legacy authentication is blocked." },
        markdown = "# Outlook keeps prompting…\n\n## Issue\nOutlook keeps prompting for a password.\n",
    };

    public static readonly object ArticleList = new
    {
        items = new[] { new { id = "kb-1001", title = "Outlook keeps prompting for a password after MFA is enabled — Microsoft 365", state = "validated", audience = "internal", version = 4, owner = "sam.reyes", categories = new[] { "email-outlook" }, tags = new[] { "outlook" }, updatedAt = Updated, url = "https://kb.example.com/articles/kb-1001" } },
        nextCursor = "djE6YXJ0aWNsZXM6NjM4OTAwMDAwMDAwMDAwMDAwfGtiLTEwMDE",
    };

    public static readonly object CreateArticleRequest = new
    {
        title = "Scanner to e-mail fails with 'SMTP 535' — Ricoh MFP", markdown = "## Issue\nScan to e-mail fails with SMTP 535.\n\n## Environment\nRicoh IM C3000, Microsoft 365\n",
        categories = new[] { "endpoint-printing" }, tags = new[] { "scanner", "smtp" }, state = "wip",
        sourceTicket = new { system = "connectwise", instance = "acme.myconnectwise.net", id = "48213" },
    };

    public static readonly object UpdateArticleRequest = new { title = "Scanner to e-mail fails with 'SMTP 535' — Ricoh MFP", markdown = "## Issue\n…\n## Resolution\nUse an app password.\n", state = "not-validated", changeNote = "Added the resolution" };

    public static readonly object Proposal = new { proposalId = 52, articleId = "kb-1001", baseVersion = 4, message = "Saved as a proposed revision: a Candidate's edit of a Validated article is reviewed by a Contributor or above.", url = "/api/v1/proposals/52" };

    public static readonly object ProposalSummary = new
    {
        id = 52L, articleId = "kb-1001", articleTitle = "Outlook keeps prompting for a password after MFA is enabled — Microsoft 365", baseVersion = 4, articleVersion = 5,
        outdated = true, title = "Outlook keeps prompting for a password after MFA is enabled — Microsoft 365", author = "ana.lima@msp.example",
        changeNote = "Step 3 fixed it on two tickets", createdAt = Updated, status = "open", decidedBy = (string?)null, decidedAt = (DateTime?)null,
        decisionNote = (string?)null, appliedVersion = (int?)null, url = "/api/v1/proposals/52", reviewUrl = "https://kb.example.com/articles/kb-1001?proposal=52#proposal-52",
    };

    public static readonly object ProposalList = new { items = new[] { ProposalSummary }, nextCursor = "djE6cHJvcG9zYWxzOjUy" };

    public static readonly object ProposalDetails = new
    {
        id = 52L, articleId = "kb-1001", articleTitle = "Outlook keeps prompting for a password after MFA is enabled — Microsoft 365", baseVersion = 4, articleVersion = 5,
        outdated = true, title = "Outlook keeps prompting for a password after MFA is enabled — Microsoft 365", author = "ana.lima@msp.example",
        changeNote = "Step 3 fixed it on two tickets", createdAt = Updated, status = "open", decidedBy = (string?)null, decidedAt = (DateTime?)null,
        decisionNote = (string?)null, appliedVersion = (int?)null, url = "/api/v1/proposals/52", reviewUrl = "https://kb.example.com/articles/kb-1001?proposal=52#proposal-52",
        markdown = "## Issue\nOutlook keeps prompting for a password.\n\n## Resolution\n1. Clear the cached credentials.\n2. Sign in again.\n3. Remove and add the Outlook profile.\n",
        categories = new[] { "email-outlook" }, tags = new[] { "outlook", "mfa" }, diffFromVersion = 5,
        diff = "@@ -4,3 +4,4 @@\n ## Resolution\n 1. Clear the cached credentials.\n 2. Sign in again.\n+3. Remove and add the Outlook profile.\n",
        merge = new { outdated = true, clean = true, conflicts = 0, titleConflicts = false },
    };

    public static readonly object AcceptedProposal = new
    {
        id = 52L, articleId = "kb-1001", articleTitle = "Outlook keeps prompting for a password after MFA is enabled — Microsoft 365", baseVersion = 4, articleVersion = 6,
        outdated = false, title = "Outlook keeps prompting for a password after MFA is enabled — Microsoft 365", author = "ana.lima@msp.example",
        changeNote = "Step 3 fixed it on two tickets", createdAt = Updated, status = "accepted", decidedBy = "key:connectwise", decidedAt = (DateTime?)Updated.AddHours(3),
        decisionNote = "Confirmed on ticket 48213", appliedVersion = (int?)6, url = "/api/v1/proposals/52", reviewUrl = "https://kb.example.com/articles/kb-1001?proposal=52#proposal-52",
        markdown = "## Issue\nOutlook keeps prompting for a password.\n\n## Resolution\n1. Clear the cached credentials.\n2. Sign in again.\n3. Remove and add the Outlook profile.\n",
        categories = new[] { "email-outlook" }, tags = new[] { "outlook", "mfa" }, diffFromVersion = 4,
        diff = "@@ -4,3 +4,4 @@\n ## Resolution\n 1. Clear the cached credentials.\n 2. Sign in again.\n+3. Remove and add the Outlook profile.\n",
        merge = (object?)null,
    };

    public static readonly object AcceptProposalRequest = new { mode = "merge", note = "Confirmed on ticket 48213" };

    public static readonly object RejectProposalRequest = new { reason = "Reinstalling Office takes an hour; clearing the credentials fixes it in minutes." };

    public static readonly object FeedbackRequest = new { kind = "flag", reason = "outdated", comment = "The admin centre moved this setting.", by = "ana.lima" };

    public static readonly object Feedback = new { id = 311, articleId = "kb-1001", kind = "flag", createdAt = Updated };

    public static readonly object Changes = new
    {
        items = new[]
        {
            new { sequence = 5812L, type = "updated", articleId = "kb-1001", version = 4, occurredAt = Updated },
            new { sequence = 5813L, type = "archived", articleId = "kb-0907", version = 7, occurredAt = Updated.AddMinutes(3) },
            new { sequence = 5814L, type = "deleted", articleId = "kb-0911", version = 3, occurredAt = Updated.AddMinutes(4) },
        },
        nextCursor = "djE6Y2hhbmdlczo1ODE0",
    };

    public static readonly object Categories = new
    {
        items = new[]
        {
            new { id = "email", name = "Email & Collaboration", owner = "dana.okafor", reviewIntervalDays = 180, description = "Mail, calendars, Teams", children = new object[] { new { id = "email-outlook", name = "Outlook", owner = "sam.reyes", reviewIntervalDays = 90, description = "", children = Array.Empty<object>() } } },
        },
    };

    public static readonly object TicketRequest = new { subject = "Outlook asks for password again and again", description = "Since MFA…", category = "email-outlook", client = "Contoso Dental", technician = "ana.lima", status = "closed", openedAt = Updated.AddHours(-3), closedAt = Updated };

    public static readonly object Ticket = new { system = "connectwise", instance = "acme.myconnectwise.net", id = "48213", subject = "Outlook asks for password again and again", category = "email-outlook", client = "Contoso Dental", technician = "ana.lima", status = "closed", openedAt = Updated.AddHours(-3), closedAt = (DateTime?)Updated, updatedAt = Updated };

    public static readonly object LinkRequest = new { articleId = "kb-1001", ticket = new { system = "connectwise", instance = "acme.myconnectwise.net", id = "48213" }, type = "resolved", linkedBy = "ana.lima", stillAccurate = true };

    public static readonly object Link = new { id = 977, articleId = "kb-1001", ticket = new { system = "connectwise", instance = "acme.myconnectwise.net", id = "48213" }, type = "resolved", articleVersion = 4, linkedBy = "ana.lima (key:connectwise)", linkedAt = Updated, channel = "api", removedAt = (DateTime?)null, removedBy = (string?)null };

    public static readonly object LinkList = new { items = new[] { Link }, nextCursor = (string?)null };

    public static readonly object Reuse = new
    {
        from = Updated.AddDays(-30), to = Updated, groupBy = "owner",
        rows = new[] { new { key = "sam.reyes", closedTickets = 412L, linkedTickets = 301L, linkRate = 0.7306, reuseRate = 0.8538, createRate = 0.0897 } },
    };

    public static readonly object WebhookRequest = new { url = "https://psa.example.com/hooks/kb", events = new[] { "article.published", "article.updated", "article.archived", "article.deleted", "ticket_link.created" } };

    public static readonly object Webhook = new { id = 3, url = "https://psa.example.com/hooks/kb", events = new[] { "article.published", "article.archived" }, audience = "internal", createdAt = Updated };

    public static readonly object CreatedWebhook = new { id = 3, url = "https://psa.example.com/hooks/kb", events = new[] { "article.published", "article.archived" }, audience = "internal", createdAt = Updated, secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" };

    public static readonly object WebhookList = new { items = new[] { Webhook } };

    public static readonly object WebhookTest = new { eventId = "test-6f1c2e0d9b8a4c7e", delivered = true, statusCode = (int?)204, error = (string?)null, durationMs = 38 };

    public static readonly object WebhookAttempts = new { items = new[] { new { id = 91, eventId = "5812", eventType = "article.updated", attemptedAt = Updated, statusCode = (int?)500, error = "receiver answered 500", durationMs = 120 } } };
}
