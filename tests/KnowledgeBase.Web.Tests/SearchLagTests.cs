using Bunit;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Changes;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data.Indexing;
using KnowledgeBase.Data;
using KnowledgeBase.Data.Articles;
using KnowledgeBase.Search;
using KnowledgeBase.Search.Sync;
using KnowledgeBase.Testing;
using KnowledgeBase.Web.Components.Shared;
using KnowledgeBase.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;

namespace KnowledgeBase.Web.Tests;

/// <summary>While the index is behind the database (a bulk import), /health and the search pages say so instead of missing articles silently.</summary>
public sealed class SearchLagTests : BunitContext, IAsyncLifetime
{
    private static readonly Actor Writer = new("casey", KcsRole.KnowledgeDomainExpert);
    private readonly string _indexRoot = Directory.CreateTempSubdirectory("kb-lag-index-").FullName;
    private TestDatabase _database = null!;
    private SearchIndexHost _host = null!;
    private IndexSynchronizer _sync = null!;
    private ArticleStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateSqliteAsync();
        _store = new ArticleStore(_database.Factory, TimeProvider.System);
        _host = new SearchIndexHost(_indexRoot, () => SynonymSet.Empty);
        _sync = new IndexSynchronizer(_host, new ArticleChangeFeed(_database.Factory), new ChangeSignal(), TimeProvider.System, NullLogger<IndexSynchronizer>.Instance);
        await _sync.SyncOnceAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        _host.Dispose();
        await _database.DisposeAsync();
        try { Directory.Delete(_indexRoot, recursive: true); } catch (IOException) { }
    }

    private async Task ImportAsync(int count)
    {
        for (var i = 0; i < count; i++)
            await _store.CreateAsync(Writer, $"kb-import-{i}", new ArticleEdit { Title = $"Imported article {i}", Body = "## Issue\nImported.", State = KcsState.Validated });
    }

    private Task<HealthCheckResult> HealthAsync(int maxLag) =>
        new SearchHealthCheck(_sync, Microsoft.Extensions.Options.Options.Create(new SearchOptions { MaxLag = maxLag })).CheckHealthAsync(new HealthCheckContext());

    [Fact]
    public async Task Health_is_degraded_while_the_index_is_more_than_the_configured_changes_behind()
    {
        await ImportAsync(6);

        var behind = await HealthAsync(maxLag: 5);
        Assert.Equal(HealthStatus.Degraded, behind.Status);
        Assert.Equal("catching up: 6 changes behind (more than 5), 6 articles not yet searchable", behind.Description);
        Assert.Equal(6, (int)behind.Data["pendingArticles"]);
        Assert.Equal(HealthStatus.Healthy, (await HealthAsync(maxLag: 6)).Status);

        await _sync.SyncOnceAsync();
        Assert.Equal(HealthStatus.Healthy, (await HealthAsync(maxLag: 0)).Status);
    }

    [Fact]
    public async Task Search_pages_say_how_many_articles_are_not_yet_searchable_while_the_index_catches_up()
    {
        Services.AddSingleton(_sync);
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new SearchOptions { MaxLag = 2 }));
        Assert.Empty(Render<SearchCatchingUp>().Markup.Trim());

        await ImportAsync(3);
        await _sync.MeasureLagAsync();

        Assert.Equal("Search is catching up: 3 recently changed articles are not yet searchable. Try again in a moment if you miss one.",
            Render<SearchCatchingUp>().Find("p.notice[role=status]").TextContent);
        Assert.Equal("Search is catching up with recent changes: an article may not be found for a moment.",
            Render<SearchCatchingUp>(p => p.Add(c => c.ShowCount, false)).Find("p.notice").TextContent);

        await _sync.SyncOnceAsync();
        Assert.Empty(Render<SearchCatchingUp>().Markup.Trim());
    }
}
