using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Reports;

namespace KnowledgeBase.Core.Tests.Reports;

public sealed class StaleRulesTests
{
    private static readonly DateTime Now = new(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);

    private static DateTime At(int year, int month, int day, int hour = 9) => new(year, month, day, hour, 0, 0, DateTimeKind.Utc);

    private static StaleFacts Facts(KcsState state = KcsState.Validated, DateTime? created = null) => new()
    {
        State = state, CreatedAt = created ?? At(2026, 2, 20), ReviewIntervalDays = 30,
    };

    [Fact]
    public void Review_due_holds_from_the_day_after_the_due_date_and_says_since_the_due_date()
    {
        // created 01-30 00:00 + 30 days = 03-01 00:00: not before today (03-01) → not yet.
        Assert.Empty(StaleRules.Evaluate(Facts(created: At(2026, 1, 30, 0)), Now));
        // created 01-29 23:00 + 30 days = 02-28 23:00 < 03-01 00:00 → due since 02-28 23:00.
        Assert.Equal([new StaleFinding(StaleRule.ReviewDue, At(2026, 2, 28, 23))], StaleRules.Evaluate(Facts(created: At(2026, 1, 29, 23)), Now));
        // a review moves the due date: reviewed 02-15 → due 03-17.
        Assert.Empty(StaleRules.Evaluate(Facts(created: At(2025, 1, 1)) with { LastReviewedAt = At(2026, 2, 15), LastLinkedAt = At(2026, 2, 1) }, Now));
    }

    [Fact]
    public void Unused_needs_both_age_and_no_recent_link_and_exactly_n_days_is_not_older_than_n()
    {
        var facts = Facts(created: Now.AddDays(-180)) with { LastReviewedAt = Now };
        Assert.Empty(StaleRules.Evaluate(facts, Now));
        var older = facts with { CreatedAt = Now.AddDays(-181) };
        Assert.Equal([new StaleFinding(StaleRule.Unused, Now.AddDays(-1))], StaleRules.Evaluate(older, Now));
        Assert.Empty(StaleRules.Evaluate(older with { LastLinkedAt = Now.AddDays(-179) }, Now));
    }

    [Fact]
    public void Low_effectiveness_needs_the_minimum_links_and_a_rate_strictly_below_the_threshold()
    {
        var facts = Facts() with { WindowLinks = 10, WindowResolvedLinks = 3, WindowFirstLinkAt = At(2026, 2, 21) };
        Assert.Empty(StaleRules.Evaluate(facts, Now)); // 3/10 = 0.3 is not < 0.3
        Assert.Equal([new StaleFinding(StaleRule.LowEffectiveness, At(2026, 2, 21))], StaleRules.Evaluate(facts with { WindowResolvedLinks = 2 }, Now));
        Assert.Empty(StaleRules.Evaluate(facts with { WindowLinks = 4, WindowResolvedLinks = 0 }, Now));
    }

    [Fact]
    public void Wip_articles_are_only_judged_as_abandoned_and_archived_ones_never()
    {
        var oldWip = Facts(KcsState.Wip, At(2024, 1, 1)) with { OldestOpenFlagAt = At(2025, 1, 1), WindowLinks = 9 };
        Assert.Equal([new StaleFinding(StaleRule.AbandonedWip, At(2024, 1, 31))], StaleRules.Evaluate(oldWip, Now));
        Assert.Empty(StaleRules.Evaluate(oldWip with { State = KcsState.Archived }, Now));
    }

    [Fact]
    public void An_article_can_break_several_rules_at_once()
    {
        var facts = Facts(created: At(2025, 1, 1)) with { OldestOpenFlagAt = At(2026, 1, 1) };
        Assert.Equal([StaleRule.ReviewDue, StaleRule.Unused, StaleRule.Flagged], StaleRules.Evaluate(facts, Now).Select(f => f.Rule));
    }
}
