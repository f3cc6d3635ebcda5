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
}
