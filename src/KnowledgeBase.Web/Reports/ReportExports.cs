using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Reports;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data.Reports;

namespace KnowledgeBase.Web.Reports;

/// <summary>
/// CSV downloads of every table of the report pages (<c>GET /reports/*.csv</c>), for internal accounts (as the pages). Each reads
/// the same query string as its page (<see cref="ReportQuery"/>), so a download holds exactly what the page shows.
/// </summary>
public static class ReportExports
{
    /// <summary>The most rows a ticket, search or link export writes (a drill-down page shows 50 at a time).</summary>
    public const int MaxTicketRows = 50_000;

    public static void MapReportExports(this WebApplication app)
    {
        var reports = app.MapGroup("/reports").RequireAuthorization(Identity.PermissionPolicies.ReadAndLink)
            // An export of a wrong address is refused with what is wrong (the page shows the same message), not exported with defaults.
            .AddEndpointFilter(async (context, next) =>
                ReportQuery.Parse(context.HttpContext.Request.Query, context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime).Error is { } error
                    ? Results.Text(error + " Nothing was exported.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest)
                    : await next(context));
        reports.MapGet("/reuse.csv", ReuseAsync);
        reports.MapGet("/trend.csv", TrendAsync);
        reports.MapGet("/participation.csv", ParticipationAsync);
        reports.MapGet("/top-reused.csv", TopReusedAsync);
        reports.MapGet("/least-effective.csv", LeastEffectiveAsync);
        reports.MapGet("/stale.csv", StaleAsync);
        reports.MapGet("/stale-articles.csv", StaleArticlesAsync);
        reports.MapGet("/tickets.csv", TicketsAsync);
        reports.MapGet("/searches.csv", SearchesAsync);
        reports.MapGet("/links.csv", LinksAsync);
        reports.MapGet("/gaps-queries.csv", GapQueriesAsync);
        reports.MapGet("/gaps-unlinked.csv", GapTicketsAsync);
    }

    private static ReportQuery Query(HttpContext http, TimeProvider clock) => ReportQuery.Parse(http.Request.Query, clock.GetUtcNow().UtcDateTime);

    private static async Task<IResult> ReuseAsync(HttpContext http, TimeProvider clock, ReportData data, KnowledgeBase.Data.Owners.OwnerDirectory owners, CancellationToken cancellationToken)
    {
        var query = Query(http, clock);
        // An owner is a reference (user:…, team:…): the sheet says who it is, as the page does.
        var entries = query.By == ReportSlice.Owner ? await owners.EntriesAsync(cancellationToken) : null;
        var csv = new ReportCsv(ReportQuery.SliceName(query.By), "closedTickets", "linkedTickets", "knownTickets", "createdTickets", "linkRate", "reuseRate", "createRate");
        foreach (var r in await data.RowsAsync(query, cancellationToken))
            csv.Row(entries is null ? r.Key : OwnerLabels.Of(entries, r.Key), r.ClosedTickets, r.LinkedTickets, r.KnownTickets, r.CreatedTickets,
                Percent.Csv(r.LinkedTickets, r.ClosedTickets), Percent.Csv(r.KnownTickets, r.LinkedTickets), Percent.Csv(r.CreatedTickets, r.LinkedTickets));
        return csv.ToResult($"reuse-by-{ReportQuery.SliceName(query.By)}.csv");
    }

    private static async Task<IResult> TrendAsync(HttpContext http, TimeProvider clock, ReportData data, CancellationToken cancellationToken)
    {
        var csv = new ReportCsv("week", "weekStart", "closedTickets", "linkedTickets", "knownTickets", "createdTickets", "linkRate", "reuseRate", "createRate",
            "searches", "successfulSearches", "zeroResultSearches", "searchSuccessRate", "zeroResultRate", "resolvedLinks", "allLinks", "resolutionEffectiveness");
        foreach (var w in await data.TrendAsync(Query(http, clock), cancellationToken))
        {
            var t = w.Tickets;
            var s = w.Searches;
            csv.Row(w.Week, w.WeekStart, t.ClosedTickets, t.LinkedTickets, t.KnownTickets, t.CreatedTickets,
                Percent.Csv(t.LinkedTickets, t.ClosedTickets), Percent.Csv(t.KnownTickets, t.LinkedTickets), Percent.Csv(t.CreatedTickets, t.LinkedTickets),
                s.Searches, s.Successful, s.ZeroResult, Percent.Csv(s.Successful, s.Searches), Percent.Csv(s.ZeroResult, s.Searches),
                w.Links.Resolved, w.Links.All, Percent.Csv(w.Links.Resolved, w.Links.All));
        }
        return csv.ToResult("trend.csv");
    }

    private static async Task<IResult> ParticipationAsync(HttpContext http, TimeProvider clock, ReportData data, CancellationToken cancellationToken)
    {
        var csv = new ReportCsv("technician", "closedTickets", "linkedTickets", "participation");
        foreach (var r in await data.ParticipationAsync(Query(http, clock), cancellationToken))
            csv.Row(r.Technician, r.ClosedTickets, r.LinkedTickets, Percent.Csv(r.LinkedTickets, r.ClosedTickets));
        return csv.ToResult("participation.csv");
    }

    private static async Task<IResult> TopReusedAsync(HttpContext http, TimeProvider clock, ReuseReports reports, CancellationToken cancellationToken)
    {
        var query = Query(http, clock);
        return Articles(await reports.TopReusedAsync(query.Period, query.Filter, Page<ArticleReuse>.MaxLimit, cancellationToken), "top-reused.csv");
    }

    private static async Task<IResult> LeastEffectiveAsync(HttpContext http, TimeProvider clock, ReuseReports reports, CancellationToken cancellationToken)
    {
        var query = Query(http, clock);
        return Articles(await reports.LeastEffectiveAsync(query.Period, query.Filter, top: Page<ArticleReuse>.MaxLimit, cancellationToken: cancellationToken), "least-effective.csv");
    }

    private static IResult Articles(IReadOnlyList<ArticleReuse> articles, string fileName)
    {
        var csv = new ReportCsv("articleId", "title", "reuseCount", "resolvedLinks", "allLinks", "resolutionEffectiveness");
        foreach (var a in articles) csv.Row(a.ArticleId, a.Title, a.ReuseCount, a.ResolvedLinks, a.AllLinks, Percent.Csv(a.ResolvedLinks, a.AllLinks));
        return csv.ToResult(fileName);
    }

    private static async Task<IResult> StaleAsync(HttpContext http, TimeProvider clock, ReportData data, CancellationToken cancellationToken)
    {
        var query = Query(http, clock);
        var csv = new ReportCsv("rule", "articles");
        foreach (var (rule, count) in ReportData.CountByRule(await data.StaleAsync(query.Filter, cancellationToken: cancellationToken)))
            csv.Row(StaleRuleNames.Key(rule), count);
        return csv.ToResult("stale-by-rule.csv");
    }

    private static async Task<IResult> StaleArticlesAsync(HttpContext http, TimeProvider clock, ReportData data, KnowledgeBase.Data.Owners.OwnerDirectory owners, CancellationToken cancellationToken)
    {
        var query = Query(http, clock);
        var entries = await owners.EntriesAsync(cancellationToken);
        var csv = new ReportCsv("articleId", "title", "state", "owner", "primaryCategory", "version", "rules", "staleSince");
        foreach (var a in await data.StaleAsync(query.Filter, StaleRuleNames.Parse(http.Request.Query["rule"]), cancellationToken))
            csv.Row(a.ArticleId, a.Title, a.State.Display(), OwnerLabels.Of(entries, a.Owner ?? ReportKeys.None), a.PrimaryCategoryId, a.Version,
                string.Join("; ", a.Findings.Select(f => $"{StaleRuleNames.Key(f.Rule)} since {f.Since:yyyy-MM-dd}")), a.Since);
        return csv.ToResult("stale-articles.csv");
    }

    private static async Task<IResult> TicketsAsync(HttpContext http, TimeProvider clock, ReuseReports reports, CancellationToken cancellationToken)
    {
        var query = Query(http, clock);
        var drill = TicketDrillDown.Parse(http.Request.Query);
        var csv = new ReportCsv("system", "instance", "id", "subject", "category", "client", "technician", "openedAt", "closedAt");
        await EveryPageAsync(
            offset => drill.ArticleId is { } article
                ? reports.ArticleTicketsAsync(article, query.Period, query.Filter, drill.ResolvedOnly, offset, Page<TicketSummary>.MaxLimit, cancellationToken)
                : reports.TicketsAsync(query.Period, drill.Measure, query.Filter, offset, Page<TicketSummary>.MaxLimit, cancellationToken),
            t => csv.Row(t.System, t.Instance, t.ExternalId, t.Subject, t.CategoryId, t.Client, t.Technician, t.OpenedAt, t.ClosedAt));
        return csv.ToResult("tickets.csv");
    }

    /// <summary>A drill-down's rows page by page, up to <see cref="MaxTicketRows"/>.</summary>
    private static async Task EveryPageAsync<T>(Func<int, Task<Page<T>>> page, Action<T> row)
    {
        for (var offset = 0; offset < MaxTicketRows;)
        {
            var current = await page(offset);
            foreach (var item in current.Items) row(item);
            if (!current.HasMore || current.Items.Count == 0) break;
            offset += current.Items.Count;
        }
    }

    private static async Task<IResult> SearchesAsync(HttpContext http, TimeProvider clock, ReuseReports reports, CancellationToken cancellationToken)
    {
        var query = Query(http, clock);
        var drill = SearchDrillDown.Parse(http.Request.Query);
        var csv = new ReportCsv("query", "normalizedQuery", "results", "user", "category", "occurredAt", "openedArticle", "linkedArticle", "source", "ticket");
        await EveryPageAsync(
            offset => reports.SearchesAsync(query.Period, drill.Measure, query.Filter, drill.Query, offset, Page<SearchSummary>.MaxLimit, cancellationToken),
            s => csv.Row(s.Query, s.NormalizedQuery, s.ResultCount, s.UserName, s.Category, s.OccurredAt, s.OpenedArticleId, s.LinkedArticleId, s.Source.Wire(), s.Ticket));
        return csv.ToResult("searches.csv");
    }

    private static async Task<IResult> LinksAsync(HttpContext http, TimeProvider clock, ReuseReports reports, CancellationToken cancellationToken)
    {
        var query = Query(http, clock);
        var drill = LinkDrillDown.Parse(http.Request.Query);
        var csv = new ReportCsv("system", "instance", "id", "articleId", "articleTitle", "type", "linkedBy", "linkedAt", "ticketClosedAt");
        await EveryPageAsync(
            offset => reports.LinksAsync(query.Period, query.Filter, drill.ResolvedOnly, offset, Page<LinkSummary>.MaxLimit, cancellationToken),
            l => csv.Row(l.Ticket.System, l.Ticket.Instance, l.Ticket.ExternalId, l.ArticleId, l.ArticleTitle, l.Type.ToString().ToLowerInvariant(), l.LinkedBy, l.LinkedAt, l.Ticket.ClosedAt));
        return csv.ToResult("links.csv");
    }

    private static async Task<IResult> GapQueriesAsync(HttpContext http, TimeProvider clock, ReuseReports reports, CancellationToken cancellationToken)
    {
        var query = Query(http, clock);
        var gaps = await reports.ContentGapsAsync(query.Period, query.Filter, Page<ZeroResultQuery>.MaxLimit, cancellationToken);
        var csv = new ReportCsv("category", "query", "searches", "lastSearchedAt");
        foreach (var q in gaps.ZeroResultQueries) csv.Row(q.Category, q.NormalizedQuery, q.Searches, q.LastSearchedAt);
        return csv.ToResult("zero-result-searches.csv");
    }

    private static async Task<IResult> GapTicketsAsync(HttpContext http, TimeProvider clock, ReuseReports reports, CancellationToken cancellationToken)
    {
        var query = Query(http, clock);
        var gaps = await reports.ContentGapsAsync(query.Period, query.Filter, Page<ZeroResultQuery>.MaxLimit, cancellationToken);
        var csv = new ReportCsv("category", "closedTickets", "unlinkedTickets", "unlinkedRate");
        foreach (var u in gaps.UnlinkedTickets) csv.Row(u.Category, u.ClosedTickets, u.Unlinked, Percent.Csv(u.Unlinked, u.ClosedTickets));
        return csv.ToResult("unlinked-tickets.csv");
    }
}
