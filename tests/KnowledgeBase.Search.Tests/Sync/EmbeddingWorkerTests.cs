using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Categories;
using KnowledgeBase.Core.Changes;
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
        // Two articles, two texts each: the whole article and its symptoms (title and Issue section).
        Assert.Equal(4, first.Embedder.Calls);

        // The first node stopped; the next holder of the lease carries on.
        var second = Node();
        Assert.Equal(1, await second.Worker.RunOnceAsync(second.Embedder));
        Assert.Equal(0, await second.Worker.RunOnceAsync(second.Embedder));
        Assert.Equal(2, second.Embedder.Calls);

        // A new version with the same text (a state change) finds its vector by the text's hash.
        var article = (await _store.FindAsync("kb-1"))!;
        await _store.UpdateAsync(Writer, "kb-1", article.Version, new ArticleEdit { Title = article.Title, Body = article.Body, State = KcsState.NotValidated, Categories = ["email"], ChangeNote = "back to not validated" });
        Assert.Equal(1, await second.Worker.RunOnceAsync(second.Embedder));
        Assert.Equal(2, second.Embedder.Calls);
    }

    [Fact]
    public async Task An_article_is_as_alike_a_ticket_as_the_nearer_of_its_text_and_its_symptoms()
    {
        await using (var db = _database.Factory.CreateDbContext())
        {
            db.Categories.Add(new TicketCategory { Id = "print", Name = "Print", Owner = "ana" });
            await db.SaveChangesAsync();
        }
        await _store.CreateAsync(Writer, "kb-4", new ArticleEdit
        {
            Title = "Print server maintenance",
            Body = "Routine maintenance of the print server: drivers, queues and spooler settings.\n\n## Symptoms\nLabels come out blank on the warehouse printer",
            State = KcsState.Validated,
            Categories = ["print"],
        });
        var node = Node();
        await node.Worker.RunOnceAsync(node.Embedder);

        var ticket = node.Embedder.Embed("warehouse printer labels come out blank");
        var whole = node.Embedder.Embed(EmbeddingText.For("Print server maintenance",
            "Routine maintenance of the print server: drivers, queues and spooler settings. Symptoms Labels come out blank on the warehouse printer"));
        var symptoms = node.Embedder.Embed("Print server maintenance. Labels come out blank on the warehouse printer");
        var similarity = node.Semantic.Vectors.Similarity("kb-4", ticket)!.Value;
        Assert.True(Dot(ticket, symptoms) > Dot(ticket, whole) + 0.05f, "the symptoms say more about this ticket than the whole text does");
        Assert.InRange(similarity, Dot(ticket, symptoms) - 0.02f, Dot(ticket, symptoms) + 0.02f);
        Assert.Equal(4, node.Semantic.Vectors.WithSymptoms);
    }

    [Fact]
    public async Task Vectors_stored_before_symptom_vectors_existed_get_theirs_without_running_the_model_on_the_whole_text_again()
    {
        var first = Node();
        await first.Worker.RunOnceAsync(first.Embedder);
        await first.Follower.SyncOnceAsync();
        // As a database upgraded from the first cut holds them: whole-text vectors only.
        await using (var db = _database.Factory.CreateDbContext())
        {
            var symptoms = db.ArticleEmbeddings.Select(r => r.SymptomsHash).ToList();
            db.TextEmbeddings.RemoveRange(db.TextEmbeddings.Where(t => symptoms.Contains(t.ContentHash)));
            foreach (var row in db.ArticleEmbeddings) row.SymptomsHash = null;
            await db.SaveChangesAsync();
        }

        var upgraded = Node();
        await upgraded.Follower.SyncOnceAsync();
        // Searches keep fusing meaning with the whole-text vectors meanwhile.
        Assert.Equal(SemanticState.Active, upgraded.Semantic.State);
        Assert.Equal(3, await upgraded.Worker.RunOnceAsync(upgraded.Embedder));
        // Three symptom texts embedded; the three whole texts found by their hashes.
        Assert.Equal(3, upgraded.Embedder.Calls);
        await upgraded.Follower.SyncOnceAsync();
        Assert.Equal(3, upgraded.Semantic.Vectors.WithSymptoms);
        Assert.Equal(0, upgraded.Follower.Progress!.Waiting);
        Assert.Equal(0, await upgraded.Worker.RunOnceAsync(upgraded.Embedder));
    }

    private static float Dot(float[] a, float[] b) => a.Zip(b, (x, y) => x * y).Sum();

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
