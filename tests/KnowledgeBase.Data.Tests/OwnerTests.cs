using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Audit;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Core.Owners;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data.Audit;
using KnowledgeBase.Data.Owners;
using KnowledgeBase.Data.Reports;
using KnowledgeBase.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KnowledgeBase.Data.Tests;

/// <summary>
/// Owners are accounts or teams (issue #16): how an owner is named and resolved, "mine", a domain, triage, unclaimed
/// owners and their one-step assignment, who an owner reaches, and the migration of free-text owners.
/// The base categories: email (mail-team) › email-outlook (sam.reyes), identity (identity-team).
/// </summary>
public abstract class OwnerTests : LedgerTestBase
{
    private OwnerDirectory Owners => new(Database.Factory, Clock);
    private OwnerAssignments Assignments => new(Database.Factory, Owners, Clock);
    private ReviewQueue Queue => new(Database.Factory, Clock, Store, Ledger);

    private async Task SetCategoryOwnerAsync(string category, string owner)
    {
        await using var db = Database.Factory.CreateDbContext();
        (await db.Categories.FindAsync(category))!.Owner = owner;
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task An_owner_is_named_by_email_user_name_or_team_name_in_any_case_and_an_unknown_one_is_refused_saying_what_to_type()
    {
        var dana = await UserAsync("dana.okafor", email: "dana@example.com", displayName: "Dana Okafor");
        var team = await TeamAsync("Identity team", dana);

        Assert.Equal(dana, (await Owners.ResolveAsync("DANA@example.com")).Owner!.Ref);
        Assert.Equal(dana, (await Owners.ResolveAsync("dana.okafor")).Owner!.Ref);
        Assert.Equal(dana, (await Owners.ResolveAsync(dana)).Owner!.Ref);
        Assert.Equal("Dana Okafor", (await Owners.ResolveAsync("dana@example.com")).Owner!.Name);
        Assert.Equal(team, (await Owners.ResolveAsync("  identity TEAM ")).Owner!.Ref);

        var unknown = await Owners.ResolveAsync("priya.nair");
        Assert.Null(unknown.Owner);
        Assert.Equal("No user or team is called 'priya.nair'. Type a user's e-mail or user name, or a team's name (teams are on the Teams page).", unknown.Error);
    }

    [Fact]
    public async Task Customer_and_disabled_accounts_own_nothing()
    {
        await UserAsync("portal@client.example", audience: Audience.Customer);
        await UserAsync("gone@example.com", disabled: true, displayName: "Gone Person");

        Assert.Contains("is a customer account", (await Owners.ResolveAsync("portal@client.example")).Error);
        Assert.Contains("Gone Person (gone@example.com) is disabled", (await Owners.ResolveAsync("gone@example.com")).Error);
    }

    [Fact]
    public async Task The_article_store_keeps_an_explicit_owner_as_the_account_and_refuses_an_unknown_one_on_the_owner_field()
    {
        var pat = await UserAsync("pat@example.com");
        var article = await ArticleAsync("owned", At(2026, 1, 1), owner: "PAT@example.com");
        Assert.Equal(pat, article.Owner);

        var refused = await Assert.ThrowsAsync<ArticleValidationException>(() =>
            Store.UpdateAsync(Contributor, "owned", article.Version, new ArticleEdit { Title = article.Title, Body = article.Body, State = article.State, Categories = ["email-outlook"], Owner = "nobody@example.com" }));
        Assert.Equal("No user or team is called 'nobody@example.com'. Type a user's e-mail or user name, or a team's name (teams are on the Teams page).", refused.Errors["owner"]);
        Assert.Equal(pat, (await Store.FindAsync("owned"))!.Owner);
        // Naming the stored owner again, or the same account by e-mail, changes nothing.
        foreach (var same in new[] { pat, "pat@example.com" })
        {
            var outcome = await Store.UpdateAsync(Contributor, "owned", article.Version, new ArticleEdit { Title = article.Title, Body = article.Body, State = article.State, Categories = ["email-outlook"], Owner = same });
            Assert.Equal(("No changes to save.", article.Version), (outcome.Message, outcome.Article.Version));
        }
    }

    [Fact]
    public async Task Mine_is_my_categories_my_teams_categories_and_the_articles_I_or_my_team_own_explicitly()
    {
        var sam = await UserAsync("sam.reyes@example.com");
        var lee = await UserAsync("lee@example.com");
        var messaging = await TeamAsync("Messaging", sam);
        await SetCategoryOwnerAsync("email-outlook", sam);
        await SetCategoryOwnerAsync("email", messaging);
        await SetCategoryOwnerAsync("identity", lee);
        // All created long ago, so every one is due for review.
        await ArticleAsync("outlook", At(2025, 1, 1));
        await ArticleAsync("mail", At(2025, 1, 1), "email");
        await ArticleAsync("identity", At(2025, 1, 1), "identity");
        await ArticleAsync("identity-mine", At(2025, 1, 1), "identity", owner: "sam.reyes@example.com");
        await ArticleAsync("identity-team", At(2025, 1, 1), "identity", owner: "messaging");
        await ArticleAsync("outlook-lee", At(2025, 1, 1), owner: "lee@example.com");
        SetNow(At(2026, 3, 1));

        var mine = await Owners.ScopeOfUserAsync("sam.reyes@example.com");
        var queue = await Queue.ForScopeAsync(mine);

        Assert.Equal(["identity-mine", "identity-team", "mail", "outlook"], queue.Select(i => i.ArticleId).Order(StringComparer.Ordinal));
        Assert.Equal(messaging, queue.Single(i => i.ArticleId == "mail").Owner);
        Assert.Empty(mine.DomainCategories);
        Assert.Equal(["identity", "outlook-lee"], (await Queue.ForScopeAsync(await Owners.ScopeOfUserAsync("lee@example.com"))).Select(i => i.ArticleId).Order(StringComparer.Ordinal));

        // Reassigning the category moves its queue at once.
        await SetCategoryOwnerAsync("email-outlook", lee);
        Assert.DoesNotContain("outlook", (await Queue.ForScopeAsync(await Owners.ScopeOfUserAsync("sam.reyes@example.com"))).Select(i => i.ArticleId));
        Assert.Contains("outlook", (await Queue.ForScopeAsync(await Owners.ScopeOfUserAsync("lee@example.com"))).Select(i => i.ArticleId));
    }

    [Fact]
    public async Task A_knowledge_domain_expert_sees_every_article_of_the_domain_below_the_categories_they_own()
    {
        var kim = await UserAsync("kim@example.com", KcsRole.KnowledgeDomainExpert);
        var sam = await UserAsync("sam@example.com");
        await SetCategoryOwnerAsync("email", kim);
        await SetCategoryOwnerAsync("email-outlook", sam);
        await ArticleAsync("outlook", At(2025, 1, 1));
        await ArticleAsync("outlook-sams", At(2025, 1, 1), owner: "sam@example.com");
        await ArticleAsync("identity", At(2025, 1, 1), "identity");
        SetNow(At(2026, 3, 1));

        var domain = await Owners.ScopeOfUserAsync("kim@example.com");

        Assert.Equal(["email", "email-outlook"], domain.DomainCategories);
        Assert.Equal(["outlook", "outlook-sams"], (await Queue.ForScopeAsync(domain)).Select(i => i.ArticleId).Order(StringComparer.Ordinal));
        // A Contributor owning the parent would see only what it owns itself.
        await SetCategoryOwnerAsync("email", sam);
        await SetCategoryOwnerAsync("email-outlook", kim);
        Assert.Empty((await Owners.ScopeOfUserAsync("sam@example.com")).DomainCategories);
    }

    [Fact]
    public async Task The_triage_owner_finds_the_articles_without_an_owner_or_a_category_in_their_queue()
    {
        var ana = await UserAsync("ana@example.com");
        SetNow(At(2025, 1, 1));
        await Store.CreateAsync(Contributor, "orphan", new ArticleEdit { Title = "Orphan", Body = "## Issue\nx", State = KcsState.Validated });
        await ArticleAsync("outlook", At(2025, 1, 1));
        SetNow(At(2026, 3, 1));

        Assert.False((await Owners.ScopeOfUserAsync("ana@example.com")).IncludesUnowned);
        var (done, message) = await Assignments.SetTriageOwnerAsync("admin", "ana@example.com");
        Assert.True(done, message);

        var scope = await Owners.ScopeOfUserAsync("ana@example.com");
        Assert.True(scope.IncludesUnowned);
        var item = Assert.Single(await Queue.ForScopeAsync(scope));
        Assert.Equal(("orphan", (string?)null), (item.ArticleId, item.Owner));
        Assert.Equal(ana, await Owners.TriageOwnerAsync());
        Assert.Equal([ana], (await Owners.AccountableAccountsOfArticleAsync("orphan")).Select(a => OwnerRef.User(a.UserId).ToString()));
        Assert.False((await Assignments.SetTriageOwnerAsync("admin", "nobody@example.com")).Done);
    }

    [Fact]
    public async Task An_owner_reaches_the_user_or_the_teams_enabled_members_and_an_unclaimed_name_reaches_nobody()
    {
        var ana = await UserAsync("ana@example.com", displayName: "Ana");
        var bo = await UserAsync("bo@example.com");
        var gone = await UserAsync("gone@example.com", disabled: true);
        var team = await TeamAsync("Network", ana, bo, gone);
        await SetCategoryOwnerAsync("identity", team);
        await ArticleAsync("vpn", At(2026, 1, 1), "identity");

        Assert.Equal(["ana@example.com"], (await Owners.AccountsOfAsync(ana)).Select(a => a.Email));
        Assert.Equal(["ana@example.com", "bo@example.com"], (await Owners.AccountsOfAsync(team)).Select(a => a.Email));
        Assert.Empty(await Owners.AccountsOfAsync("sam.reyes"));
        Assert.Empty(await Owners.AccountsOfAsync(null));
        Assert.Equal(team, await Owners.AccountableOwnerOfArticleAsync("vpn"));
        Assert.Equal(["ana@example.com", "bo@example.com"], (await Owners.AccountableAccountsOfArticleAsync("vpn")).Select(a => a.Email));
        Assert.Equal(team, await Owners.OwnerOfCategoryAsync("identity"));
    }

    [Fact]
    public async Task Unclaimed_owners_are_listed_with_what_they_own_and_given_to_an_account_in_one_step_that_reaches_the_index()
    {
        // The base categories' owners are free text: sam.reyes (email-outlook), mail-team (email), identity-team (identity).
        await ArticleAsync("o1", At(2026, 1, 1));
        await ArticleAsync("o2", At(2026, 1, 1));
        await ArticleAsync("id1", At(2026, 1, 1), "identity");
        await ArticleAsync("named", At(2025, 1, 1), "identity", owner: null);
        await using (var db = Database.Factory.CreateDbContext())
            await db.Articles.Where(a => a.Id == "named").ExecuteUpdateAsync(s => s.SetProperty(a => a.Owner, "sam.reyes"));
        var sam = await UserAsync("sam.reyes@example.com", displayName: "Sam Reyes");

        var unclaimed = await Owners.UnclaimedAsync();
        var samName = unclaimed.Single(u => u.Name == "sam.reyes");
        Assert.Equal((1, 3, 1), (samName.Categories, samName.Articles, samName.ExplicitArticles));
        Assert.Equal(sam, samName.Suggestion?.Ref);
        Assert.Equal((1, 1), unclaimed.Where(u => u.Name == "identity-team").Select(u => (u.Categories, u.Articles)).Single());
        Assert.Equal("sam.reyes (unclaimed)", await Owners.NameOfAsync("sam.reyes"));
        long before;
        await using (var db = Database.Factory.CreateDbContext()) before = await db.ChangeLog.MaxAsync(c => c.Sequence);

        var (done, message) = await Assignments.AssignUnclaimedAsync("admin", "sam.reyes", "sam.reyes@example.com");

        Assert.True(done, message);
        Assert.Equal("sam.reyes is now Sam Reyes: 1 category and 1 article owned by name moved.", message);
        await using (var db = Database.Factory.CreateDbContext())
        {
            Assert.Equal(sam, (await db.Categories.FindAsync("email-outlook"))!.Owner);
            Assert.Equal(sam, (await db.Articles.FindAsync("named"))!.Owner);
            var changed = await db.ChangeLog.Where(c => c.Sequence > before).ToListAsync();
            Assert.All(changed, c => Assert.Equal(ChangeType.OwnerChanged, c.Type));
            Assert.Equal(["named", "o1", "o2"], changed.Select(c => c.ArticleId).Order(StringComparer.Ordinal));
        }
        Assert.DoesNotContain(await Owners.UnclaimedAsync(), u => u.Name == "sam.reyes");
        SetNow(At(2026, 3, 1));
        var audit = Assert.Single(await new AuditLog(Database.Factory, Clock).QueryAsync(new AuditQuery(Action: AuditActions.OwnerAssigned)));
        Assert.Equal("sam.reyes", audit.Target);
        Assert.Equal(["named", "o1", "o2"], (await Queue.ForScopeAsync(await Owners.ScopeOfUserAsync("sam.reyes@example.com"))).Select(i => i.ArticleId).Order(StringComparer.Ordinal));
        Assert.False((await Assignments.AssignUnclaimedAsync("admin", "identity-team", "no-such-team")).Done);
    }

    [Fact]
    public async Task A_team_name_must_not_be_a_user_name_or_another_teams_and_a_team_that_owns_something_is_not_deleted()
    {
        await UserAsync("ana");
        var teams = new TeamAdministration(Database.Factory, Owners, new AuditLog(Database.Factory, Clock), Clock);

        Assert.Equal("'ana' is a user's name; choose another name for the team.", (await teams.CreateAsync("admin", "ana", null)).Error);
        var (id, error) = await teams.CreateAsync("admin", "Network", "VPN and Wi-Fi");
        Assert.Null(error);
        Assert.Equal("A team called 'NETWORK' already exists.", (await teams.CreateAsync("admin", "NETWORK", null)).Error);
        Assert.Null(await teams.AddMemberAsync("admin", id!.Value, "ana@example.com"));
        Assert.Equal("ana@example.com is already in Network.", await teams.AddMemberAsync("admin", id.Value, "ana"));
        await SetCategoryOwnerAsync("identity", OwnerRef.Team(id.Value).ToString());
        Assert.Equal("Network owns 1 category and 0 articles directly: give them another owner first.", await teams.DeleteAsync("admin", id.Value));
        var listed = Assert.Single(await teams.ListAsync());
        Assert.Equal(("Network", 1, 1), (listed.Name, listed.Members.Count, listed.Categories));
    }

    [Fact]
    public async Task Free_text_owners_become_the_accounts_they_name_when_the_database_is_upgraded_and_the_rest_stay_unclaimed()
    {
        await UserAsync("dana.okafor@example.com");
        var priya = await UserAsync("Priya.Nair");
        var sam = await UserAsync("sam@example.com", email: "SAM.REYES@example.com");
        await ArticleAsync("by-email", At(2026, 1, 1));
        await ArticleAsync("by-name", At(2026, 1, 1));
        await ArticleAsync("unknown", At(2026, 1, 1));
        await using (var db = Database.Factory.CreateDbContext())
        {
            // As the database held them before owners were accounts.
            await db.Categories.Where(c => c.Id == "email-outlook").ExecuteUpdateAsync(s => s.SetProperty(c => c.Owner, "sam.reyes@example.com"));
            await db.Articles.Where(a => a.Id == "by-name").ExecuteUpdateAsync(s => s.SetProperty(a => a.Owner, "priya.nair"));
            await db.Articles.Where(a => a.Id == "unknown").ExecuteUpdateAsync(s => s.SetProperty(a => a.Owner, "night-shift"));
            var migrator = db.GetService<IMigrator>();
            var migrations = db.Database.GetMigrations().ToList();
            var ours = migrations.FindIndex(m => m.EndsWith("_OwnersAndTeams", StringComparison.Ordinal));
            await migrator.MigrateAsync(migrations[ours - 1]);
            await migrator.MigrateAsync();
        }

        await using (var db = Database.Factory.CreateDbContext())
        {
            Assert.Equal(sam, (await db.Categories.FindAsync("email-outlook"))!.Owner);
            Assert.Equal("identity-team", (await db.Categories.FindAsync("identity"))!.Owner);
            Assert.Equal(priya, (await db.Articles.FindAsync("by-name"))!.Owner);
            Assert.Equal("night-shift", (await db.Articles.FindAsync("unknown"))!.Owner);
            Assert.Null((await db.Articles.FindAsync("by-email"))!.Owner);
        }
        Assert.Equal(["identity-team", "mail-team", "night-shift"], (await Owners.UnclaimedAsync()).Select(u => u.Name).Order(StringComparer.Ordinal));
    }
}

public sealed class SqliteOwnerTests : OwnerTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateSqliteAsync();
}

[Collection(KnowledgeBase.Testing.PostgresCollection.Name)]
public sealed class PostgresOwnerTests(PostgresServerFixture postgres) : OwnerTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreatePostgresAsync(postgres.Server);
}
