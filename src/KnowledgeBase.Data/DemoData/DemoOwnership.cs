using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Core.Owners;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data.Owners;
using KnowledgeBase.Data.Settings;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.DemoData;

/// <summary>
/// Gives the demo's people realistic ownership, so every account's review queue has work in it (docs/people.md):
/// the accounts already in the database, by KCS role. Only categories whose owner is no account or team yet (the
/// starter content's names) are handed out, so real ownership is never overwritten:
/// <list type="bullet">
/// <item>each top-level category (a domain) to a Knowledge Domain Expert in turn (an Admin when there is none): they see the whole domain;</item>
/// <item>the subcategories in turn to the "Service desk" team (every Candidate and Contributor is a member), the
/// Contributors, Publishers, Coaches and Admins, busiest categories first;</item>
/// <item>the first Admin triages the unowned articles, unless someone already does.</item>
/// </list>
/// Then each account whose queue would still be empty gets a demo flag (raised weeks ago by a demo technician) on an
/// article it is accountable for, so a newcomer opening the review queue finds something to do.
/// </summary>
internal static class DemoOwnership
{
    public const string TeamName = "Service desk";

    private sealed record Person(string Id, string UserName, KcsRole Role);

    /// <returns>The categories handed out and the flags raised so that every queue has work.</returns>
    public static async Task<(int Categories, int Flags)> AssignAsync(KnowledgeBaseDbContext db, DateTime now, Random random, string technicianSuffix, CancellationToken cancellationToken)
    {
        var people = (await db.Users.AsNoTracking().Where(u => u.Audience == Audience.Internal && u.DisabledAt == null)
                .Select(u => new { u.Id, u.UserName, u.Role }).ToListAsync(cancellationToken))
            .Where(u => !string.IsNullOrEmpty(u.UserName)).Select(u => new Person(u.Id, u.UserName!, u.Role))
            .OrderBy(p => p.Role).ThenBy(p => p.UserName, StringComparer.OrdinalIgnoreCase).ToList();
        if (people.Count == 0) return (0, 0);
        List<Person> With(KcsRole role) => people.Where(p => p.Role == role).ToList();

        var team = await db.Teams.FirstOrDefaultAsync(t => t.NormalizedName == Team.Normalize(TeamName), cancellationToken);
        if (team is null)
        {
            team = new Team { Name = TeamName, NormalizedName = Team.Normalize(TeamName), Description = "First-line technicians (demo data).", CreatedAt = now };
            db.Teams.Add(team);
            await db.SaveChangesAsync(cancellationToken);
        }
        var members = await db.TeamMembers.Where(m => m.TeamId == team.Id).Select(m => m.UserId).ToListAsync(cancellationToken);
        foreach (var person in people.Where(p => p.Role is KcsRole.Candidate or KcsRole.Contributor && !members.Contains(p.Id)))
            db.TeamMembers.Add(new TeamMember { TeamId = team.Id, UserId = person.Id });

        var categories = await db.Categories.ToListAsync(cancellationToken);
        var articleCounts = await db.ArticleCategories.Where(ac => db.Articles.Any(a => a.Id == ac.ArticleId && a.DeletedAt == null))
            .GroupBy(ac => ac.CategoryId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        static bool Unclaimed(string owner) => OwnerRef.Parse(owner) is { Kind: OwnerKind.Unclaimed };
        var experts = With(KcsRole.KnowledgeDomainExpert) is { Count: > 0 } kdes ? kdes : With(KcsRole.Admin) is { Count: > 0 } admins ? admins : people;
        var rotation = new List<string> { team.Ref.ToString() };
        rotation.AddRange(With(KcsRole.Contributor).Concat(With(KcsRole.Publisher)).Concat(With(KcsRole.Coach)).Concat(With(KcsRole.Admin))
            .Select(p => OwnerRef.User(p.Id).ToString()));
        var assigned = 0;
        var roots = categories.Where(c => c.ParentId is null).OrderBy(c => c.SortOrder).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();
        foreach (var (root, i) in roots.Select((c, i) => (c, i)).Where(x => Unclaimed(x.c.Owner)))
        {
            root.Owner = OwnerRef.User(experts[i % experts.Count].Id).ToString();
            assigned++;
        }
        var children = categories.Where(c => c.ParentId is not null && Unclaimed(c.Owner))
            .OrderByDescending(c => articleCounts.GetValueOrDefault(c.Id)).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();
        foreach (var (child, i) in children.Select((c, i) => (c, i)))
        {
            child.Owner = rotation[i % rotation.Count];
            assigned++;
        }
        if (With(KcsRole.Admin).FirstOrDefault() is { } triager && !await db.SiteSettings.AnyAsync(s => s.Key == SiteSettingKeys.TriageOwner, cancellationToken))
            db.SiteSettings.Add(new SiteSetting { Key = SiteSettingKeys.TriageOwner, Value = OwnerRef.User(triager.Id).ToString(), UpdatedAt = now, UpdatedBy = "demo-data" });
        if (assigned > 0) await OwnerChangeLog.AddForCategoriesAsync(db, categories.Select(c => c.Id).ToList(), "demo-data", now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);

        // Work for everyone: a person whose queue has nothing open gets a flag on an article they are accountable for.
        var raised = 0;
        var flagged = await db.ArticleFlags.Where(f => f.ResolvedAt == null).Select(f => f.ArticleId).Distinct().ToListAsync(cancellationToken);
        foreach (var person in people)
        {
            var scope = await OwnerDirectory.ScopeOfUserAsync(db, person.UserName, cancellationToken);
            var theirs = OwnerQueries.Owned(db, db.Articles.Where(a => a.DeletedAt == null && a.State != KcsState.Archived)).InScope(scope);
            if (await theirs.AnyAsync(o => flagged.Contains(o.Article.Id), cancellationToken)) continue;
            var article = await theirs.OrderBy(o => o.Article.Id).Select(o => o.Article.Id).FirstOrDefaultAsync(cancellationToken);
            if (article is null) continue;
            db.ArticleFlags.Add(new ArticleFlag
            {
                ArticleId = article, Reason = FlagReason.Outdated, Comment = "The steps no longer match what the portal shows.",
                RaisedBy = "hana.sato" + technicianSuffix, RaisedAt = now.AddDays(-15 - random.Next(10)),
            });
            flagged.Add(article);
            raised++;
        }
        await db.SaveChangesAsync(cancellationToken);
        return (assigned, raised);
    }
}
