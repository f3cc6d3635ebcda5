using KnowledgeBase.Core.Articles;
using KnowledgeBase.Search.Indexing;
using KnowledgeBase.Search.Querying;
using KnowledgeBase.Search.Semantic;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace KnowledgeBase.Search;

/// <summary>
/// The one search service the site, the API and the benchmark use: ranked search with snippets, facets and "did you
/// mean", ticket intake suggestions and similar articles. Thread-safe; each call leases the current searcher.
/// </summary>
public sealed class ArticleSearchService
{
    public const int MaxLimit = 100;
    public const int MaxOffset = 10_000;
    private const int FacetValuesPerDimension = 50;
    private const int SimilarSourceChars = 3000;
    private const int MaxLikeTextChars = 4000;
    /// <summary>How many relevant articles a ticket's client may reorder (its articles are lifted from among these).</summary>
    private const int ClientCandidates = 50;

    private readonly SearchIndex _index;
    private readonly SearchResultCache? _cache;
    private readonly SemanticSearch? _semantic;

    /// <param name="semantic">The semantic step, fused into settled searches once it is active; null: lexical only.</param>
    public ArticleSearchService(SearchIndex index, SemanticSearch? semantic = null)
    {
        _index = index ?? throw new ArgumentNullException(nameof(index));
        _semantic = semantic;
        _cache = index.Options.ResultCacheEntries > 0 ? new SearchResultCache(index.Options.ResultCacheEntries) : null;
    }

    private RankingOptions Options => _index.Options.Ranking;

    /// <summary>The semantic step this service fuses in (its state says whether it does yet), or null when there is none.</summary>
    public SemanticSearch? Semantic => _semantic;

    public SearchResults Search(SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SearchTelemetry.Measure("search", () => SearchCore(request));
    }

    private SearchResults SearchCore(SearchRequest request)
    {
        using var lease = _index.Acquire();
        var context = _index.QueryContext;
        if (_cache is null) return SearchCore(request, lease.Searcher, context);

        var key = SearchResultCache.KeyOf(request);
        var version = lease.Searcher.IndexReader is DirectoryReader directory ? directory.Version : -1;
        // Results change when the semantic step becomes active (or the model fails) without any index write.
        key += _semantic?.IsActive == true ? "|m" : "|-";
        if (_cache.TryGet(key, version, context, out var cached))
        {
            SearchTelemetry.CacheHit();
            return cached;
        }
        var results = SearchCore(request, lease.Searcher, context);
        if (version >= 0) _cache.Add(key, version, context, results);
        return results;
    }

    private SearchResults SearchCore(SearchRequest request, IndexSearcher searcher, QueryContext context)
    {
        var offset = Math.Clamp(request.Offset, 0, MaxOffset);
        var limit = Math.Clamp(request.Limit, 0, MaxLimit);
        var userQuery = UserQuery.Parse(request.Query);
        var messages = userQuery.Messages;

        var units = QueryAnalysis.Analyze(_index.StemmingAnalyzer, userQuery.Text);
        var builder = new QueryBuilder(new TermLookup(searcher.IndexReader), Options, context, _index.StemmingAnalyzer);
        var built = builder.Build(userQuery, units, request.PrefixLastTerm, suggestSpelling: true);

        var filter = new DocFilter(request.States, request.Reader, request.Categories, request.Tags, request.Owner);
        var facets = request.Facets ? new FacetCounter() : null;
        var want = offset + Math.Max(limit, 1);
        List<(int Doc, float Score)> ranked;
        int total;
        if (built.Full is null)
        {
            if (!string.IsNullOrWhiteSpace(userQuery.Text) && !userQuery.Text.Any(char.IsLetterOrDigit) && userQuery.Text.Trim() is not ("*" or "?"))
                return SearchResults.Empty(Join(messages, "The query has no words to search for"));
            if (units.Count > 0 && units.All(u => userQuery.IsExcluded(u.Start)))
                return SearchResults.Empty(Join(messages, "Add a word to search for: exclusions alone match nothing"));
            if (userQuery.Text.Any(char.IsLetterOrDigit))
                return SearchResults.Empty(Join(messages, "The query has only very common words; add a more specific one"));
            // Nothing typed (or a lone wildcard): browse everything the reader may see, with facets.
            var browse = new HitCollector(want, filter, new RankBoost(Options), facets);
            searcher.Search(new MatchAllDocsQuery(), browse);
            (ranked, total) = (browse.Results(), browse.TotalHits);
        }
        else
        {
            var boost = new RankBoost(Options);
            (ranked, total) = Rank(searcher, built, filter, boost, facets, want);
            // Partial words (search as you type) gain nothing from meaning: the semantic step joins settled queries.
            // The model reads the query as the engine understood it: a misspelt word the lexical side corrected
            // ("wibdows") is, to the model, word pieces of nothing; the did-you-mean text carries the correction.
            if (request.Semantic && !request.PrefixLastTerm && Fuse(searcher, userQuery, units, built, ranked, filter, boost, built.DidYouMean, want: want) is { } fused)
            {
                total += fused.Count(f => f.Lexical == 0);
                ranked = fused.Select(f => (f.Doc, f.Score)).ToList();
            }
        }

        // A ticket's client orders the relevant results (Core ClientPreference), before the page is cut from them.
        if (Core.Articles.ClientNames.KeyOrNull(request.Client) is not null)
            ranked = Core.Articles.ClientPreference.Order(ranked, r => DocClientKeys(searcher, r.Doc), request.Client);

        var hits = new List<SearchHit>(limit);
        for (var i = offset; i < ranked.Count && hits.Count < limit; i++)
            hits.Add(HitLoader.Load(searcher, ranked[i].Doc, ranked[i].Score, request.Snippets ? built.HighlightTerms : null));

        var didYouMean = built.DidYouMean is { } suggestion && SuggestsOnlyVisibleWords(searcher.IndexReader, userQuery.Text, suggestion, request.Reader) ? suggestion : null;
        return new SearchResults(hits, total, didYouMean,
            facets?.Finish(FacetValuesPerDimension) ?? FacetCounts.Empty, messages.Count == 0 ? null : string.Join("; ", messages));
    }

    /// <summary>
    /// Articles that may answer a new ticket, from its free text (like more-like-this: the ticket's most informative
    /// words), and the category its best matches share. A known <paramref name="category"/> nudges its articles up.
    /// </summary>
    /// <param name="client">The ticket's client: its articles come first among the relevant ones, other clients' last (<see cref="Core.Articles.ClientPreference"/>).</param>
    public SuggestionResults SuggestForTicket(string subject, string description, string? category, Core.Access.Reader reader, int limit, string? client = null) =>
        SearchTelemetry.Measure("suggest", () => SuggestForTicketCore(subject, description, category, reader, limit, client));

    private SuggestionResults SuggestForTicketCore(string subject, string description, string? category, Core.Access.Reader reader, int limit, string? client)
    {
        var text = $"{subject}\n{subject}\n{description}";
        var hits = FindLike(text, excludeId: null, reader, Math.Clamp(limit, 1, MaxLimit), [], category, TicketMeaning(subject, description), client);
        var (suggested, categories) = SuggestCategory(hits);
        return new SuggestionResults(hits, suggested, categories);
    }

    /// <summary>Duplicate candidates for an article being written (WIP articles count: someone may be writing the same one).</summary>
    public IReadOnlyList<SearchHit> Similar(string title, string issueText, string? excludeId, Core.Access.Reader reader, int limit)
    {
        var text = $"{title}\n{title}\n{issueText}";
        return FindLike(text, excludeId, reader, Math.Clamp(limit, 1, MaxLimit), [KcsState.Wip, KcsState.NotValidated, KcsState.Validated], null,
            MeaningOf(title, issueText));
    }

    /// <summary>Articles like a stored one (for "see also"), visible to <paramref name="reader"/>.</summary>
    public IReadOnlyList<SearchHit> SimilarTo(string articleId, Core.Access.Reader reader, int limit)
    {
        ArgumentNullException.ThrowIfNull(articleId);
        string title, body;
        using (var lease = _index.Acquire())
        {
            var top = lease.Searcher.Search(new TermQuery(new Term(SearchFields.Id, articleId)), 1);
            if (top.TotalHits == 0) return [];
            var doc = top.ScoreDocs[0].Doc;
            title = lease.Searcher.Doc(doc, new HashSet<string> { SearchFields.Title }).Get(SearchFields.Title) ?? "";
            // The snippet text's head holds more than the similarity source needs.
            body = HitLoader.Binary(lease.Searcher, doc, SearchFields.SnippetHead);
        }
        if (body.Length > SimilarSourceChars) body = body[..SimilarSourceChars];
        // "See also" points readers to answers: WIP drafts (found by search and intake) are left out here.
        return FindLike($"{title}\n{title}\n{body}", articleId, reader, Math.Clamp(limit, 1, MaxLimit), [KcsState.NotValidated, KcsState.Validated], null,
            EmbeddingText.For(title, body));
    }

    /// <summary>
    /// Articles like a text (a ticket, an article being written, a stored article), best first, each only when it clears
    /// the relevance floor (<see cref="RelevanceFloor"/>): a list of whatever scored least badly helps nobody.
    /// </summary>
    /// <summary>
    /// What the model reads of a ticket or a draft: the subject once, then the text. (The lexical side reads the subject
    /// twice, to weigh its words; for the model a repeated sentence only crowds out the description.)
    /// </summary>
    /// <summary>What the model reads of a ticket: its subject, then its description without greeting, sign-off or quoted thread.</summary>
    internal static string TicketMeaning(string subject, string description) => MeaningOf(subject, TicketText.Problem(description));

    private static string MeaningOf(string subject, string text) =>
        string.IsNullOrWhiteSpace(subject) ? text : string.IsNullOrWhiteSpace(text) ? subject : $"{subject.Trim().TrimEnd('.')}. {text}";

    private List<SearchHit> FindLike(string text, string? excludeId, Core.Access.Reader reader, int limit, IReadOnlyList<KcsState> states, string? preferredCategory,
        string meaningText, string? client = null)
    {
        // Ticket and article text is not query syntax: no phrases, and a long text is read further than a query.
        var userQuery = UserQuery.Parse(text.Replace('"', ' '), MaxLikeTextChars);
        using var lease = _index.Acquire();
        var searcher = lease.Searcher;
        var units = QueryAnalysis.Analyze(_index.StemmingAnalyzer, userQuery.Text)
            .Where(u => !userQuery.IsExcluded(u.Start)).ToList();
        var builder = new QueryBuilder(new TermLookup(searcher.IndexReader), Options, _index.QueryContext, _index.StemmingAnalyzer);
        var built = builder.Build(userQuery, units, prefixLastTerm: false, suggestSpelling: false);
        if (built.Full is null) return [];
        // The article "see also" or the editor starts from is no candidate: its own text would be the best match of
        // all, by words and by meaning, and the quotation of itself.
        var filter = new DocFilter(states, reader, excludedId: excludeId);
        var boost = new RankBoost(Options, preferredCategory, preferredCategoryFactor: 1.15f);
        // A ticket's client may lift its articles from further down the relevant ones: read more of them then.
        var want = ClientNames.KeyOrNull(client) is null ? limit + 1 : Math.Max(limit + 1, ClientCandidates);
        var (ranked, _) = Rank(searcher, built, filter, boost, facets: null, want);
        var fused = Fuse(searcher, userQuery, units, built, ranked, filter, boost, meaningText, want: want)
            ?? ranked.Select(r => new FusedHit(r.Doc, r.Score, r.Score, null)).ToList();
        var floor = new RelevanceFloor(_semantic?.Options.Floor ?? new RelevanceFloorOptions(), fused, semantic: fused.Any(f => f.Similarity is not null));
        return ClientPreference.Order(fused.Where(floor.Clears), f => DocClientKeys(searcher, f.Doc), client)
            .Select(f => HitLoader.Load(searcher, f.Doc, f.Score, built.HighlightTerms))
            .Take(limit)
            .ToList();
    }

    /// <summary>
    /// Finds candidates with the cheap query (counting and faceting every match on the way), then orders the best of
    /// them by the full query.
    /// </summary>
    private (List<(int Doc, float Score)> Ranked, int Total) Rank(IndexSearcher searcher, BuiltQuery built, DocFilter filter, RankBoost boost, FacetCounter? facets, int want)
    {
        var size = Math.Max(want, Options.CandidateCount);
        var collector = Collect(built.Candidates!);
        // A wider query replaces the narrower one's matches (and facet counts) when those are too few.
        if (built.Wider is not null && collector.TotalHits < size) collector = Collect(built.Wider);
        if (built.Fallback is not null && collector.TotalHits < want) collector = Collect(built.Fallback);
        return (CandidateRescorer.Rescore(searcher, built.Full!, collector.Results(), boost), collector.TotalHits);

        HitCollector Collect(Query query)
        {
            facets?.Reset();
            var next = new HitCollector(size, filter, boost, facets);
            searcher.Search(query, next);
            return next;
        }
    }

    /// <summary>
    /// The lexical candidates fused with the articles nearest the query by meaning, with the query's weight; null when
    /// the semantic step is not active or the query leans wholly lexical (codes, quoted phrases).
    /// </summary>
    private List<FusedHit>? Fuse(IndexSearcher searcher, UserQuery userQuery, IReadOnlyList<QueryUnit> units, BuiltQuery built,
        List<(int Doc, float Score)> lexical, DocFilter filter, RankBoost boost, string? meaningText = null, int want = int.MaxValue)
    {
        var semantic = _semantic;
        if (semantic is null || !semantic.IsActive || built.Full is null) return null;
        var options = semantic.Options;
        var bestLexical = lexical.Count == 0 ? 0 : lexical.Max(l => l.Score);
        var weight = options.Weights.For(ShapeOf(userQuery, units, built, Options), bestLexical);
        if (weight <= 0) return null;
        // A pasted error message or passage that one article holds word for word asks for its words (Quotation).
        if (Quotation.QuotesOne(searcher, userQuery.Text, lexical)) return null;
        var vector = semantic.EmbedQuery(meaningText ?? userQuery.Text);
        if (vector is null) return null;
        var dense = filter.IsDefault ? options.DenseCandidates : options.FilteredDenseCandidates;
        return HybridRanker.Fuse(searcher, built, lexical, filter, boost, vector, weight, semantic, dense, options.MeaningOnlyCandidates, options.Weights.DenseOnlyFloor,
            options.Weights.SimilarityBaseline, want);
    }

    /// <summary>
    /// For the benchmark: a query's lexical candidates and its nearest articles by meaning, each with both scores (no
    /// floor, no weight), so fusions can be compared on the same data. <paramref name="likeTicket"/> reads the text
    /// as intake does.
    /// </summary>
    internal (QueryShape Shape, List<(string Id, float Lexical, float? Similarity, float? Symptoms)> Hits) ExplainFusion(string text, bool likeTicket, int dense, string? meaningText = null)
    {
        var semantic = _semantic ?? throw new InvalidOperationException("no semantic step");
        var userQuery = likeTicket ? UserQuery.Parse(text.Replace('"', ' '), MaxLikeTextChars) : UserQuery.Parse(text);
        using var lease = _index.Acquire();
        var searcher = lease.Searcher;
        var units = QueryAnalysis.Analyze(_index.StemmingAnalyzer, userQuery.Text);
        if (likeTicket) units = units.Where(u => !userQuery.IsExcluded(u.Start)).ToList();
        var builder = new QueryBuilder(new TermLookup(searcher.IndexReader), Options, _index.QueryContext, _index.StemmingAnalyzer);
        var built = builder.Build(userQuery, units, prefixLastTerm: false, suggestSpelling: !likeTicket);
        var filter = likeTicket ? new DocFilter([], Core.Access.Reader.Internal) : new DocFilter([], Core.Access.Reader.Internal);
        var boost = likeTicket ? new RankBoost(Options, null, preferredCategoryFactor: 1.15f) : new RankBoost(Options);
        var shape = ShapeOf(userQuery, units, built, Options);
        var lexical = built.Full is null ? [] : Rank(searcher, built, filter, boost, null, 11).Ranked;
        var vector = semantic.EmbedQuery(meaningText ?? userQuery.Text);
        if (vector is null) return (shape, []);
        var fused = HybridRanker.Fuse(searcher, built, lexical, filter, boost, vector, 0.5f, semantic, dense, int.MaxValue, -1f, semantic.Options.Weights.SimilarityBaseline);
        return (shape, fused.Select(f =>
        {
            var id = HitLoader.Binary(searcher, f.Doc, SearchFields.IdValue);
            var parts = semantic.Vectors.SimilarityParts(id, vector);
            return (id, f.Lexical, parts?.Whole, parts?.Symptoms);
        }).ToList());
    }

    internal static QueryShape ShapeOf(UserQuery userQuery, IReadOnlyList<QueryUnit> units, BuiltQuery built, RankingOptions ranking)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int words = 0, codes = 0;
        foreach (var unit in units)
        {
            if (userQuery.IsExcluded(unit.Start) || !seen.Add(unit.Term)) continue;
            words++;
            if (!unit.IsWord) codes++;
        }
        // Unknown words the typo tolerance corrected: names and chatter in a ticket are unknown too, but have no close
        // known word, and meaning handles them better than words do.
        return new QueryShape(words, codes, Math.Min(built.CorrectedWords, words), userQuery.Phrases.Count > 0 || userQuery.Exclusions.Count > 0,
            words > ranking.LongQueryThreshold ? Math.Min(words, ranking.LongQueryMaxTerms) : words);
    }

    private static (string? Suggested, List<CategorySuggestion> Categories) SuggestCategory(IReadOnlyList<SearchHit> hits)
    {
        // Each of the best matches votes for its categories with its score relative to the best one (secondary
        // categories at half weight), so one strong match outweighs several weak ones.
        var votes = new Dictionary<string, double>(StringComparer.Ordinal);
        var top = hits.Take(10).ToList();
        if (top.Count == 0 || top[0].Score <= 0) return (null, []);
        var total = 0.0;
        foreach (var hit in top)
        {
            var weight = hit.Score / top[0].Score;
            for (var i = 0; i < hit.Categories.Count; i++)
            {
                var vote = i == 0 ? weight : weight / 2;
                votes[hit.Categories[i]] = votes.GetValueOrDefault(hit.Categories[i]) + vote;
                total += vote;
            }
        }
        if (total <= 0) return (null, []);
        var ranked = votes.OrderByDescending(v => v.Value).ThenBy(v => v.Key, StringComparer.Ordinal)
            .Select(v => new CategorySuggestion(v.Key, Math.Round(v.Value / total, 3))).ToList();
        return (ranked[0].Confidence >= 0.25 ? ranked[0].CategoryId : null, ranked);
    }

    /// <summary>
    /// "Did you mean" draws on the words of the whole index; a reader who may not see every article is offered a word
    /// only when an article they may see holds it, so a suggestion never names what is in internal articles alone.
    /// </summary>
    private bool SuggestsOnlyVisibleWords(IndexReader reader, string typed, string suggestion, Core.Access.Reader audience)
    {
        if (audience.IsInternal) return true;
        var typedTerms = QueryAnalysis.Analyze(_index.StemmingAnalyzer, typed).Select(u => u.Term).ToHashSet(StringComparer.Ordinal);
        return QueryAnalysis.Analyze(_index.StemmingAnalyzer, suggestion).Select(u => u.Term).Where(t => !typedTerms.Contains(t))
            .All(term => HeldByVisibleArticle(reader, term, audience));
    }

    private static bool HeldByVisibleArticle(IndexReader reader, string term, Core.Access.Reader audience)
    {
        foreach (var leaf in reader.Leaves)
        {
            var segment = leaf.AtomicReader;
            var docs = segment.GetTermDocsEnum(new Term(SearchFields.Text, term));
            if (docs is null) continue;
            // The searches' own visibility filter: any state the reader may see counts, searched or not.
            var visible = new DocFilter(null, audience);
            visible.SetNextReader(segment);
            int doc;
            while ((doc = docs.NextDoc()) != DocIdSetIterator.NO_MORE_DOCS)
                if (visible.Check(doc) != DocFilter.Verdict.Hidden) return true;
        }
        return false;
    }

    /// <summary>The client keys of a document of the searcher (none: for every client).</summary>
    private static List<string> DocClientKeys(IndexSearcher searcher, int docId)
    {
        var leaves = searcher.IndexReader.Leaves;
        var leaf = leaves[ReaderUtil.SubIndex(docId, leaves)];
        return ClientKeys(leaf.AtomicReader.GetSortedSetDocValues(SearchFields.ClientFacet), docId - leaf.DocBase);
    }

    private static List<string> ClientKeys(SortedSetDocValues? values, int doc)
    {
        var keys = new List<string>();
        if (values is null) return keys;
        values.SetDocument(doc);
        long ord;
        var scratch = new Lucene.Net.Util.BytesRef();
        while ((ord = values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
        {
            values.LookupOrd(ord, scratch);
            keys.Add(scratch.Utf8ToString());
        }
        return keys;
    }

    private static string Join(List<string> messages, string message) => string.Join("; ", messages.Append(message));
}
