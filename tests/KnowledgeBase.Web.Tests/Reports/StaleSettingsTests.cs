using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data;
using KnowledgeBase.Data.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Web.Tests.Reports;

/// <summary>The stale-rule thresholds come from <c>Reports:Stale</c>: the site applies them, and refuses to start with bad ones.</summary>
public sealed class StaleSettingsTests
{
    [Fact]
    public async Task The_site_applies_the_configured_flag_age()
    {
        await using var site = new KnowledgeBaseSite(new Dictionary<string, string?> { ["Reports:Stale:FlagAgeDays"] = "3" });
        var client = await site.SignedInClientAsync(KcsRole.Candidate);
        var factory = site.Services.GetRequiredService<IDbContextFactory<KnowledgeBaseDbContext>>();
        var owner = $"owner-{Guid.NewGuid():N}"[..20] + "@test.local";
        await site.CreateUserAsync(owner, KcsRole.Contributor);
        var ownerRef = (await site.Services.GetRequiredService<KnowledgeBase.Data.Owners.OwnerDirectory>().ResolveAsync(owner)).Owner!.Ref;
        var fiveDays = await StaleArticles.CreateReviewDueAsync(factory, TimeProvider.System, owner, "Flagged five days ago");
        var twoDays = await StaleArticles.CreateReviewDueAsync(factory, TimeProvider.System, owner, "Flagged two days ago");
        var ledger = site.Services.GetRequiredService<ReuseLedger>();
        foreach (var (id, days) in new[] { (fiveDays, 5), (twoDays, 2) })
        {
            await ledger.FlagAsync(new Actor("tech", KcsRole.Candidate), id, FlagReason.Outdated, "Old screenshots");
            await using var db = await factory.CreateDbContextAsync();
            await db.ArticleFlags.Where(f => f.ArticleId == id).ExecuteUpdateAsync(s => s.SetProperty(f => f.RaisedAt, DateTime.UtcNow.AddDays(-days)));
        }

        var page = await client.GetStringAsync($"/reports/articles?owner={Uri.EscapeDataString(ownerRef)}&rule=flagged");

        // Default 14 days: neither would be stale as flagged; with 3, the five-day-old flag is.
        Assert.Contains($"articles/{fiveDays}\"", page);
        Assert.DoesNotContain($"articles/{twoDays}\"", page);
        Assert.Contains("1 stale article.", page);
    }

    [Fact]
    public async Task Bad_thresholds_stop_the_site_at_start_naming_them()
    {
        await using var site = new KnowledgeBaseSite(new Dictionary<string, string?>
        {
            ["Reports:Stale:UnusedDays"] = "0",
            ["Reports:Stale:LowEffectivenessThreshold"] = "1.5",
        });

        var error = Assert.ThrowsAny<Exception>(() => site.CreateLoopbackClient()).ToString();

        Assert.Contains("Reports:Stale is not valid", error);
        Assert.Contains("unusedDays: Must be at least 1.", error);
        Assert.Contains("lowEffectivenessThreshold: Must be between 0 and 1.", error);
    }
}
