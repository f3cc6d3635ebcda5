using KnowledgeBase.Search.Sync;

namespace KnowledgeBase.Bench.Corpus;

/// <summary>
/// The benchmark corpus as an <see cref="IArticleChangeFeed"/>: every article live, no changes after the rebuild. It lets
/// the benchmark build its index through production's one rebuild path (<see cref="IndexSynchronizer"/>), so the
/// figures measure the pipeline the site serves.
/// </summary>
public sealed class BenchArticleFeed : IArticleChangeFeed
{
    private readonly IndexedArticle[] _articles;
    private readonly Dictionary<string, IndexedArticle> _byId;

    public BenchArticleFeed(IEnumerable<IndexedArticle> articles)
    {
        ArgumentNullException.ThrowIfNull(articles);
        _articles = articles.OrderBy(a => a.Article.Id, StringComparer.Ordinal).ToArray();
        _byId = _articles.ToDictionary(a => a.Article.Id, StringComparer.Ordinal);
    }

    public Task<long> LatestAsync(CancellationToken cancellationToken = default) => Task.FromResult(0L);

    public Task<IReadOnlyList<ArticleChange>> ChangesAsync(long after, int take, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ArticleChange>>([]);

    public Task<int> ChangedArticlesAsync(long after, CancellationToken cancellationToken = default) => Task.FromResult(0);

    public Task<int> LiveCountAsync(CancellationToken cancellationToken = default) => Task.FromResult(_articles.Length);

    public Task<IReadOnlyList<IndexedArticle>> ArticlesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<IndexedArticle>>(ids.Where(_byId.ContainsKey).Select(id => _byId[id]).ToList());

    public Task<IReadOnlyList<IndexedArticle>> PageAsync(string? afterId, int take, CancellationToken cancellationToken = default)
    {
        var start = 0;
        if (afterId is not null)
        {
            // The first article after afterId, in the same ordinal order the array is sorted by.
            int low = 0, high = _articles.Length;
            while (low < high)
            {
                var mid = (low + high) / 2;
                if (string.CompareOrdinal(_articles[mid].Article.Id, afterId) <= 0) low = mid + 1;
                else high = mid;
            }
            start = low;
        }
        return Task.FromResult<IReadOnlyList<IndexedArticle>>(_articles.AsSpan(start, Math.Min(take, _articles.Length - start)).ToArray());
    }
}
