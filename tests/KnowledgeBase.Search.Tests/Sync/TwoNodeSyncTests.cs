using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Categories;
using KnowledgeBase.Core.Changes;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Core.Owners;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data.Indexing;
using KnowledgeBase.Data;
using KnowledgeBase.Data.Articles;
using KnowledgeBase.Data.Audit;
using KnowledgeBase.Data.Categories;
using KnowledgeBase.Data.Identity;
using KnowledgeBase.Data.Owners;
using KnowledgeBase.Data.Tickets;
using KnowledgeBase.Search.Sync;
using KnowledgeBase.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace KnowledgeBase.Search.Tests.Sync;

/// <summary>
/// Every change of an indexed fact reaches the search index of every node through the article change feed (issue #15
/// point 3): a category's new owner (the re-own writes change-log rows for the articles that follow the category, in
/// the same transaction) and a new reuse count (a link added or removed writes one). Two nodes here: two index folders
/// and synchronizers on one database, each with its own change signal (node B only polls). On SQLite and PostgreSQL.
/// </summary>
public abstract class TwoNodeSyncTests : IAsyncLifetime
{
    private static readonly Actor Writer = new("casey", KcsRole.KnowledgeDomainExpert);
    private readonly string _root = Directory.CreateTempSubdirectory("kb-two-node-sync-").FullName;
    private readonly ChangeSignal _signalA = new();
    private readonly ChangeSignal _signalB = new();
    private TestDatabase _database = null!;
    private SearchIndexHost _hostA = null!, _hostB = null!;
    private IndexSynchronizer _syncA = null!, _syncB = null!;
    private string _ana = "", _bo = "";

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        await using (var db = _database.Factory.CreateDbContext())
        {
            var ana = User("ana@example.com");
            var bo = User("bo@example.com");
            db.Users.AddRange(ana, bo);
            _ana = OwnerRef.User(ana.Id).ToString();
            _bo = OwnerRef.User(bo.Id).ToString();
            db.Categories.Add(new TicketCategory { Id = "network-vpn", Name = "VPN", Owner = _ana });
            db.Categories.Add(new TicketCategory { Id = "network-wifi", Name = "Wi-Fi", Owner = _ana });
            await db.SaveChangesAsync();
        }
        _hostA = new SearchIndexHost(Path.Combine(_root, "a"), () => SynonymSet.Empty);
        _hostB = new SearchIndexHost(Path.Combine(_root, "b"), () => SynonymSet.Empty);
        _syncA = new IndexSynchronizer(_hostA, new ArticleChangeFeed(_database.Factory), _signalA, TimeProvider.System, NullLogger<IndexSynchronizer>.Instance);
        _syncB = new IndexSynchronizer(_hostB, new ArticleChangeFeed(_database.Factory), _signalB, TimeProvider.System, NullLogger<IndexSynchronizer>.Instance);
    }

    public async Task DisposeAsync()
    {
        _hostA.Dispose();
        _hostB.Dispose();
        await _database.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private static KbUser User(string email) => new()
    {
        UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(), Audience = Audience.Internal,
    };

    private static IReadOnlyList<(string Id, string Owner)> Hits(SearchIndexHost host, string? owner = null) =>
        host.Service!.Search(new SearchRequest { Query = "tunnel", Owner = owner, Limit = 20 }).Hits.Select(h => (h.Id, h.Owner)).OrderBy(h => h.Id).ToList();

    private static IReadOnlyList<string> Ranked(SearchIndexHost host) =>
        host.Service!.Search(new SearchRequest { Query = "tunnel", Limit = 20 }).Hits.Select(h => h.Id).ToList();

    [Fact]
    public async Task A_category_given_to_another_owner_moves_the_owner_facet_and_filter_on_every_node_without_a_rebuild()
    {
        var store = new ArticleStore(_database.Factory, TimeProvider.System, _signalA);
        var body = "## Issue\nThe tunnel drops.\n\n## Resolution\nRenew the certificate.";
        await store.CreateAsync(Writer, "vpn-1", new ArticleEdit { Title = "VPN tunnel drops", Body = body, State = KcsState.Validated, Categories = ["network-vpn"] });
        await store.CreateAsync(Writer, "vpn-2", new ArticleEdit { Title = "VPN tunnel slow", Body = body, State = KcsState.Validated, Categories = ["network-vpn"], Owner = "ana@example.com" });
        await store.CreateAsync(Writer, "wifi-1", new ArticleEdit { Title = "Wi-Fi tunnel", Body = body, State = KcsState.Validated, Categories = ["network-wifi"] });
        await _syncA.SyncOnceAsync();
        await _syncB.SyncOnceAsync();
        Assert.All([_hostA, _hostB], host => Assert.Equal([("vpn-1", _ana), ("vpn-2", _ana), ("wifi-1", _ana)], Hits(host)));

        var owners = new OwnerDirectory(_database.Factory, TimeProvider.System);
        var categories = new CategoryAdministration(_database.Factory, new AuditLog(_database.Factory, TimeProvider.System), owners, TimeProvider.System, _signalA);
        var error = await categories.UpdateAsync("kim", "network-vpn", new CategoryInput("VPN", null, "BO@example.com", 180, ""));
        Assert.Null(error);

        await _syncA.SyncOnceAsync();
        await _syncB.SyncOnceAsync();
        foreach (var host in new[] { _hostA, _hostB })
        {
            // vpn-2 names its own owner, which wins over the category's; wifi-1 is in another category.
            Assert.Equal([("vpn-1", _bo), ("vpn-2", _ana), ("wifi-1", _ana)], Hits(host));
            Assert.Equal(["vpn-1"], Hits(host, _bo).Select(h => h.Id));
            var facets = host.Service!.Search(new SearchRequest { Query = "tunnel" }).Facets!.Owners;
            Assert.Equal([(_ana, 2), (_bo, 1)], facets.Select(f => (f.Value, f.Count)).OrderBy(f => f.Value == _bo));
        }
        Assert.Equal(0, _syncB.Status.Lag);
    }

    [Fact]
    public async Task A_ticket_link_moves_the_reuse_ranking_on_every_node_through_the_change_feed_and_its_removal_moves_it_back()
    {
        var store = new ArticleStore(_database.Factory, TimeProvider.System, _signalA);
        var body = "## Issue\nThe tunnel drops.\n\n## Resolution\nRenew the certificate.";
        // Two articles alike in every word: only the reuse count can order them.
        await store.CreateAsync(Writer, "vpn-a", new ArticleEdit { Title = "VPN tunnel drops", Body = body, State = KcsState.Validated, Categories = ["network-vpn"] });
        await store.CreateAsync(Writer, "vpn-b", new ArticleEdit { Title = "VPN tunnel drops", Body = body, State = KcsState.Validated, Categories = ["network-vpn"] });
        await _syncA.SyncOnceAsync();
        await _syncB.SyncOnceAsync();
        Assert.All([_hostA, _hostB], host => Assert.Equal(["vpn-a", "vpn-b"], Ranked(host)));

        var ledger = new ReuseLedger(_database.Factory, TimeProvider.System, changeSignal: _signalA);
        var ticket = new TicketKey("halo", "main", "T-1");
        await ledger.UpsertTicketAsync(new TicketUpsert { Key = ticket, Subject = "VPN drops at the hotel" });
        var link = await ledger.LinkAsync(Writer, new LinkRequest(ticket, "vpn-b", LinkType.Resolved));

        await _syncA.SyncOnceAsync();
        await _syncB.SyncOnceAsync();
        Assert.All([_hostA, _hostB], host => Assert.Equal(["vpn-b", "vpn-a"], Ranked(host)));
        Assert.Equal(0, _syncB.Status.Lag);

        await ledger.RemoveLinkAsync(Writer, link.Link.Id);
        await _syncA.SyncOnceAsync();
        await _syncB.SyncOnceAsync();
        Assert.All([_hostA, _hostB], host => Assert.Equal(["vpn-a", "vpn-b"], Ranked(host)));
    }
}

public sealed class SqliteTwoNodeSyncTests : TwoNodeSyncTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateSqliteAsync();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresTwoNodeSyncTests(PostgresServerFixture postgres) : TwoNodeSyncTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreatePostgresAsync(postgres.Server);
}
