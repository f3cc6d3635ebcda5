using System.Text;
using KnowledgeBase.Search.Indexing;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace KnowledgeBase.Search.Querying;

/// <summary>
/// Builds the ranking query from analysed words, never from query syntax. Each word becomes a best-of-fields match
/// (title, issue, all text) with, where the word is rare or unknown, fuzzy alternatives weighted below an exact match,
/// and synonym alternatives; the words are OR-ed with a coordination factor (documents holding more of the words
/// win); adjacent words found near each other earn a proximity bonus. Long texts (tickets) keep only their most
/// informative words.
/// </summary>
/// <remarks>
/// Two queries come out. The full query above is only ever scored on a few dozen candidates; the candidates come from
/// a cheap query over the all-text field alone that leaves out words found in a large share of the articles (like
/// Lucene's CommonTermsQuery), so no search walks the posting lists of "error" or "windows" through the whole index.
/// <para>The builder keeps no state between calls: each step returns what it made (a <see cref="Pair"/> with its cost), and
/// what the words teach along the way (terms to highlight, typos and their neighbours) is written to the
/// <see cref="WordNotes"/> of the one <see cref="Build"/> call, handed to each step that adds to it.</para>
/// </remarks>
internal sealed class QueryBuilder(TermLookup lookup, RankingOptions options, QueryContext context, Analyzer stemmer)
{
    // A rare word whose close neighbour is in this many times as many articles is taken for a misspelling of it.
    private const int MisspeltRatio = 10;

    /// <summary>
    /// A word's scoring query and its candidate query; an alternative that only scores does not find candidates.
    /// <paramref name="Cost"/>: how many documents the candidate query walks at most (0 when it finds none).
    /// </summary>
    private readonly record struct Pair(Query Full, Query Text, int Cost, bool FindsCandidates = true);

    private readonly record struct Clause(Pair Query, int Cost)
    {
        public Clause(Pair query) : this(query, query.Cost)
        {
        }
    }

    /// <summary>What one <see cref="Build"/> learns about the words while building: its output beside the queries.</summary>
    private sealed class WordNotes
    {
        public HashSet<string> HighlightTerms { get; } = new(StringComparer.Ordinal);
        // The closest known stem for each unknown word, found while adding fuzzy alternatives (reused for "did you mean").
        public Dictionary<QueryUnit, string> Neighbours { get; } = [];
        // Words read as typos: unknown ones with a close known word, and rare ones (in a few articles) with a close word in
        // many times as many articles — a misspelling that happens to be in an article or two ("userss", "dynaics").
        public HashSet<string> Misspelt { get; } = new(StringComparer.Ordinal);
    }

    public BuiltQuery Build(UserQuery query, List<QueryUnit> units, bool prefixLastTerm, bool suggestSpelling)
    {
        var notes = new WordNotes();
        var free = new List<QueryUnit>();
        var phrases = new SortedDictionary<int, List<QueryUnit>>();
        var excluded = new List<QueryUnit>();
        foreach (var unit in units)
        {
            if (query.InPhrase(unit.Start, out var phrase))
            {
                if (!phrases.TryGetValue(phrase, out var list)) phrases[phrase] = list = [];
                list.Add(unit);
            }
            else if (query.IsExcluded(unit.Start)) excluded.Add(unit);
            else free.Add(unit);
        }
        if (free.Count == 0 && phrases.Count == 0) return BuiltQuery.Nothing(notes.HighlightTerms);

        var distinct = free.Select(u => u.Term).Distinct(StringComparer.Ordinal).Count();
        var prefixUnit = prefixLastTerm && query.EndsInWord && free.Count > 0 && free[^1].End == query.Text.Length ? free[^1] : null;
        List<Clause> clauses;
        List<Clause> pairs;
        if (distinct > options.LongQueryThreshold)
        {
            (clauses, var kept) = LongClauses(free, notes);
            pairs = PairClauses(kept, options.LongQueryMaxPairs);
        }
        else
        {
            clauses = ShortClauses(free, prefixUnit, notes);
            pairs = PairClauses(free, int.MaxValue);
        }

        var required = new List<Pair>();
        foreach (var phraseUnits in phrases.Values)
        {
            var terms = phraseUnits.SelectMany(u => u.PhraseTerms).ToList();
            foreach (var (term, _) in terms) notes.HighlightTerms.Add(term);
            required.Add(terms.Count == 1 ? FieldsQuery(terms[0].Term, 1f) : StrictPhraseFields(terms));
        }
        var exclusions = excluded.Select(u => (Query)new TermQuery(new Term(SearchFields.Text, u.Term))).ToList();

        // The full query, for scoring candidates: the words with coordination, word pairs as a bonus.
        var full = new BooleanQuery(disableCoord: true);
        if (clauses.Count > 0)
        {
            var words = new BooleanQuery(disableCoord: false);
            foreach (var clause in clauses) words.Add(clause.Query.Full, Occur.SHOULD);
            full.Add(words, Occur.MUST);
        }
        if (pairs.Count > 0)
        {
            var bonus = new BooleanQuery(disableCoord: true);
            foreach (var pair in pairs) bonus.Add(pair.Query.Full, Occur.SHOULD);
            full.Add(bonus, Occur.SHOULD);
        }
        foreach (var pair in required) full.Add(pair.Full, Occur.MUST);
        foreach (var exclusion in exclusions) full.Add(exclusion, Occur.MUST_NOT);

        // The candidate query: the rarer words and word pairs OR-ed on the all-text field, so no search walks the
        // posting lists of "error" or "windows" (in most articles) through the whole index. When every word and pair
        // is common, the words AND-ed (the conjunction leaps along the shortest list), falling back to all words but
        // one when that finds less than a page.
        // Small indexes have no long posting lists: below the floor every word is rare enough to walk.
        var commonLimit = Math.Max((long)(lookup.DocumentCount * options.CandidateCommonRatio), options.CandidateMinDocFreq);
        // A word in no article (Cost 0) finds nothing; it only counts as missing in the full query's coordination.
        var rareWords = clauses.Where(c => c.Cost > 0 && c.Cost <= commonLimit).ToList();
        var rarePairs = pairs.Where(c => c.Cost <= commonLimit).ToList();
        Query candidates;
        Query? wider = null;
        Query? fallback = null;
        if (rareWords.Count > 0 || clauses.All(c => c.Cost == 0))
            candidates = CandidateQuery(rareWords.Concat(rarePairs), null, required, exclusions);
        else
        {
            // Pairs alone would miss articles holding every word but not side by side (a reordered title).
            // Here every word has a long posting list, and the title (already part of the all-text field) only adds
            // score: the conjunction leaps along the all-text lists alone, a third faster at 100k articles.
            var allWords = new BooleanQuery(disableCoord: true);
            foreach (var clause in clauses.Where(c => c.Cost > 0)) allWords.Add(WithoutTitle(clause.Query.Text), Occur.MUST);
            candidates = CandidateQuery(rarePairs, allWords, required, exclusions);
            // Where the words stand side by side somewhere, those word pairs alone usually find plenty: the
            // conjunction of common words (the slowest thing a search walks) is asked only when they find too few.
            if (rarePairs.Count > 0)
            {
                wider = candidates;
                candidates = CandidateQuery(rarePairs, null, required, exclusions);
            }
            if (clauses.Count > 1)
            {
                // All words but one, which Lucene finds by leaping along the rarer lists.
                var mostWords = new BooleanQuery(disableCoord: true) { MinimumNumberShouldMatch = Math.Max(1, clauses.Count - 1) };
                foreach (var clause in clauses) mostWords.Add(WithoutTitle(clause.Query.Text), Occur.SHOULD);
                fallback = CandidateQuery(rarePairs, mostWords, required, exclusions);
            }
        }

        var didYouMean = suggestSpelling ? SuggestSpelling(query, notes.Neighbours) : null;
        return new BuiltQuery(full, candidates, fallback, notes.HighlightTerms, didYouMean, true) { Wider = wider, CorrectedWords = notes.Misspelt.Count };
    }

    /// <summary>A candidate clause without its title alternatives: the all-text field holds the title too, so it
    /// matches the same articles, only cheaper.</summary>
    internal static Query WithoutTitle(Query query)
    {
        switch (query)
        {
            case DisjunctionMaxQuery dismax:
            {
                var kept = dismax.Disjuncts.Where(d => !(d is TermQuery t && t.Term.Field == SearchFields.Title)).Select(WithoutTitle).ToList();
                if (kept.Count == 1)
                {
                    var only = (Query)kept[0].Clone();
                    only.Boost *= dismax.Boost;
                    return only;
                }
                var copy = new DisjunctionMaxQuery(dismax.TieBreakerMultiplier) { Boost = dismax.Boost };
                foreach (var d in kept) copy.Add(d);
                return copy;
            }
            case BooleanQuery boolean:
            {
                var copy = new BooleanQuery(boolean.CoordDisabled) { Boost = boolean.Boost, MinimumNumberShouldMatch = boolean.MinimumNumberShouldMatch };
                foreach (var clause in boolean.Clauses) copy.Add(WithoutTitle(clause.Query), clause.Occur);
                return copy;
            }
            default:
                return query;
        }
    }

    private static BooleanQuery CandidateQuery(IEnumerable<Clause> clauses, Query? alsoMatching, List<Pair> required, List<Query> exclusions)
    {
        var query = new BooleanQuery(disableCoord: false);
        foreach (var clause in clauses) query.Add(clause.Query.Text, Occur.SHOULD);
        if (alsoMatching is not null) query.Add(alsoMatching, Occur.SHOULD);
        foreach (var pair in required) query.Add(pair.Text, Occur.MUST);
        foreach (var exclusion in exclusions) query.Add(exclusion, Occur.MUST_NOT);
        return query;
    }

    private List<Clause> ShortClauses(List<QueryUnit> free, QueryUnit? prefixUnit, WordNotes notes)
    {
        var clauses = new List<Clause>();
        var synonymMatches = context.SynonymMatcher.Match(free);
        var next = 0;
        foreach (var (start, length, alternatives) in synonymMatches.Append((free.Count, 0, [])))
        {
            for (; next < start; next++)
            {
                clauses.Add(new Clause(UnitQuery(free[next], fuzzy: true, prefix: ReferenceEquals(free[next], prefixUnit), notes)));
            }
            if (length == 0) break;
            // The clause walks no more than its dearest part: the written form's words or an alternative.
            var cost = 0;
            var full = new DisjunctionMaxQuery(0f);
            var text = new DisjunctionMaxQuery(0f);
            if (length == 1)
            {
                var unit = UnitQuery(free[start], fuzzy: true, prefix: ReferenceEquals(free[start], prefixUnit), notes);
                full.Add(unit.Full);
                text.Add(unit.Text);
                cost = unit.Cost;
            }
            else
            {
                var originalFull = new BooleanQuery(disableCoord: true);
                var originalText = new BooleanQuery(disableCoord: true);
                // Scoring counts each word of the written form; finding candidates takes the written form whole, as
                // its alternatives are taken whole ("office 365" is not every article that says "office").
                for (var k = start; k < start + length; k++)
                {
                    var unit = UnitQuery(free[k], fuzzy: false, prefix: false, notes);
                    originalFull.Add(unit.Full, Occur.SHOULD);
                    originalText.Add(unit.Text, Occur.MUST);
                    cost = Math.Max(cost, unit.Cost);
                }
                full.Add(originalFull);
                text.Add(originalText);
            }
            foreach (var alternative in alternatives)
            {
                var pair = AlternativeQuery(alternative, options.SynonymWeight, notes);
                full.Add(pair.Full);
                text.Add(pair.Text);
                cost = Math.Max(cost, pair.Cost);
            }
            clauses.Add(new Clause(new Pair(full, text, cost)));
            next = start + length;
        }
        return clauses;
    }

    private (List<Clause> Clauses, List<QueryUnit> Kept) LongClauses(List<QueryUnit> free, WordNotes notes)
    {
        var n = lookup.DocumentCount;
        var stats = new Dictionary<string, (QueryUnit Unit, int Count, int DocFreq)>(StringComparer.Ordinal);
        foreach (var unit in free)
        {
            if (stats.TryGetValue(unit.Term, out var s)) { stats[unit.Term] = s with { Count = s.Count + 1 }; continue; }
            stats[unit.Term] = (unit, 1, lookup.DocFreq(SearchFields.Text, unit.Term));
        }
        var maxDocFreq = Math.Max(1, (int)(n * options.LongQueryMaxDocFreqRatio));
        var chosen = stats.Values
            .Where(s => s.DocFreq > 0 && s.DocFreq <= maxDocFreq)
            .OrderByDescending(s => Idf(s.DocFreq, n) * (1 + MathF.Log(s.Count)))
            .Take(options.LongQueryMaxTerms)
            .ToList();
        var clauses = new List<Clause>();
        foreach (var s in chosen) clauses.Add(new Clause(UnitQuery(s.Unit, fuzzy: false, prefix: false, notes)));
        var kept = new HashSet<string>(chosen.Select(s => s.Unit.Term), StringComparer.Ordinal);
        return (clauses, free.Where(u => kept.Contains(u.Term)).ToList());
    }

    private static float Idf(int docFreq, int n) => MathF.Log(1 + (n - docFreq + 0.5f) / (docFreq + 0.5f));

    /// <summary>
    /// Consecutive words as indexed word pairs (see <see cref="Analysis.BigramFilter"/>): a proximity bonus in the full
    /// query that costs a term lookup, and often the rarest thing a query holds for finding candidates.
    /// </summary>
    private List<Clause> PairClauses(List<QueryUnit> units, int maxPairs)
    {
        var pairs = new List<(string Bigram, int DocFreq)>();
        if (options.ProximityWeight <= 0) return [];
        for (var i = 0; i + 1 < units.Count; i++)
        {
            var a = units[i];
            var b = units[i + 1];
            var gap = b.Position - a.LastPosition;
            if (gap < 1 || gap > Analysis.BigramFilter.MaxGap || !a.IsWord || !b.IsWord) continue;
            var bigram = Analysis.BigramFilter.PairTerm(a.Term, b.Term);
            var docFreq = lookup.DocFreq(SearchFields.Text, bigram);
            if (docFreq > 0 && !pairs.Any(p => p.Bigram == bigram)) pairs.Add((bigram, docFreq));
        }
        if (pairs.Count > maxPairs) pairs = pairs.OrderBy(p => p.DocFreq).Take(maxPairs).ToList();
        return pairs.Select(p => new Clause(FieldsQuery(p.Bigram, options.ProximityWeight), p.DocFreq)).ToList();
    }

    private Pair UnitQuery(QueryUnit unit, bool fuzzy, bool prefix, WordNotes notes)
    {
        notes.HighlightTerms.Add(unit.Term);
        var docFreq = lookup.DocFreq(SearchFields.Text, unit.Term);
        var alternatives = new List<Pair>();
        if (unit.HasParts)
        {
            foreach (var (part, _) in unit.Parts) notes.HighlightTerms.Add(part);
            if (docFreq > 0) alternatives.Add(FieldsQuery(unit.Term, 1f));
            alternatives.Add(PhraseFields(unit.Parts, 0, 0.9f));
            if (unit.Catenated is not null && lookup.DocFreq(SearchFields.Text, unit.Catenated) > 0)
            {
                notes.HighlightTerms.Add(unit.Catenated);
                alternatives.Add(FieldsQuery(unit.Catenated, 0.9f));
            }
            // A model number still being typed ("zd42" on the way to ZD421) completes like a word does.
            if (prefix) AddPrefixAlternatives(unit, alternatives, notes);
            return Best(alternatives);
        }
        if (docFreq > 0) alternatives.Add(FieldsQuery(unit.Term, 1f));
        if (prefix) AddPrefixAlternatives(unit, alternatives, notes);
        else if (fuzzy && unit.IsWord && unit.Term.Length >= options.FuzzyMinLength && docFreq <= options.FuzzyRareDocFreq)
        {
            var maxEdits = unit.Term.Length >= options.FuzzyTwoEditsMinLength ? 2 : 1;
            var neighbours = 0;
            foreach (var (term, edits, neighbourDocFreq) in lookup.FuzzyNeighbours(unit.Term, maxEdits, options.FuzzyPrefixLength, options.FuzzyMaxExpansions))
            {
                if (docFreq == 0) notes.Neighbours.TryAdd(unit, term);
                if (docFreq == 0 || neighbourDocFreq >= MisspeltRatio * docFreq) notes.Misspelt.Add(unit.Term);
                notes.HighlightTerms.Add(term);
                // Finding candidates takes only the closest, most used neighbours: every alternative makes each leap of
                // the candidate query dearer, and the others still score on the candidates found.
                alternatives.Add(FieldsQuery(term, edits == 1 ? options.FuzzyOneEditWeight : options.FuzzyTwoEditsWeight,
                    findsCandidates: ++neighbours <= options.CandidateFuzzyExpansions));
            }
        }
        // An unknown word with no neighbours still has to be a clause, so the coordination factor counts it as missing.
        if (alternatives.Count == 0)
        {
            var unknown = new TermQuery(new Term(SearchFields.Text, unit.Term));
            return new Pair(unknown, unknown, 0);
        }
        return Best(alternatives);
    }

    private static Pair Best(List<Pair> alternatives)
    {
        if (alternatives.Count == 1) return alternatives[0];
        var full = new DisjunctionMaxQuery(0f);
        var text = new DisjunctionMaxQuery(0f);
        var cost = 0;
        foreach (var pair in alternatives)
        {
            full.Add(pair.Full);
            if (pair.FindsCandidates) text.Add(pair.Text);
            cost = Math.Max(cost, pair.Cost);
        }
        return new Pair(full, text.Disjuncts.Count == 1 ? text.Disjuncts[0] : text, cost);
    }

    private void AddPrefixAlternatives(QueryUnit unit, List<Pair> alternatives, WordNotes notes)
    {
        if (unit.Term.Length < 2) return;
        var seen = new HashSet<string>(StringComparer.Ordinal) { unit.Term };
        var candidates = new List<(string Term, int DocFreq)>();
        // The index holds stems ("configur"), so typed prefixes that run past the stem ("configurat") are completed
        // against the unstemmed title words and then stemmed.
        foreach (var (word, _) in lookup.PrefixCompletions(SearchFields.Spell, Normalize(unit.Surface), options.PrefixMaxExpansions))
        {
            var stemmed = QueryAnalysis.Analyze(stemmer, word);
            if (stemmed.Count == 1 && seen.Add(stemmed[0].Term)) candidates.Add((stemmed[0].Term, lookup.DocFreq(SearchFields.Text, stemmed[0].Term)));
        }
        foreach (var (term, docFreq) in lookup.PrefixCompletions(SearchFields.Text, unit.Term, options.PrefixMaxExpansions))
            if (seen.Add(term)) candidates.Add((term, docFreq));
        foreach (var (term, _) in candidates.OrderByDescending(c => c.DocFreq).Take(options.PrefixMaxExpansions))
        {
            notes.HighlightTerms.Add(term);
            alternatives.Add(FieldsQuery(term, options.PrefixWeight));
        }
    }

    private Pair AlternativeQuery(List<QueryUnit> alternative, float boost, WordNotes notes)
    {
        if (alternative.Count == 1)
        {
            var single = UnitQuery(alternative[0], fuzzy: false, prefix: false, notes);
            single.Full.Boost *= boost;
            single.Text.Boost *= boost;
            return single;
        }
        var terms = alternative.SelectMany(u => u.PhraseTerms).ToList();
        foreach (var (term, _) in terms) notes.HighlightTerms.Add(term);
        return PhraseFields(terms, 1, boost);
    }

    private Pair FieldsQuery(string term, float boost, bool findsCandidates = true)
    {
        var textContext = lookup.Context(SearchFields.Text, term);
        var cost = findsCandidates ? textContext.DocFreq : 0;
        var full = new DisjunctionMaxQuery(options.FieldTieBreaker);
        if (options.TitleWeight > 0) full.Add(new TermQuery(new Term(SearchFields.Title, term), lookup.Context(SearchFields.Title, term)) { Boost = options.TitleWeight });
        if (options.IssueWeight > 0) full.Add(new TermQuery(new Term(SearchFields.Issue, term), lookup.Context(SearchFields.Issue, term)) { Boost = options.IssueWeight });
        full.Add(new TermQuery(new Term(SearchFields.Text, term), textContext) { Boost = options.TextWeight });
        full.Boost = boost;
        // Candidates are found on the all-text field, plus the title: its posting lists are short, and without it
        // articles whose title is the query could rank below the candidate cut.
        var text = new TermQuery(new Term(SearchFields.Text, term), textContext) { Boost = options.TextWeight };
        if (options.CandidateTitleWeight <= 0) return new Pair(full, WithBoost(text, boost), cost, findsCandidates);
        var candidate = new DisjunctionMaxQuery(options.FieldTieBreaker)
        {
            text,
            new TermQuery(new Term(SearchFields.Title, term), lookup.Context(SearchFields.Title, term)) { Boost = options.CandidateTitleWeight },
        };
        candidate.Boost = boost;
        return new Pair(full, candidate, cost, findsCandidates);
    }

    /// <summary>
    /// Words that belong together (an identifier's parts, a multi-word synonym) as loose proximity matches: documents
    /// holding all the words match, and score by how closely they stand (see <see cref="ProximityQuery"/>).
    /// </summary>
    private Pair PhraseFields(IReadOnlyList<(string Term, int Position)> terms, int slop, float boost)
    {
        // A conjunction walks no more documents than its rarest word has.
        var cost = terms.Min(t => lookup.DocFreq(SearchFields.Text, t.Term));
        var full = new DisjunctionMaxQuery(options.FieldTieBreaker);
        if (options.TitleWeight > 0) full.Add(WithBoost(Proximity(SearchFields.Title, terms, slop), options.TitleWeight));
        if (options.IssueWeight > 0) full.Add(WithBoost(Proximity(SearchFields.Issue, terms, slop), options.IssueWeight));
        full.Add(WithBoost(Proximity(SearchFields.Text, terms, slop), options.TextWeight));
        full.Boost = boost;
        // Finding candidates needs no positions: documents holding every word are enough.
        var all = new BooleanQuery(disableCoord: true) { Boost = boost };
        foreach (var (term, _) in terms) all.Add(new TermQuery(new Term(SearchFields.Text, term), lookup.Context(SearchFields.Text, term)), Occur.MUST);
        return new Pair(full, all, cost);
    }

    /// <summary>A "quoted phrase": matches only where the words stand in this order.</summary>
    private Pair StrictPhraseFields(IReadOnlyList<(string Term, int Position)> terms)
    {
        var full = new DisjunctionMaxQuery(options.FieldTieBreaker);
        if (options.TitleWeight > 0) full.Add(WithBoost(Phrase(SearchFields.Title, terms, 0), options.TitleWeight));
        if (options.IssueWeight > 0) full.Add(WithBoost(Phrase(SearchFields.Issue, terms, 0), options.IssueWeight));
        full.Add(WithBoost(Phrase(SearchFields.Text, terms, 0), options.TextWeight));
        // A required phrase is no clause: it has no cost to weigh against the common-word limit.
        return new Pair(full, Phrase(SearchFields.Text, terms, 0), 0);
    }

    private ProximityQuery Proximity(string field, IReadOnlyList<(string Term, int Position)> terms, int slop) =>
        new(field, terms, slop, t => lookup.Context(field, t));

    private static Query WithBoost(Query query, float boost)
    {
        query.Boost = boost;
        return query;
    }

    private static PhraseQuery Phrase(string field, IEnumerable<(string Term, int Position)> terms, int slop)
    {
        var phrase = new PhraseQuery { Slop = slop };
        int? first = null;
        var last = -1;
        foreach (var (term, position) in terms)
        {
            first ??= position;
            // Positions must not go backwards (a repeated word in a pair); keep the order the user wrote.
            var relative = Math.Max(position - first.Value, last + 1);
            phrase.Add(new Term(field, term), relative);
            last = relative;
        }
        return phrase;
    }

    /// <summary>
    /// The query with each unknown word replaced by a real word behind its closest known stem: the stem's unstemmed
    /// title and issue words ("configur" → configure, configured…) are tried and the one nearest to what was typed wins.
    /// </summary>
    private string? SuggestSpelling(UserQuery query, IReadOnlyDictionary<QueryUnit, string> neighbours)
    {
        if (neighbours.Count == 0) return null;
        var replacements = new List<(int Start, int End, string Word)>();
        foreach (var (unit, stem) in neighbours.OrderBy(n => n.Key.Start))
        {
            var typed = Normalize(unit.Surface);
            var best = stem;
            var bestDistance = int.MaxValue;
            foreach (var (word, _) in lookup.PrefixCompletions(SearchFields.Spell, stem, 16))
            {
                var distance = EditDistance.Compute(typed, word, 4);
                if (distance < bestDistance) (best, bestDistance) = (word, distance);
            }
            replacements.Add((unit.Start, unit.End, best));
        }
        var builder = new StringBuilder(query.Text.Length + 16);
        var cursor = 0;
        foreach (var (start, end, word) in replacements)
        {
            builder.Append(query.Text, cursor, start - cursor).Append(word);
            cursor = end;
        }
        builder.Append(query.Text, cursor, query.Text.Length - cursor);
        return builder.ToString().Trim();
    }

    internal static string Normalize(string word)
    {
        var lower = word.ToLowerInvariant().Replace("'", "", StringComparison.Ordinal).Replace("\u2019", "", StringComparison.Ordinal);
        var input = lower.ToCharArray();
        var output = new char[input.Length * 4];
        var length = ASCIIFoldingFilter.FoldToASCII(input, 0, output, 0, input.Length);
        return new string(output, 0, length);
    }
}
