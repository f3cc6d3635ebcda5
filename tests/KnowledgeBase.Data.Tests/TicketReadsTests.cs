using KnowledgeBase.Core.Access;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data.Tickets;
using KnowledgeBase.Testing;

namespace KnowledgeBase.Data.Tests;

/// <summary>The PSA systems and instances intake offers, on both databases; tickets are the service desk's data.</summary>
public abstract class TicketReadsTests : LedgerTestBase
{
    private static readonly Viewer InternalViewer = Viewer.Internal(KcsRole.Contributor);

    private TicketReads Reads => new(Database.Factory);

    protected override async Task SeedAsync()
    {
        foreach (var (system, instance, id) in new[] { ("halo", "main", "1"), ("halo", "main", "2"), ("autotask", "eu", "3"), ("autotask", "us", "4") })
            await Ledger.UpsertTicketAsync(new TicketUpsert { Key = new TicketKey(system, instance, id), Subject = $"Ticket {id}" });
    }

    [Fact]
    public async Task Systems_and_instances_are_listed_once_alphabetically()
    {
        Assert.Equal(["autotask", "halo"], await Reads.SystemsAsync(InternalViewer));
        Assert.Equal(["eu", "main", "us"], await Reads.InstancesAsync(InternalViewer));
        Assert.Equal(["autotask"], await Reads.SystemsAsync(InternalViewer, limit: 1));
    }

    [Fact]
    public async Task The_instances_of_one_system_are_that_systems_only()
    {
        Assert.Equal(["main"], await Reads.InstancesAsync(InternalViewer, "halo"));
        Assert.Equal(["eu", "us"], await Reads.InstancesAsync(InternalViewer, "autotask", limit: 2));
        Assert.Empty(await Reads.InstancesAsync(InternalViewer, "connectwise"));
    }

    [Fact]
    public async Task A_viewer_who_may_not_see_tickets_learns_no_system_or_instance()
    {
        Assert.Empty(await Reads.SystemsAsync(Viewer.Customer(KcsRole.Admin)));
        Assert.Empty(await Reads.InstancesAsync(Viewer.Customer(KcsRole.Admin), "halo"));
        Assert.Empty(await Reads.SystemsAsync(Viewer.Anonymous));
    }
}

public sealed class SqliteTicketReadsTests : TicketReadsTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateSqliteAsync();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresTicketReadsTests(PostgresServerFixture postgres) : TicketReadsTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreatePostgresAsync(postgres.Server);
}
