using KnowledgeBase.Core.Articles;

namespace KnowledgeBase.Core.Reports;

/// <summary>
/// The stale-documentation rules of docs/kcs.md ("Stale documentation"), evaluated for one article at one moment, each
/// with the moment it started to hold.
/// </summary>
/// <remarks>
/// Refinements of kcs.md (ours):
/// <list type="bullet">
/// <item><b>Review due</b>: due = (last reviewed, or created when never reviewed) + the primary category's interval at
/// evaluation time (so changing a category's interval takes effect at once). "&lt; today" is read with dates: the
/// article is stale from the day after it fell due, i.e. when due &lt; today 00:00 UTC. Since = due.</item>
/// <item><b>Unused</b>: created more than N days ago and its latest non-removed link (by link time, whether or not
/// the ticket closed) is more than N days old or missing. Since = (latest link, or created) + N days.</item>
/// <item><b>Flagged</b>: the oldest open flag was raised more than the flag age ago. Since = that flag + the age.</item>
/// <item><b>Low effectiveness</b>: "the period" is the last <see cref="StaleOptions.EffectivenessWindowDays"/> days
/// of links (by link time, ticket closed or not, since an article can mislead before its tickets close), effectiveness
/// = resolved ÷ all of those links. Since = the first link of that window: the evidence reaches back to there.</item>
/// <item><b>Abandoned WIP</b>: a WIP article created more than the WIP age ago. Since = created + the age.</item>
/// <item>"Older than" is strict everywhere: exactly N days old is not yet older than N days.</item>
/// <item>Archived articles are never stale; WIP articles only by the abandoned rule.</item>
/// </list>
/// </remarks>
public static class StaleRules
{
    public static IReadOnlyList<StaleFinding> Evaluate(StaleFacts facts, DateTime now, StaleOptions? options = null)
    {
        options ??= StaleOptions.Default;
        var findings = new List<StaleFinding>();
        switch (facts.State)
        {
            case KcsState.Wip:
                var abandonedSince = facts.CreatedAt.AddDays(options.AbandonedWipDays);
                if (abandonedSince < now) findings.Add(new StaleFinding(StaleRule.AbandonedWip, abandonedSince));
                break;
            case KcsState.NotValidated or KcsState.Validated:
                var due = ReviewSchedule.DueAt(facts.LastReviewedAt, facts.CreatedAt, facts.ReviewIntervalDays);
                if (due < now.Date) findings.Add(new StaleFinding(StaleRule.ReviewDue, due));

                var unusedSince = (facts.LastLinkedAt is { } last && last > facts.CreatedAt ? last : facts.CreatedAt).AddDays(options.UnusedDays);
                if (unusedSince < now) findings.Add(new StaleFinding(StaleRule.Unused, unusedSince));

                if (facts.OldestOpenFlagAt is { } flagged && flagged.AddDays(options.FlagAgeDays) < now)
                    findings.Add(new StaleFinding(StaleRule.Flagged, flagged.AddDays(options.FlagAgeDays)));

                if (facts.WindowLinks >= options.LowEffectivenessMinLinks
                    && Rates.Of(facts.WindowResolvedLinks, facts.WindowLinks) < options.LowEffectivenessThreshold)
                    findings.Add(new StaleFinding(StaleRule.LowEffectiveness, facts.WindowFirstLinkAt ?? now.AddDays(-options.EffectivenessWindowDays)));
                break;
        }
        return findings;
    }
}
