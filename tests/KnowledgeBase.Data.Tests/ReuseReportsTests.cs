using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Reports;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data.Reports;
using KnowledgeBase.Testing;

namespace KnowledgeBase.Data.Tests;

/// <summary>
/// Every metric against a hand-computed fixture. February 2026 = [2026-02-01, 2026-03-01):
/// <code>
/// articles   kb-a created 2026-01-01 (email-outlook)   kb-b created 2026-02-10 10:00 (identity)
///            kb-c created 2026-02-20, archived 2026-02-25 (identity)
/// ticket cat            client    tech   opened       closed               links (live)
/// T1     email-outlook  Contoso   alex   02-02        02-03                a reference           known
/// T2     email-outlook  Contoso   alex   02-05        02-06                —
/// T3     identity       Fabrikam  blair  02-10 10:00  02-11                b resolved            new: b created AT open
/// T4     identity       Fabrikam  blair  02-18        02-21                c created             new
/// T5     —              —         alex   02-14        02-15                (a reference, removed)
/// T6     email-outlook  Contoso   blair  01-20        01-25, reopened, 02-22   a resolved        known
/// T7     email-outlook  —         alex   02-03        02-04, reopened, 03-02   a resolved        (March)
/// T8     identity       —         —      02-20        open                 b reference           (open)
/// T9     identity       —         —      02-20        03-01 00:00          b resolved            (March: half-open)
/// T10    identity       Fabrikam  blair  02-24        02-26                c reference, b resolved   known (both)
/// </code>
/// February's closed tickets: T1 T2 T3 T4 T5 T6 T10 = 7; linked: T1 T3 T4 T6 T10 = 5; known: T1 T6 T10 = 3; created: T4 = 1.
/// </summary>
public abstract class ReuseReportsTests : LedgerTestBase
{
    private static readonly ReportPeriod February = new(At(2026, 2, 1, 0), At(2026, 3, 1, 0));

    private ReuseReports Reports => new(Database.Factory);

    protected override async Task SeedAsync()
    {
        await ArticleAsync("kb-a", At(2026, 1, 1));
        await ArticleAsync("kb-b", At(2026, 2, 10, 10), "identity");
        await ArticleAsync("kb-c", At(2026, 2, 20), "identity", KcsState.NotValidated);

        await TicketAsync("T1", At(2026, 2, 2), At(2026, 2, 3), "email-outlook", "Contoso Dental", "alex");
        await LinkAsync("T1", "kb-a", LinkType.Reference, At(2026, 2, 3));
        await TicketAsync("T2", At(2026, 2, 5), At(2026, 2, 6), "email-outlook", "Contoso Dental", "alex");
        await TicketAsync("T3", At(2026, 2, 10, 10), At(2026, 2, 11), "identity", "Fabrikam", "blair");
        await LinkAsync("T3", "kb-b", LinkType.Resolved, At(2026, 2, 11));
        await TicketAsync("T4", At(2026, 2, 18), At(2026, 2, 21), "identity", "Fabrikam", "blair");
        await LinkAsync("T4", "kb-c", LinkType.Created, At(2026, 2, 20, 12));
        await TicketAsync("T5", At(2026, 2, 14), At(2026, 2, 15), null, null, "alex");
        var wrong = await LinkAsync("T5", "kb-a", LinkType.Reference, At(2026, 2, 15));
        await Ledger.RemoveLinkAsync(Contributor, wrong.Link.Id);

        await TicketAsync("T6", At(2026, 1, 20), At(2026, 1, 25), "email-outlook", "Contoso Dental", "blair");
        await LinkAsync("T6", "kb-a", LinkType.Resolved, At(2026, 1, 25));
        await TicketAsync("T6", At(2026, 1, 20), null, "email-outlook", "Contoso Dental", "blair");
        await TicketAsync("T6", At(2026, 1, 20), At(2026, 2, 22), "email-outlook", "Contoso Dental", "blair");

        await TicketAsync("T7", At(2026, 2, 3), At(2026, 2, 4), "email-outlook", null, "alex");
        await LinkAsync("T7", "kb-a", LinkType.Resolved, At(2026, 2, 4));
        await TicketAsync("T7", At(2026, 2, 3), null, "email-outlook", null, "alex");
        await TicketAsync("T7", At(2026, 2, 3), At(2026, 3, 2), "email-outlook", null, "alex");

        await TicketAsync("T8", At(2026, 2, 20), null, "identity");
        await LinkAsync("T8", "kb-b", LinkType.Reference, At(2026, 2, 20));
        await TicketAsync("T9", At(2026, 2, 20), At(2026, 3, 1, 0), "identity");
        await LinkAsync("T9", "kb-b", LinkType.Resolved, At(2026, 2, 28));

        // kb-c is archived mid-period; its links still count (it served those tickets).
        SetNow(At(2026, 2, 25));
        var c = (await Store.FindAsync("kb-c"))!;
        await Store.UpdateAsync(Expert, "kb-c", c.Version, new ArticleEdit { Title = c.Title, Body = c.Body, State = KcsState.Archived, Categories = ["identity"] });
        await TicketAsync("T10", At(2026, 2, 24), At(2026, 2, 26), "identity", "Fabrikam", "blair");
        await LinkAsync("T10", "kb-c", LinkType.Reference, At(2026, 2, 26));
        await LinkAsync("T10", "kb-b", LinkType.Resolved, At(2026, 2, 26));

        // Searches: 4 in February (2 successful, 2 with no result), 1 in March.
        SetNow(At(2026, 2, 5));
        await Ledger.LogSearchAsync("alex", "s1", "outlook password", 5, "email-outlook");
        await Ledger.RecordOpenAsync("s1", null, "kb-a");
        await Ledger.LogSearchAsync("alex", "s2", "printer offline", 0);
        await Ledger.LogSearchAsync("blair", "s2b", "Printer  offline!", 0);
        await Ledger.LogSearchAsync("blair", "s3", "vpn drops", 3, "identity");
        await Ledger.RecordLinkAsync("s3", "vpn drops", "kb-b");
        SetNow(At(2026, 3, 2));
        await Ledger.LogSearchAsync("alex", "s4", "printer offline", 0);
    }

    [Fact]
    public async Task The_totals_follow_the_kcs_definitions()
    {
        var totals = await Reports.TotalsAsync(February);

        Assert.Equal(new ReuseCounts(7, 5, 3, 1), totals);
        Assert.Equal(5.0 / 7, totals.LinkRate, 10);   // 5 linked ÷ 7 closed
        Assert.Equal(3.0 / 5, totals.ReuseRate, 10);  // T1 T6 T10 known ÷ 5 linked
        Assert.Equal(1.0 / 5, totals.CreateRate, 10); // T4 ÷ 5 linked
    }

    [Fact]
    public async Task Reuse_by_owner_uses_the_category_owner_and_none_for_tickets_without_category()
    {
        var rows = await Reports.ReuseAsync(February, ReportSlice.Owner);

        // sam.reyes (email-outlook): T1 T2 T6 → 3 closed, T1 T6 linked and known.
        // identity-team (identity): T3 T4 T10 → 3 closed, 3 linked, T10 known, T4 created.
        // (none): T5 → 1 closed, its only link was removed.
        Assert.Equal(
        [
            new ReuseRow("identity-team", 3, 3, 1.0, 1.0 / 3, 1.0 / 3, 1, 1),
            new ReuseRow("sam.reyes", 3, 2, 2.0 / 3, 1.0, 0, 2, 0),
            new ReuseRow(ReportKeys.None, 1, 0, 0, 0, 0, 0, 0),
        ], rows);
    }

    [Fact]
    public async Task Reassigning_a_category_owner_moves_its_history()
    {
        await using (var db = Database.Factory.CreateDbContext())
        {
            (await db.Categories.FindAsync("email-outlook"))!.Owner = "jo";
            await db.SaveChangesAsync();
        }
        var rows = await Reports.ReuseAsync(February, ReportSlice.Owner);
        Assert.Contains(rows, r => r.Key == "jo" && r.ClosedTickets == 3);
        Assert.DoesNotContain(rows, r => r.Key == "sam.reyes");
    }

    [Fact]
    public async Task Reuse_by_category_client_and_technician()
    {
        var byCategory = await Reports.ReuseAsync(February, ReportSlice.Category);
        Assert.Equal([("email-outlook", 3L, 2L), ("identity", 3L, 3L), (ReportKeys.None, 1L, 0L)],
            byCategory.Select(r => (r.Key, r.ClosedTickets, r.LinkedTickets)));

        // Contoso Dental: T1 T2 T6 (T7 closes in March); Fabrikam: T3 T4 T10; (none): T5.
        var byClient = await Reports.ReuseAsync(February, ReportSlice.Client);
        Assert.Equal([("Contoso Dental", 3L, 2L, 2L), ("Fabrikam", 3L, 3L, 1L), (ReportKeys.None, 1L, 0L, 0L)],
            byClient.Select(r => (r.Key, r.ClosedTickets, r.LinkedTickets, r.KnownTickets)));

        // blair: T3 T4 T6 T10 → 4 closed, 4 linked, known T6 T10, created T4. alex: T1 T2 T5 → 3 closed, T1 linked.
        var byTechnician = await Reports.ReuseAsync(February, ReportSlice.Technician);
        Assert.Equal([new ReuseRow("blair", 4, 4, 1.0, 0.5, 0.25, 2, 1), new ReuseRow("alex", 3, 1, 1.0 / 3, 1.0, 0, 1, 0)], byTechnician);
    }

    [Fact]
    public async Task Participation_is_the_technicians_linked_share_of_their_closed_tickets()
    {
        var rows = await Reports.ParticipationAsync(February);
        Assert.Equal([new ParticipationRow("blair", 4, 4), new ParticipationRow("alex", 3, 1)], rows);
        Assert.Equal(1.0 / 3, rows[1].Participation, 10);
    }

    [Fact]
    public async Task A_filter_restricts_the_report_to_one_slice_value_including_none()
    {
        var contoso = await Reports.ReuseAsync(February, ReportSlice.Technician, new ReportFilter(ReportSlice.Client, "Contoso Dental"));
        // Contoso: T1 T2 (alex), T6 (blair).
        Assert.Equal([("alex", 2L, 1L), ("blair", 1L, 1L)], contoso.Select(r => (r.Key, r.ClosedTickets, r.LinkedTickets)));

        var none = await Reports.TotalsAsync(February, new ReportFilter(ReportSlice.Category, ReportKeys.None));
        Assert.Equal(new ReuseCounts(1, 0, 0, 0), none);
    }

    [Fact]
    public async Task A_reopened_ticket_counts_once_in_the_period_of_its_final_close()
    {
        var january = await Reports.TotalsAsync(new ReportPeriod(At(2026, 1, 1, 0), At(2026, 2, 1, 0)));
        Assert.Equal(ReuseCounts.Empty, january); // T6 closed on 01-25 first, but its final close is in February.

        // March: T7 (final close 03-02) and T9 (closed exactly at 03-01 00:00), both linked, both known
        // (kb-a 01-01 < T7 open 02-03; kb-b 02-10 10:00 < T9 open 02-20).
        var march = await Reports.TotalsAsync(new ReportPeriod(At(2026, 3, 1, 0), At(2026, 4, 1, 0)));
        Assert.Equal(new ReuseCounts(2, 2, 2, 0), march);
    }

    [Fact]
    public async Task An_empty_period_has_zero_rates_not_NaN()
    {
        var empty = new ReportPeriod(At(2027, 1, 1, 0), At(2027, 2, 1, 0));
        var totals = await Reports.TotalsAsync(empty);
        Assert.Equal((0.0, 0.0, 0.0), (totals.LinkRate, totals.ReuseRate, totals.CreateRate));
        Assert.Empty(await Reports.ReuseAsync(empty, ReportSlice.Owner));
        var search = await Reports.SearchStatsAsync(empty);
        Assert.Equal((0L, 0.0, 0.0), (search.Searches, search.SuccessRate, search.ZeroResultRate));
        Assert.Empty(await Reports.TopReusedAsync(empty));
        var trend = await Reports.TrendsAsync(empty);
        Assert.All(trend, p => Assert.Equal((0.0, 0.0, 0.0, 0.0), (p.LinkRate, p.ReuseRate, p.CreateRate, p.ZeroResultRate)));
        var gaps = await Reports.ContentGapsAsync(empty);
        Assert.Empty(gaps.UnlinkedTickets);
        Assert.Empty(gaps.ZeroResultQueries);
        Assert.Equal(0, (await Reports.TicketsAsync(empty, TicketMeasure.Closed)).Total);
    }

    [Fact]
    public async Task Article_reuse_counts_distinct_closed_tickets_and_effectiveness_is_resolved_over_all_links()
    {
        var top = await Reports.TopReusedAsync(February);
        // kb-a: T1 reference, T6 resolved (T5 removed, T7 in March) → 2 tickets, 1 resolved → 0.5.
        // kb-b: T3 resolved, T10 resolved (T8 open, T9 in March) → 2, 2 → 1.0.
        // kb-c (archived mid-period): T4 created, T10 reference → 2, 0 → 0 (created is not resolved).
        Assert.Equal(
        [
            new ArticleReuse("kb-a", "Article kb-a", 2, 1, 2),
            new ArticleReuse("kb-b", "Article kb-b", 2, 2, 2),
            new ArticleReuse("kb-c", "Article kb-c", 2, 0, 2),
        ], top);
        Assert.Equal([0.5, 1.0, 0.0], top.Select(a => a.Effectiveness));

        Assert.Empty(await Reports.LeastEffectiveAsync(February)); // nobody has 5 links
        var least = await Reports.LeastEffectiveAsync(February, minLinks: 2);
        Assert.Equal(["kb-c", "kb-a", "kb-b"], least.Select(a => a.ArticleId));

        Assert.Equal(new ArticleReuse("kb-b", "Article kb-b", 2, 2, 2), await Reports.ArticleAsync("kb-b", February));
        Assert.Equal(0, (await Reports.ArticleAsync("kb-a", new ReportPeriod(At(2025, 1, 1), At(2025, 2, 1)))).ReuseCount);
    }

    [Fact]
    public async Task The_stored_reuse_count_counts_every_live_link_whenever_the_ticket_closed()
    {
        var a = (await Store.FindAsync("kb-a"))!;
        var b = (await Store.FindAsync("kb-b"))!;
        var c = (await Store.FindAsync("kb-c"))!;
        // kb-a: T1 T6 T7 (T5 removed); kb-b: T3 T8 T9 T10; kb-c: T4 T10.
        Assert.Equal((3, 4, 2), (a.ReuseCount, b.ReuseCount, c.ReuseCount));
    }

    [Fact]
    public async Task Search_success_and_zero_result_rates_are_over_all_searches_of_the_period()
    {
        var stats = await Reports.SearchStatsAsync(February);
        Assert.Equal(new SearchStats(4, 2, 2), stats); // s1 opened, s3 linked; s2 and s2b found nothing
        Assert.Equal((0.5, 0.5), (stats.SuccessRate, stats.ZeroResultRate));

        Assert.Equal(new SearchStats(1, 1, 0), await Reports.SearchStatsAsync(February, new ReportFilter(ReportSlice.Owner, "identity-team")));
        Assert.Equal(new SearchStats(2, 1, 1), await Reports.SearchStatsAsync(February, new ReportFilter(ReportSlice.Technician, "blair")));
        Assert.Equal(new SearchStats(2, 0, 2), await Reports.SearchStatsAsync(February, new ReportFilter(ReportSlice.Category, ReportKeys.None)));
    }

    [Fact]
    public async Task Content_gaps_group_zero_result_queries_and_unlinked_tickets_by_category()
    {
        var gaps = await Reports.ContentGapsAsync(February);

        // "printer offline" and "Printer  offline!" normalize alike; the March one is outside the period.
        var query = Assert.Single(gaps.ZeroResultQueries);
        Assert.Equal((ReportKeys.None, "printer offline", 2L, At(2026, 2, 5)), (query.Category, query.NormalizedQuery, query.Searches, query.LastSearchedAt));
        // email-outlook: T2 of T1 T2 T6; (none): T5 (its link was removed); identity has none unlinked.
        Assert.Equal([new UnlinkedTickets("email-outlook", 3, 1), new UnlinkedTickets(ReportKeys.None, 1, 1)], gaps.UnlinkedTickets);
    }

    [Fact]
    public async Task Drill_downs_list_the_tickets_behind_each_number_newest_close_first_in_pages()
    {
        var unlinked = await Reports.TicketsAsync(February, TicketMeasure.Unlinked);
        Assert.Equal(["T5", "T2"], unlinked.Items.Select(t => t.ExternalId));
        Assert.Equal(2, unlinked.Total);

        var known = await Reports.TicketsAsync(February, TicketMeasure.Known, new ReportFilter(ReportSlice.Owner, "sam.reyes"));
        Assert.Equal(["T6", "T1"], known.Items.Select(t => t.ExternalId));

        var page = await Reports.TicketsAsync(February, TicketMeasure.Linked, offset: 1, limit: 2);
        // Linked by close time desc: T10 (02-26), T6 (02-22), T4 (02-21), T3 (02-11), T1 (02-03).
        Assert.Equal(["T6", "T4"], page.Items.Select(t => t.ExternalId));
        Assert.Equal(5, page.Total);
        Assert.True(page.HasMore);

        Assert.Equal(["T4"], (await Reports.TicketsAsync(February, TicketMeasure.Created)).Items.Select(t => t.ExternalId));
        Assert.Equal(["T10", "T3"], (await Reports.ArticleTicketsAsync("kb-b", February)).Items.Select(t => t.ExternalId));
        Assert.Equal(["T6"], (await Reports.ArticleTicketsAsync("kb-a", February, resolvedOnly: true)).Items.Select(t => t.ExternalId));
    }

    [Fact]
    public async Task Weekly_trend_buckets_are_iso_weeks_cut_to_the_period()
    {
        var trend = await Reports.TrendsAsync(February);
        // Weeks starting Mon 01-26 (cut to 02-01..), 02-02, 02-09, 02-16, 02-23.
        Assert.Equal(["2026-W05", "2026-W06", "2026-W07", "2026-W08", "2026-W09"], trend.Select(p => p.Week));
        Assert.Equal(At(2026, 1, 26, 0), trend[0].WeekStart);
        // W06: T1 T2 (closed 02-03, 02-06); W07: T3 T5; W08: T4 (02-21) T6 (02-22); W09: T10.
        Assert.Equal([0L, 2L, 2L, 2L, 1L], trend.Select(p => p.Tickets.ClosedTickets));
        Assert.Equal([0L, 1L, 1L, 2L, 1L], trend.Select(p => p.Tickets.LinkedTickets));
        Assert.Equal(4, trend[1].Searches.Searches);
        Assert.Equal(new ReuseCounts(7, 5, 3, 1), trend.Select(p => p.Tickets).Aggregate(ReuseCounts.Empty, (a, b) => a.Add(b)));
    }

    [Fact]
    public async Task Weekly_trend_buckets_follow_iso_weeks_across_a_year_boundary()
    {
        await TicketAsync("Y1", At(2025, 12, 26), At(2025, 12, 28), "identity"); // Sun: 2025-W52
        await TicketAsync("Y2", At(2025, 12, 26), At(2025, 12, 30), "identity"); // Tue: 2026-W01 (starts Mon 2025-12-29)
        await TicketAsync("Y3", At(2025, 12, 26), At(2026, 1, 4, 23), "identity"); // Sun: still 2026-W01
        await LinkAsync("Y3", "kb-a", LinkType.Resolved, At(2026, 1, 4, 23));

        var trend = await Reports.TrendsAsync(new ReportPeriod(At(2025, 12, 24, 0), At(2026, 1, 6, 0)));

        Assert.Equal([("2025-W52", At(2025, 12, 22, 0)), ("2026-W01", At(2025, 12, 29, 0)), ("2026-W02", At(2026, 1, 5, 0))],
            trend.Select(p => (p.Week, p.WeekStart)));
        Assert.Equal([1L, 2L, 0L], trend.Select(p => p.Tickets.ClosedTickets));
        Assert.Equal([0.0, 0.5, 0.0], trend.Select(p => p.LinkRate));
    }

    [Fact]
    public async Task Trend_effectiveness_is_resolved_over_all_live_links_of_each_weeks_closed_tickets()
    {
        var trend = await Reports.TrendsAsync(February);

        // W05: nothing. W06: T1 (a reference), T2 (no link) → 0 of 1. W07: T3 (b resolved), T5 (its link removed) → 1 of 1.
        // W08: T4 (c created), T6 (a resolved) → 1 of 2. W09: T10 (c reference, b resolved) → 1 of 2.
        Assert.Equal([new LinkCounts(0, 0), new LinkCounts(0, 1), new LinkCounts(1, 1), new LinkCounts(1, 2), new LinkCounts(1, 2)], trend.Select(p => p.Links));
        Assert.Equal([0.0, 0.0, 1.0, 0.5, 0.5], trend.Select(p => p.Effectiveness));
        Assert.Equal(new LinkCounts(3, 6), await Reports.LinkCountsAsync(February));
        // identity-team: T3 (b resolved), T4 (c created), T10 (c reference, b resolved).
        Assert.Equal(new LinkCounts(2, 4), await Reports.LinkCountsAsync(February, new ReportFilter(ReportSlice.Owner, "identity-team")));
        Assert.Equal(LinkCounts.Empty, await Reports.LinkCountsAsync(new ReportPeriod(At(2027, 1, 1, 0), At(2027, 2, 1, 0))));
    }

    [Fact]
    public async Task Trend_effectiveness_counts_every_link_of_a_week_with_more_linked_articles_than_a_report_page()
    {
        // One ticket linked to 501 articles, the last one (by id) resolved: a sum over a page of the 500 most reused
        // articles would miss it and say 0 of 500.
        var count = Page<ArticleReuse>.MaxLimit + 1;
        var ticket = await TicketAsync("BULK", At(2026, 4, 6), At(2026, 4, 7), "identity");
        await using (var db = Database.Factory.CreateDbContext())
        {
            for (var i = 0; i < count; i++)
            {
                var id = $"bulk-{i:D3}";
                db.Articles.Add(new Article { Id = id, Title = $"Bulk {i}", Body = "x", State = KcsState.Validated, Version = 1, CreatedAt = At(2026, 1, 1), UpdatedAt = At(2026, 1, 1) });
                db.TicketLinks.Add(new TicketLink { TicketId = ticket.Id, ArticleId = id, Type = i == count - 1 ? LinkType.Resolved : LinkType.Reference, LinkedBy = "casey", LinkedAt = At(2026, 4, 7) });
            }
            await db.SaveChangesAsync();
        }

        var week = Assert.Single(await Reports.TrendsAsync(new ReportPeriod(At(2026, 4, 6, 0), At(2026, 4, 13, 0))));

        Assert.Equal(new LinkCounts(1, count), week.Links);
        Assert.Equal(count, (await Reports.LinksAsync(new ReportPeriod(At(2026, 4, 6, 0), At(2026, 4, 13, 0)), limit: Page<LinkSummary>.MaxLimit)).Total);
    }

    [Fact]
    public async Task A_filter_combines_owner_category_client_and_technician()
    {
        var samAlex = new ReportFilter(ReportSlice.Owner, "sam.reyes").And(ReportSlice.Technician, "alex");
        // sam.reyes owns email-outlook: T1 T2 (alex), T6 (blair).
        Assert.Equal(new ReuseCounts(2, 1, 1, 0), await Reports.TotalsAsync(February, samAlex));
        Assert.Equal(["T2", "T1"], (await Reports.TicketsAsync(February, TicketMeasure.Closed, samAlex)).Items.Select(t => t.ExternalId));
        Assert.Equal(["T1"], (await Reports.TicketsAsync(February, TicketMeasure.Linked, samAlex)).Items.Select(t => t.ExternalId));

        // Participation inside identity-team's dashboard: only blair closes identity tickets (T3 T4 T10).
        Assert.Equal([new ParticipationRow("blair", 3, 3)], await Reports.ParticipationAsync(February, new ReportFilter(ReportSlice.Owner, "identity-team")));

        var outlookContoso = new ReportFilter(ReportSlice.Category, "email-outlook").And(ReportSlice.Client, "Contoso Dental");
        Assert.Equal(["T6", "T2", "T1"], (await Reports.TicketsAsync(February, TicketMeasure.Closed, outlookContoso)).Items.Select(t => t.ExternalId));
        Assert.Equal(0, (await Reports.TicketsAsync(February, TicketMeasure.Closed, outlookContoso.And(ReportSlice.Technician, "nobody"))).Total);
        // Narrowing again by the same slice replaces its value.
        Assert.Equal(["T10", "T4", "T3"], (await Reports.TicketsAsync(February, TicketMeasure.Closed, outlookContoso.And(ReportSlice.Category, "identity").And(ReportSlice.Client, "Fabrikam"))).Items.Select(t => t.ExternalId));

        // Searches: identity-team's categories and blair → s3; a client does not narrow searches (they have none).
        Assert.Equal(new SearchStats(1, 1, 0), await Reports.SearchStatsAsync(February, new ReportFilter(ReportSlice.Owner, "identity-team").And(ReportSlice.Technician, "blair")));
        Assert.Equal(SearchStats.Empty, await Reports.SearchStatsAsync(February, new ReportFilter(ReportSlice.Owner, "identity-team").And(ReportSlice.Technician, "alex")));
        Assert.Equal(new SearchStats(2, 1, 1), await Reports.SearchStatsAsync(February, new ReportFilter(ReportSlice.Client, "Contoso Dental").And(ReportSlice.Technician, "blair")));
    }

    [Fact]
    public async Task Search_and_link_drill_downs_list_the_searches_and_links_behind_each_number()
    {
        var zero = await Reports.SearchesAsync(February, SearchMeasure.ZeroResult);
        Assert.Equal(["Printer  offline!", "printer offline"], zero.Items.Select(s => s.Query));
        Assert.Equal(["s3", "s1"], (await Reports.SearchesAsync(February, SearchMeasure.Successful)).Items.Select(s => SessionOf(s)));
        Assert.Equal(2, (await Reports.SearchesAsync(February, SearchMeasure.ZeroResult, new ReportFilter(ReportSlice.Category, ReportKeys.None), "printer offline")).Total);
        Assert.Equal(0, (await Reports.SearchesAsync(February, SearchMeasure.ZeroResult, normalizedQuery: "vpn drops")).Total);

        var resolved = await Reports.LinksAsync(February, resolvedOnly: true);
        // Newest close first: T10 (b), T6 (a), T3 (b).
        Assert.Equal([("T10", "kb-b"), ("T6", "kb-a"), ("T3", "kb-b")], resolved.Items.Select(l => (l.Ticket.ExternalId, l.ArticleId)));
        Assert.All(resolved.Items, l => Assert.Equal(LinkType.Resolved, l.Type));
        Assert.Equal("Article kb-b", resolved.Items[0].ArticleTitle);
        var all = await Reports.LinksAsync(February, offset: 4, limit: 2);
        Assert.Equal((6L, 2, false), (all.Total, all.Items.Count, all.HasMore));
    }

    private string SessionOf(SearchSummary search)
    {
        using var db = Database.Factory.CreateDbContext();
        return db.SearchLog.Single(s => s.Id == search.Id).SessionId;
    }

    public static TheoryData<string> Filters() =>
    [
        "", "owner=sam.reyes", "owner=identity-team", "owner=(none)", "category=identity", "client=Fabrikam", "technician=alex",
        "owner=sam.reyes&technician=alex", "owner=identity-team&technician=blair", "category=email-outlook&client=Contoso Dental",
        "owner=sam.reyes&category=email-outlook&client=Contoso Dental&technician=blair", "client=(none)&technician=alex",
    ];

    private static ReportFilter? ParseFilter(string text)
    {
        ReportFilter? filter = null;
        foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = (pair.Split('=')[0], pair.Split('=')[1]);
            filter = ReportFilter.Combine(filter, Enum.Parse<ReportSlice>(key, ignoreCase: true), value);
        }
        return filter;
    }

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Every_ticket_number_of_a_report_has_exactly_that_many_tickets_behind_it(string filterText)
    {
        var filter = ParseFilter(filterText);

        await AssertTicketsAsync(February, filter, await Reports.TotalsAsync(February, filter));
        foreach (var by in Enum.GetValues<ReportSlice>())
            foreach (var row in await Reports.ReuseAsync(February, by, filter))
                await AssertTicketsAsync(February, ReportFilter.Combine(filter, by, row.Key),
                    new ReuseCounts(row.ClosedTickets, row.LinkedTickets, row.KnownTickets, row.CreatedTickets));
        foreach (var row in await Reports.ParticipationAsync(February, filter))
            await AssertTicketsAsync(February, ReportFilter.Combine(filter, ReportSlice.Technician, row.Technician),
                new ReuseCounts(row.ClosedTickets, row.LinkedTickets, -1, -1));
        foreach (var week in await Reports.TrendsAsync(February, filter))
            await AssertTicketsAsync(ReuseReports.Bucket(week.WeekStart, February), filter, week.Tickets);

        var gaps = await Reports.ContentGapsAsync(February, filter);
        foreach (var gap in gaps.UnlinkedTickets)
        {
            var inCategory = ReportFilter.Combine(filter, ReportSlice.Category, gap.Category);
            Assert.Equal(gap.Unlinked, await CountAsync(Reports.TicketsAsync(February, TicketMeasure.Unlinked, inCategory, limit: Page<TicketSummary>.MaxLimit)));
            Assert.Equal(gap.ClosedTickets, await CountAsync(Reports.TicketsAsync(February, TicketMeasure.Closed, inCategory, limit: Page<TicketSummary>.MaxLimit)));
        }
    }

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Every_article_link_and_search_number_of_a_report_has_exactly_that_many_rows_behind_it(string filterText)
    {
        var filter = ParseFilter(filterText);

        var articles = (await Reports.TopReusedAsync(February, filter, Page<ArticleReuse>.MaxLimit))
            .Concat(await Reports.LeastEffectiveAsync(February, filter, minLinks: 1, top: Page<ArticleReuse>.MaxLimit));
        foreach (var article in articles)
        {
            Assert.Equal(article.ReuseCount, await CountAsync(Reports.ArticleTicketsAsync(article.ArticleId, February, filter, limit: Page<TicketSummary>.MaxLimit)));
            Assert.Equal(article.ResolvedLinks, await CountAsync(Reports.ArticleTicketsAsync(article.ArticleId, February, filter, resolvedOnly: true, limit: Page<TicketSummary>.MaxLimit)));
        }

        var weeks = await Reports.TrendsAsync(February, filter);
        foreach (var (period, links, searches) in weeks.Select(w => (ReuseReports.Bucket(w.WeekStart, February), w.Links, w.Searches))
                     .Append((February, await Reports.LinkCountsAsync(February, filter), await Reports.SearchStatsAsync(February, filter))))
        {
            Assert.Equal(links.All, await CountAsync(Reports.LinksAsync(period, filter, limit: Page<LinkSummary>.MaxLimit)));
            Assert.Equal(links.Resolved, await CountAsync(Reports.LinksAsync(period, filter, resolvedOnly: true, limit: Page<LinkSummary>.MaxLimit)));
            Assert.Equal(searches.Searches, await CountAsync(Reports.SearchesAsync(period, SearchMeasure.All, filter, limit: Page<SearchSummary>.MaxLimit)));
            Assert.Equal(searches.Successful, await CountAsync(Reports.SearchesAsync(period, SearchMeasure.Successful, filter, limit: Page<SearchSummary>.MaxLimit)));
            Assert.Equal(searches.ZeroResult, await CountAsync(Reports.SearchesAsync(period, SearchMeasure.ZeroResult, filter, limit: Page<SearchSummary>.MaxLimit)));
        }

        foreach (var gap in (await Reports.ContentGapsAsync(February, filter)).ZeroResultQueries)
            Assert.Equal(gap.Searches, await CountAsync(Reports.SearchesAsync(February, SearchMeasure.ZeroResult,
                ReportFilter.Combine(filter, ReportSlice.Category, gap.Category), gap.NormalizedQuery, limit: Page<SearchSummary>.MaxLimit)));
    }

    [Fact]
    public async Task The_drill_down_checks_see_numbers_in_the_fixture()
    {
        // Guards the two theories above against passing on empty reports: the fixture has every kind of number.
        Assert.NotEmpty((await Reports.ContentGapsAsync(February)).ZeroResultQueries);
        Assert.NotEmpty((await Reports.ContentGapsAsync(February, new ReportFilter(ReportSlice.Owner, "sam.reyes").And(ReportSlice.Technician, "alex"))).UnlinkedTickets);
        Assert.Equal(new ReuseCounts(3, 3, 1, 1), await Reports.TotalsAsync(February, new ReportFilter(ReportSlice.Owner, "identity-team").And(ReportSlice.Technician, "blair")));
        Assert.Equal(new SearchStats(4, 2, 2), await Reports.SearchStatsAsync(February));
        Assert.Equal(new LinkCounts(1, 2), await Reports.LinkCountsAsync(February, new ReportFilter(ReportSlice.Category, "email-outlook").And(ReportSlice.Client, "Contoso Dental")));
    }

    /// <summary>The rows a drill-down lists, checked against its own total: both must equal the number behind it.</summary>
    private static async Task<long> CountAsync<T>(Task<Page<T>> pageTask)
    {
        var page = await pageTask;
        Assert.False(page.HasMore);
        Assert.Equal(page.Total, page.Items.Count);
        return page.Items.Count;
    }

    private async Task AssertTicketsAsync(ReportPeriod period, ReportFilter? filter, ReuseCounts counts)
    {
        Task<long> Count(TicketMeasure measure) => CountAsync(Reports.TicketsAsync(period, measure, filter, limit: Page<TicketSummary>.MaxLimit));
        Assert.Equal(counts.ClosedTickets, await Count(TicketMeasure.Closed));
        Assert.Equal(counts.LinkedTickets, await Count(TicketMeasure.Linked));
        Assert.Equal(counts.ClosedTickets - counts.LinkedTickets, await Count(TicketMeasure.Unlinked));
        if (counts.KnownTickets >= 0) Assert.Equal(counts.KnownTickets, await Count(TicketMeasure.Known));
        if (counts.CreatedTickets >= 0) Assert.Equal(counts.CreatedTickets, await Count(TicketMeasure.Created));
    }
}

public sealed class SqliteReuseReportsTests : ReuseReportsTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateSqliteAsync();
}

[Collection(KnowledgeBase.Testing.PostgresCollection.Name)]
public sealed class PostgresReuseReportsTests(PostgresServerFixture postgres) : ReuseReportsTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreatePostgresAsync(postgres.Server);
}
