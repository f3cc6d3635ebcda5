using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Categories;
using KnowledgeBase.Core.Reports;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data.Articles;
using KnowledgeBase.Data.DemoData;
using KnowledgeBase.Data.Reports;
using KnowledgeBase.Testing;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Tests;

public abstract class DemoDataGeneratorTests : LedgerTestBase
{
    private static readonly DateTime DemoNow = At(2026, 3, 1);

    private static readonly (string Id, string Category, string Title)[] Articles =
    [
        ("outlook-password", "email-outlook", "Outlook keeps prompting for password after MFA is enabled — Microsoft 365"),
        ("outlook-search", "email-outlook", "Outlook search returns no results — Outlook for Windows"),
        ("mfa-new-phone", "identity", "MFA prompts go to the old phone after a phone change — Entra ID"),
        ("account-locked", "identity", "Account locks out every few minutes — Active Directory"),
        ("shared-mailbox", "email", "Shared mailbox does not appear in Outlook — Exchange Online"),
        ("teams-sign-in", "email", "Teams shows error caa20004 at sign-in — Microsoft Teams"),
    ];

    private static async Task SeedArticlesAsync(TestDatabase database, FixedClock clock)
    {
        var store = new ArticleStore(database.Factory, clock);
        clock.Now = new DateTimeOffset(At(2026, 2, 28));
        foreach (var (id, category, title) in Articles)
            await store.CreateAsync(Contributor, id, new ArticleEdit
            {
                Title = title, Body = $"## Issue\nUsers say: {title.Split(" — ")[0]}. It started this week.\n\n## Resolution\nFix it.",
                State = KcsState.Validated, Categories = [category],
            });
    }

    protected override Task SeedAsync() => SeedArticlesAsync(Database, Clock);

    private DemoDataGenerator Generator(TestDatabase? database = null) => new((database ?? Database).Factory);

    [Fact]
    public async Task The_same_seed_gives_the_same_data_on_a_fresh_database()
    {
        var first = await Generator().GenerateAsync(new DemoDataOptions { Seed = 42, Now = DemoNow });

        await using var other = await CreateDatabaseAsync();
        await using (var db = other.Factory.CreateDbContext())
        {
            db.Categories.Add(new TicketCategory { Id = "email", Name = "Email", Owner = "mail-team", ReviewIntervalDays = 90 });
            db.Categories.Add(new TicketCategory { Id = "email-outlook", Name = "Outlook", Owner = "sam.reyes", ParentId = "email", ReviewIntervalDays = 30 });
            db.Categories.Add(new TicketCategory { Id = "identity", Name = "Identity", Owner = "identity-team", ReviewIntervalDays = 180 });
            await db.SaveChangesAsync();
        }
        await SeedArticlesAsync(other, new FixedClock(Clock.Now));
        var second = await Generator(other).GenerateAsync(new DemoDataOptions { Seed = 42, Now = DemoNow });
        var differentSeed = await Generator(other).GenerateAsync(new DemoDataOptions { Seed = 7, Now = DemoNow, Replace = true, BackdateArticles = false });

        Assert.Equal(first, second);
        Assert.True(first.Tickets > 500, $"{first.Tickets} tickets");
        Assert.True(first.Links > 200 && first.Searches > first.Tickets / 2 && first.Flags >= 3, first.ToString());
        Assert.Equal(Articles.Length, first.ArticlesBackdated);
        Assert.NotEqual("", first.FirstTicketSubject);
        Assert.NotEqual(first with { ArticlesBackdated = 0 }, differentSeed);
    }

    [Fact]
    public async Task The_reuse_counts_it_moves_are_logged_at_the_clocks_time_in_utc()
    {
        Clock.Now = new DateTimeOffset(At(2026, 3, 2, 14, 30));
        await new DemoDataGenerator(Database.Factory, clock: Clock).GenerateAsync(new DemoDataOptions { Seed = 42, Now = DemoNow });

        await using var db = Database.Factory.CreateDbContext();
        var logged = await db.ChangeLog.Where(c => c.Type == ChangeType.ReuseChanged).Select(c => c.OccurredAt).ToListAsync();
        Assert.NotEmpty(logged);
        Assert.All(logged, at => Assert.Equal(At(2026, 3, 2, 14, 30), DateTime.SpecifyKind(at, DateTimeKind.Utc)));
    }

    [Fact]
    public async Task A_second_run_is_refused_unless_it_replaces_the_previous_one_and_real_rows_are_kept()
    {
        await TicketAsync("real", At(2026, 2, 1), null);
        await Generator().GenerateAsync(new DemoDataOptions { Seed = 1, Now = DemoNow });

        await Assert.ThrowsAsync<InvalidOperationException>(() => Generator().GenerateAsync(new DemoDataOptions { Seed = 1, Now = DemoNow }));
        var again = await Generator().GenerateAsync(new DemoDataOptions { Seed = 1, Now = DemoNow, Replace = true });

        await using var db = Database.Factory.CreateDbContext();
        Assert.Equal(again.Tickets, await db.Tickets.CountAsync(t => t.System == DemoDataGenerator.System));
        Assert.Equal(again.Links, await db.TicketLinks.CountAsync());
        Assert.Equal(again.Searches, await db.SearchLog.CountAsync());
        Assert.True(await db.Tickets.AnyAsync(t => t.ExternalId == "real"));
        var reuse = await db.Articles.SumAsync(a => a.ReuseCount);
        Assert.Equal(await db.TicketLinks.CountAsync(l => l.RemovedAt == null), reuse);

        await Generator().ClearAsync();
        Assert.False(await Generator().HasDemoDataAsync());
        Assert.Equal(0, await db.Articles.SumAsync(a => a.ReuseCount));
    }

    [Fact]
    public async Task The_demo_reports_show_meaningful_numbers()
    {
        await Generator().GenerateAsync(new DemoDataOptions { Seed = 3, Now = DemoNow });
        SetNow(DemoNow);
        var reports = new ReuseReports(Database.Factory);
        var period = ReportPeriod.LastDays(DemoNow, 180);

        var totals = await reports.TotalsAsync(period);
        Assert.InRange(totals.LinkRate, 0.3, 0.95);
        Assert.InRange(totals.ReuseRate, 0.5, 1.0);
        Assert.True(totals.CreatedTickets > 0);
        var search = await reports.SearchStatsAsync(period);
        Assert.InRange(search.ZeroResultRate, 0.02, 0.5);
        Assert.InRange(search.SuccessRate, 0.2, 0.95);
        Assert.NotEmpty((await reports.ContentGapsAsync(period)).ZeroResultQueries);
        Assert.Equal(3, (await reports.ReuseAsync(period, ReportSlice.Owner)).Count(r => r.Key != ReportKeys.None));
    }
}

public sealed class SqliteDemoDataGeneratorTests : DemoDataGeneratorTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateSqliteAsync();
}

[Collection(KnowledgeBase.Testing.PostgresCollection.Name)]
public sealed class PostgresDemoDataGeneratorTests(PostgresServerFixture postgres) : DemoDataGeneratorTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreatePostgresAsync(postgres.Server);
}
