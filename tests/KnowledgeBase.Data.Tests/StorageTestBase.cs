using KnowledgeBase.Core.Categories;
using KnowledgeBase.Data.Articles;
using KnowledgeBase.Testing;

namespace KnowledgeBase.Data.Tests;

/// <summary>
/// The storage contract, run once per provider by the Sqlite… and Postgres… subclasses, so both databases are held to
/// the same behaviour.
/// </summary>
public abstract class StorageTestBase : IAsyncLifetime
{
    protected TestDatabase Database { get; private set; } = null!;
    protected FixedClock Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
    protected ArticleStore Store { get; private set; } = null!;

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        Database = await CreateDatabaseAsync();
        Store = new ArticleStore(Database.Factory, Clock);
        await using var db = Database.Factory.CreateDbContext();
        db.Categories.Add(new TicketCategory { Id = "email", Name = "Email", Owner = "mail-team", ReviewIntervalDays = 90 });
        db.Categories.Add(new TicketCategory { Id = "email-outlook", Name = "Outlook", Owner = "sam.reyes", ParentId = "email", ReviewIntervalDays = 30 });
        db.Categories.Add(new TicketCategory { Id = "identity", Name = "Identity", Owner = "identity-team", ReviewIntervalDays = 180 });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();

    /// <summary>
    /// Adds an account as Identity stores it (user name = e-mail unless given, normalized copies upper case) and returns
    /// its owner reference, <c>user:{id}</c>.
    /// </summary>
    protected async Task<string> UserAsync(string userName, Core.Lifecycle.KcsRole role = Core.Lifecycle.KcsRole.Contributor, string? email = null,
        Core.Articles.Audience audience = Core.Articles.Audience.Internal, string? displayName = null, bool disabled = false)
    {
        email ??= userName.Contains('@') ? userName : $"{userName}@example.com";
        var user = new Identity.KbUser
        {
            UserName = userName, NormalizedUserName = userName.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
            Role = role, Audience = audience, DisplayName = displayName ?? "", CreatedAt = Clock.GetUtcNow().UtcDateTime,
            DisabledAt = disabled ? Clock.GetUtcNow().UtcDateTime : null,
        };
        await using var db = Database.Factory.CreateDbContext();
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return Core.Owners.OwnerRef.User(user.Id).ToString();
    }

    /// <summary>Adds a team with these members (owner references of users) and returns its owner reference, <c>team:{id}</c>.</summary>
    protected async Task<string> TeamAsync(string name, params string[] members)
    {
        await using var db = Database.Factory.CreateDbContext();
        var team = new Core.Owners.Team { Name = name, NormalizedName = Core.Owners.Team.Normalize(name), CreatedAt = Clock.GetUtcNow().UtcDateTime };
        db.Teams.Add(team);
        await db.SaveChangesAsync();
        foreach (var member in members)
            db.TeamMembers.Add(new Core.Owners.TeamMember { TeamId = team.Id, UserId = Core.Owners.OwnerRef.Parse(member)!.Value.UserId! });
        await db.SaveChangesAsync();
        return team.Ref.ToString();
    }
}
