using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Categories;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data;
using KnowledgeBase.Data.Articles;
using KnowledgeBase.Data.Semantic;
using KnowledgeBase.Search.Semantic;
using KnowledgeBase.Search.Tests.Semantic;
using KnowledgeBase.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace KnowledgeBase.Search.Tests.Sync;

/// <summary>
/// Vectors are computed in the background from a queue in the database: resumable, never twice for the same text, and
/// loaded — not recomputed — by every other node.
/// </summary>
public sealed class EmbeddingWorkerTests : IAsyncLifetime
{
    private static readonly Actor Writer = new("casey", KcsRole.KnowledgeDomainExpert);
    private readonly ChangeSignal _signal = new();
    private TestDatabase _database = null!;
    private ArticleStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateSqliteAsync();
        _store = new ArticleStore(_database.Factory, TimeProvider.System, _signal);
        await using var db = _database.Factory.CreateDbContext();
        db.Categories.Add(new TicketCategory { Id = "email", Name = "Email", Owner = "ana" });
        await db.SaveChangesAsync();
        foreach (var (id, title) in new[] { ("kb-1", "Outlook asks for the password again"), ("kb-2", "VPN drops every hour"), ("kb-3", "Printer prints blank pages") })
            await _store.CreateAsync(Writer, id, new ArticleEdit { Title = title, Body = "## Issue\n" + title, State = KcsState.Validated, Categories = ["email"] });
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private (SemanticSearch Semantic, EmbeddingWorker Worker, VectorFollower Follower, ConceptEmbedder Embedder) Node(int batch = 16)
    {
        var semantic = new SemanticSearch();
        var embedder = new ConceptEmbedder();
        semantic.Attach(embedder);
        var store = new EmbeddingStore(_database.Factory, TimeProvider.System);
        return (semantic, new EmbeddingWorker(semantic, store, _signal, NullLogger<EmbeddingWorker>.Instance) { BatchSize = batch },
            new VectorFollower(semantic, store, _signal, TimeProvider.System, NullLogger<VectorFollower>.Instance), embedder);
    }

    [Fact]
    public async Task Searches_turn_semantic_once_every_article_has_its_vector()
    {
        var (semantic, worker, follower, embedder) = Node(batch: 2);
        await follower.SyncOnceAsync();
        Assert.Equal(SemanticState.Embedding, semantic.State);
        Assert.Equal(3, follower.Progress!.Waiting);

        Assert.Equal(2, await worker.RunOnceAsync(embedder));
        await follower.SyncOnceAsync();
        Assert.Equal(SemanticState.Embedding, semantic.State);

        Assert.Equal(1, await worker.RunOnceAsync(embedder));
        await follower.SyncOnceAsync();
        Assert.Equal(SemanticState.Active, semantic.State);
        Assert.Equal(3, semantic.Vectors.Count);
    }

    [Fact]
    public async Task Another_node_resumes_the_queue_and_never_embeds_a_text_twice()
    {
        var first = Node(batch: 2);
        await first.Worker.RunOnceAsync(first.Embedder);
        Assert.Equal(2, first.Embedder.Calls);

        // The first node stopped; the next holder of the lease carries on.
        var second = Node();
        Assert.Equal(1, await second.Worker.RunOnceAsync(second.Embedder));
        Assert.Equal(0, await second.Worker.RunOnceAsync(second.Embedder));
        Assert.Equal(1, second.Embedder.Calls);

        // A new version with the same text (a state change) finds its vector by the text's hash.
        var article = (await _store.FindAsync("kb-1"))!;
        await _store.UpdateAsync(Writer, "kb-1", article.Version, new ArticleEdit { Title = article.Title, Body = article.Body, State = KcsState.NotValidated, Categories = ["email"], ChangeNote = "back to not validated" });
        Assert.Equal(1, await second.Worker.RunOnceAsync(second.Embedder));
        Assert.Equal(1, second.Embedder.Calls);
    }

    [Fact]
    public async Task A_new_node_loads_every_stored_vector_without_running_the_model()
    {
        var first = Node();
        await first.Worker.RunOnceAsync(first.Embedder);

        var fresh = Node();
        await fresh.Follower.SyncOnceAsync();

        Assert.Equal(3, fresh.Semantic.Vectors.Count);
        Assert.Equal(SemanticState.Active, fresh.Semantic.State);
        Assert.Equal(0, fresh.Embedder.Calls);
        Assert.Equal(first.Semantic.Vectors.Similarity("kb-2", first.Embedder.Embed("VPN drops every hour")),
            fresh.Semantic.Vectors.Similarity("kb-2", first.Embedder.Embed("VPN drops every hour")));
    }
}
