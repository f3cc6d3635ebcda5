using KnowledgeBase.Core.Semantic;
using KnowledgeBase.Search.Semantic;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Semantic;

/// <summary>
/// The embedding queue and the vectors in the database. One node at a time fills and drains the queue (under a
/// lease); every node reads the vectors. Vectors are keyed by model and text hash, so a text embedded once — by any
/// node, for any article or version — is never embedded again.
/// </summary>
public sealed class EmbeddingStore(IDbContextFactory<KnowledgeBaseDbContext> contextFactory, TimeProvider clock) : IEmbeddingStore
{
    /// <summary>A text the model failed on this many times is left out (and counted as failed).</summary>
    public const int MaxAttempts = 3;
    private const int EnqueueBatch = 1000;

    /// <summary>Queues every live article whose vector for <paramref name="model"/> is missing or of an older version.</summary>
    public async Task<int> EnqueueChangedAsync(string model, CancellationToken cancellationToken = default)
    {
        var queued = 0;
        while (true)
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            var stale = await db.Articles.AsNoTracking()
                .Where(a => a.DeletedAt == null && !db.ArticleEmbeddings.Any(e => e.ArticleId == a.Id && e.Model == model && e.Version >= a.Version))
                .OrderBy(a => a.Id).Select(a => new { a.Id, a.Version }).Take(EnqueueBatch).ToListAsync(cancellationToken);
            if (stale.Count == 0) return queued;
            var ids = stale.Select(s => s.Id).ToList();
            var rows = await db.ArticleEmbeddings.Where(e => e.Model == model && ids.Contains(e.ArticleId))
                .ToDictionaryAsync(e => e.ArticleId, StringComparer.Ordinal, cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            foreach (var article in stale)
            {
                if (rows.TryGetValue(article.Id, out var row))
                {
                    // The old vector stays in use (ContentHash) until the new one is stored.
                    row.Version = article.Version;
                    row.QueuedAt = now;
                    row.EmbeddedAt = null;
                    row.Attempts = 0;
                    row.LastError = null;
                }
                else
                {
                    db.ArticleEmbeddings.Add(new ArticleEmbedding { ArticleId = article.Id, Model = model, Version = article.Version, QueuedAt = now });
                }
            }
            await db.SaveChangesAsync(cancellationToken);
            queued += stale.Count;
            if (stale.Count < EnqueueBatch) return queued;
        }
    }

    /// <summary>The next articles to embed, first queued first.</summary>
    public async Task<IReadOnlyList<PendingEmbedding>> NextAsync(string model, int count, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await (from e in db.ArticleEmbeddings.AsNoTracking()
                      join a in db.Articles.AsNoTracking() on e.ArticleId equals a.Id
                      // Waiting, or embedded before articles had a second vector for their symptoms.
                      where e.Model == model && (e.EmbeddedAt == null || e.SymptomsHash == null) && e.Attempts < MaxAttempts && a.DeletedAt == null
                      orderby e.QueuedAt, e.ArticleId
                      select new PendingEmbedding(a.Id, a.Version, a.Title, a.Body, a.Issue))
            .Take(count).ToListAsync(cancellationToken);
    }

    /// <summary>Vectors already stored for these text hashes.</summary>
    public async Task<Dictionary<string, byte[]>> FindAsync(string model, IReadOnlyCollection<string> hashes, CancellationToken cancellationToken = default)
    {
        if (hashes.Count == 0) return new(StringComparer.Ordinal);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.TextEmbeddings.AsNoTracking().Where(t => t.Model == model && hashes.Contains(t.ContentHash))
            .ToDictionaryAsync(t => t.ContentHash, t => t.Vector, StringComparer.Ordinal, cancellationToken);
    }

    /// <summary>Stores vectors of other texts (searches, ticket subjects) so a report embeds each text once.</summary>
    public async Task SaveTextsAsync(string model, IReadOnlyDictionary<string, byte[]> vectors, CancellationToken cancellationToken = default)
    {
        if (vectors.Count == 0) return;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var hashes = vectors.Keys.ToList();
        var existing = await db.TextEmbeddings.Where(t => t.Model == model && hashes.Contains(t.ContentHash)).Select(t => t.ContentHash).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (hash, vector) in vectors.Where(v => !existing.Contains(v.Key)))
            db.TextEmbeddings.Add(new TextEmbedding { Model = model, ContentHash = hash, Vector = vector, CreatedAt = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request stored the same text a moment earlier: nothing is lost.
        }
    }

    /// <summary>Stores new vectors and points each article at its vector (unless the article moved on meanwhile).</summary>
    public async Task SaveAsync(string model, IReadOnlyList<ComputedEmbedding> done, CancellationToken cancellationToken = default)
    {
        if (done.Count == 0) return;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var fresh = done.Where(d => d.NewVector is not null).Select(d => (Hash: d.ContentHash, Vector: d.NewVector!))
            .Concat(done.Where(d => d.NewSymptomsVector is not null && d.SymptomsHash.Length > 0).Select(d => (Hash: d.SymptomsHash, Vector: d.NewSymptomsVector!)))
            .DistinctBy(f => f.Hash).ToList();
        var hashes = fresh.Select(f => f.Hash).ToList();
        var existing = await db.TextEmbeddings.Where(t => t.Model == model && hashes.Contains(t.ContentHash))
            .Select(t => t.ContentHash).ToListAsync(cancellationToken);
        foreach (var item in fresh.Where(f => !existing.Contains(f.Hash)))
            db.TextEmbeddings.Add(new TextEmbedding { Model = model, ContentHash = item.Hash, Vector = item.Vector, CreatedAt = now });
        var ids = done.Select(d => d.ArticleId).ToList();
        var rows = await db.ArticleEmbeddings.Where(e => e.Model == model && ids.Contains(e.ArticleId))
            .ToDictionaryAsync(e => e.ArticleId, StringComparer.Ordinal, cancellationToken);
        foreach (var item in done)
        {
            if (!rows.TryGetValue(item.ArticleId, out var row) || row.Version > item.Version) continue;
            row.Version = item.Version;
            row.ContentHash = item.ContentHash;
            row.SymptomsHash = item.SymptomsHash;
            row.EmbeddedAt = now;
            row.Attempts = 0;
            row.LastError = null;
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Counts a failed attempt; after <see cref="MaxAttempts"/> the article is left out until its next version.</summary>
    public async Task RecordFailureAsync(string model, string articleId, string error, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var message = error.Length > 500 ? error[..500] : error;
        await db.ArticleEmbeddings.Where(e => e.Model == model && e.ArticleId == articleId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Attempts, e => e.Attempts + 1).SetProperty(e => e.LastError, message), cancellationToken);
    }

    public async Task<EmbeddingProgress> ProgressAsync(string model, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var articles = await db.Articles.CountAsync(a => a.DeletedAt == null, cancellationToken);
        var searchable = await db.Articles.CountAsync(a => a.DeletedAt == null
            && db.ArticleEmbeddings.Any(e => e.ArticleId == a.Id && e.Model == model && e.Version == a.Version && e.EmbeddedAt != null), cancellationToken);
        var embedded = await db.Articles.CountAsync(a => a.DeletedAt == null
            && db.ArticleEmbeddings.Any(e => e.ArticleId == a.Id && e.Model == model && e.Version == a.Version && e.EmbeddedAt != null && e.SymptomsHash != null),
            cancellationToken);
        var since = clock.GetUtcNow().UtcDateTime.AddMinutes(-1);
        var perMinute = await db.ArticleEmbeddings.CountAsync(e => e.Model == model && e.EmbeddedAt != null && e.EmbeddedAt > since, cancellationToken);
        var failed = await db.ArticleEmbeddings.CountAsync(e => e.Model == model && (e.EmbeddedAt == null || e.SymptomsHash == null) && e.Attempts >= MaxAttempts,
            cancellationToken);
        return new EmbeddingProgress(articles, embedded, perMinute, failed, searchable);
    }

    /// <summary>
    /// Vectors of articles embedded at or after <paramref name="since"/> (all when null), oldest first, a page at a time
    /// (<paramref name="afterId"/>: the last id of the previous page at the same instant).
    /// </summary>
    public async Task<IReadOnlyList<StoredVector>> EmbeddedSinceAsync(string model, DateTime? since, string? afterId, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = from e in db.ArticleEmbeddings.AsNoTracking()
                   join t in db.TextEmbeddings.AsNoTracking() on new { e.Model, Hash = e.ContentHash! } equals new { t.Model, Hash = t.ContentHash }
                   join y in db.TextEmbeddings.AsNoTracking() on new { e.Model, Hash = e.SymptomsHash! } equals new { y.Model, Hash = y.ContentHash } into symptoms
                   from y in symptoms.DefaultIfEmpty()
                   where e.Model == model && e.ContentHash != null && e.EmbeddedAt != null
                   select new { e.ArticleId, EmbeddedAt = e.EmbeddedAt!.Value, t.Vector, Symptoms = y == null ? null : y.Vector };
        if (since is { } from)
            rows = afterId is null
                ? rows.Where(r => r.EmbeddedAt >= from)
                : rows.Where(r => r.EmbeddedAt > from || (r.EmbeddedAt == from && string.Compare(r.ArticleId, afterId) > 0));
        return await rows.OrderBy(r => r.EmbeddedAt).ThenBy(r => r.ArticleId).Take(take)
            .Select(r => new StoredVector(r.ArticleId, r.EmbeddedAt, r.Vector, r.Symptoms)).ToListAsync(cancellationToken);
    }

    /// <summary>Ids of articles deleted since <paramref name="since"/>, whose vectors a node can forget.</summary>
    public async Task<IReadOnlyList<string>> DeletedSinceAsync(DateTime since, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Articles.AsNoTracking().Where(a => a.DeletedAt != null && a.DeletedAt >= since).Select(a => a.Id).ToListAsync(cancellationToken);
    }
}
