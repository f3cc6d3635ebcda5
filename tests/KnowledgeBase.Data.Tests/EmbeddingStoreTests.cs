using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data.Semantic;
using KnowledgeBase.Search.Semantic;
using KnowledgeBase.Testing;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Tests;

/// <summary>The embedding queue and stored vectors behave the same on both databases.</summary>
public abstract class EmbeddingStoreTests : StorageTestBase
{
    private const string Model = "test-model/wp256";
    private static readonly Actor Expert = new("kim", KcsRole.KnowledgeDomainExpert);
    private EmbeddingStore Embeddings => new(Database.Factory, Clock);

    private static ArticleEdit Edit(string title, KcsState state = KcsState.Validated) => new()
    {
        Title = title, Body = "## Issue\nOutlook asks for the password again and again.", State = state, Categories = ["email-outlook"],
    };

    [Fact]
    public async Task New_articles_are_queued_once_and_leave_the_queue_when_their_vector_is_stored()
    {
        await Store.CreateAsync(Expert, "kb-1", Edit("Outlook password prompt"));
        await Store.CreateAsync(Expert, "kb-2", Edit("VPN drops"));

        Assert.Equal(2, await Embeddings.EnqueueChangedAsync(Model));
        Assert.Equal(0, await Embeddings.EnqueueChangedAsync(Model));
        var pending = await Embeddings.NextAsync(Model, 10);
        Assert.Equal(["kb-1", "kb-2"], pending.Select(p => p.ArticleId).Order());
        Assert.Equal(2, (await Embeddings.ProgressAsync(Model)).Waiting);

        await Embeddings.SaveAsync(Model, pending.Select(p => new ComputedEmbedding(p.ArticleId, p.Version, "hash-" + p.ArticleId, [1, 2, 3, 4])).ToList());

        Assert.Empty(await Embeddings.NextAsync(Model, 10));
        var progress = await Embeddings.ProgressAsync(Model);
        Assert.Equal((2, 2, 0, 2), (progress.Articles, progress.Embedded, progress.Waiting, progress.PerMinute));
        Assert.Equal(["kb-1", "kb-2"], (await Embeddings.EmbeddedSinceAsync(Model, null, null, 10)).Select(v => v.ArticleId));
    }

    [Fact]
    public async Task A_new_version_is_queued_again_and_the_same_text_is_never_stored_twice()
    {
        var article = await Store.CreateAsync(Expert, "kb-1", Edit("Outlook password prompt"));
        await Embeddings.EnqueueChangedAsync(Model);
        await Embeddings.SaveAsync(Model, [new ComputedEmbedding("kb-1", 1, "hash-a", [1, 2, 3, 4])]);

        await Store.UpdateAsync(Expert, "kb-1", article.Version, Edit("Outlook password prompt", KcsState.Archived));
        Assert.Equal(1, await Embeddings.EnqueueChangedAsync(Model));
        var pending = Assert.Single(await Embeddings.NextAsync(Model, 10));
        Assert.Equal(2, pending.Version);
        // The worker found the text's vector by its hash: nothing new to store.
        Assert.Equal([1, 2, 3, 4], (await Embeddings.FindAsync(Model, ["hash-a"]))["hash-a"]);
        await Embeddings.SaveAsync(Model, [new ComputedEmbedding("kb-1", 2, "hash-a", null)]);

        await using var db = Database.Factory.CreateDbContext();
        Assert.Equal(1, await db.TextEmbeddings.CountAsync());
        Assert.Equal(2, (await db.ArticleEmbeddings.SingleAsync()).Version);
        Assert.Empty(await Embeddings.NextAsync(Model, 10));
    }

    [Fact]
    public async Task Vectors_of_another_model_are_neither_used_nor_counted()
    {
        await Store.CreateAsync(Expert, "kb-1", Edit("Outlook password prompt"));
        await Embeddings.EnqueueChangedAsync(Model);
        await Embeddings.SaveAsync(Model, [new ComputedEmbedding("kb-1", 1, "hash-a", [1, 2, 3, 4])]);

        Assert.Equal(1, await Embeddings.EnqueueChangedAsync("other-model"));
        Assert.Equal(1, (await Embeddings.ProgressAsync("other-model")).Waiting);
        Assert.Empty(await Embeddings.FindAsync("other-model", ["hash-a"]));
    }

    [Fact]
    public async Task A_text_the_model_fails_on_is_retried_a_few_times_then_left_out()
    {
        await Store.CreateAsync(Expert, "kb-1", Edit("Outlook password prompt"));
        await Embeddings.EnqueueChangedAsync(Model);
        for (var i = 0; i < EmbeddingStore.MaxAttempts; i++) await Embeddings.RecordFailureAsync(Model, "kb-1", "boom");

        Assert.Empty(await Embeddings.NextAsync(Model, 10));
        Assert.Equal(1, (await Embeddings.ProgressAsync(Model)).Failed);
    }
}

public sealed class SqliteEmbeddingStoreTests : EmbeddingStoreTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateSqliteAsync();
}

[Collection(KnowledgeBase.Testing.PostgresCollection.Name)]
public sealed class PostgresEmbeddingStoreTests(PostgresServerFixture postgres) : EmbeddingStoreTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreatePostgresAsync(postgres.Server);
}
