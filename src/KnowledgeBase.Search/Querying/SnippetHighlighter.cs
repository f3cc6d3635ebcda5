using System.Text;
using KnowledgeBase.Search.Analysis;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace KnowledgeBase.Search.Querying;

/// <summary>
/// Our own highlighter: re-analyses the stored text, marks every token whose index term the query used, picks the
/// window holding the most distinct matched terms and HTML-encodes everything around the marks. Offsets are UTF-16
/// positions from the analyzer, and window edges never split a surrogate pair, so multi-byte text stays intact.
/// </summary>
/// <remarks>
/// The text is analysed by the index's own chain for the ranking fields (<see cref="ItAnalyzer"/> with stemming), with
/// one shortcut: a token whose first two characters start none of the query's terms is dropped right after the
/// tokenizer, before accent folding, stop words and stemming, and a plain word is dropped before it even becomes a
/// token. That is exact (<see cref="TermPrefixes"/>: stemming only rewrites the end of a word, folding only letters
/// beyond ASCII, which always pass; checked on every word of the kb-eval articles). Most words of a text fail that
/// test, and analysing them was nearly all of a snippet's cost.
/// </remarks>
internal static class SnippetHighlighter
{
    public const int DefaultLength = 240;

    /// <summary>
    /// The snippet source opens with the Issue, Cause and Resolution: a window from there is the most useful, so the
    /// rest is analysed only when nothing matched in the opening (re-analysing all 12,000 characters of every hit cost
    /// as much as the search itself).
    /// </summary>
    public const int OpeningLength = 4000;

    public static string Highlight(string text, IReadOnlySet<string> terms, int length = DefaultLength)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var opening = OpeningEnd(text);
        var matches = FindMatches(opening == text.Length ? text : text[..opening], terms);
        if (matches.Count == 0 && opening < text.Length)
        {
            foreach (var (s, e) in FindMatches(text[opening..], terms)) matches.Add((s + opening, e + opening));
        }

        var (start, end) = matches.Count == 0 ? (0, Math.Min(text.Length, length)) : BestWindow(text, matches, length);
        start = SafeBoundary(text, start);
        end = SafeBoundary(text, end);

        var html = new StringBuilder(end - start + 64);
        if (start > 0) html.Append('…');
        var cursor = start;
        foreach (var (matchStart, matchEnd) in matches)
        {
            if (matchEnd <= start || matchStart < cursor) continue;
            if (matchStart >= end) break;
            AppendEncoded(html, text, cursor, matchStart);
            html.Append("<mark>");
            AppendEncoded(html, text, matchStart, Math.Min(matchEnd, end));
            html.Append("</mark>");
            cursor = Math.Min(matchEnd, end);
        }
        AppendEncoded(html, text, cursor, end);
        if (end < text.Length) html.Append('…');
        return html.ToString().Trim();
    }

    /// <summary>Matched character ranges in text order, overlapping ranges (an identifier and its parts) merged.</summary>
    internal static List<(int Start, int End)> FindMatches(string text, IReadOnlySet<string> terms)
    {
        var matches = new List<(int Start, int End)>();
        if (terms.Count == 0) return matches;
        // Looked up by span: no string per token.
        if (terms is not HashSet<string> set || !set.TryGetAlternateLookup<ReadOnlySpan<char>>(out var lookup))
            lookup = new HashSet<string>(terms, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        var chain = t_chain ??= new Chain();
        chain.Gate.Prefixes.Set(terms);
        var stream = chain.Start(text);
        try
        {
            var term = chain.Term;
            var offset = chain.Offset;
            while (stream.IncrementToken())
            {
                if (!lookup.Contains(term.Buffer.AsSpan(0, term.Length))) continue;
                var (s, e) = (offset.StartOffset, offset.EndOffset);
                if (matches.Count > 0 && s < matches[^1].End)
                {
                    var last = matches[^1];
                    matches[^1] = (Math.Min(last.Start, s), Math.Max(last.End, e));
                }
                else matches.Add((s, e));
            }
            stream.End();
        }
        finally
        {
            // Closing readies the chain for this thread's next text.
            stream.Dispose();
        }
        return matches;
    }

    [ThreadStatic] private static Chain? t_chain;

    /// <summary>One thread's analysis chain for highlighting, reused from text to text as analyzers reuse theirs.</summary>
    private sealed class Chain
    {
        private readonly ItTokenizer _tokenizer = new(TextReader.Null);
        private readonly TokenStream _stream;

        public Chain()
        {
            Gate = new PrefixGate(_tokenizer);
            // Most runs of a text are plain words the gate drops: skip them before they become tokens at all.
            _tokenizer.GateRuns(Gate.Prefixes);
            _stream = ItAnalyzer.Filters(Gate, stem: true);
            Term = _stream.AddAttribute<ICharTermAttribute>();
            Offset = _stream.AddAttribute<IOffsetAttribute>();
        }

        public PrefixGate Gate { get; }
        public ICharTermAttribute Term { get; }
        public IOffsetAttribute Offset { get; }

        public TokenStream Start(string text)
        {
            _tokenizer.SetReader(new StringReader(text));
            _stream.Reset();
            return _stream;
        }
    }

    /// <summary>Drops the tokens that cannot analyse to a wanted term (see <see cref="TermPrefixes"/>).</summary>
    internal sealed class PrefixGate : TokenFilter
    {
        private readonly ICharTermAttribute _term;

        public PrefixGate(TokenStream input) : base(input) => _term = AddAttribute<ICharTermAttribute>();

        /// <summary>How the wanted terms begin (the tokenizer's run gate reads it too).</summary>
        public TermPrefixes Prefixes { get; } = new();

        public override bool IncrementToken()
        {
            while (m_input.IncrementToken())
                if (Prefixes.Admits(_term.Buffer.AsSpan(0, _term.Length))) return true;
            return false;
        }
    }

    /// <summary>Where the opening ends: at whitespace near <see cref="OpeningLength"/>, so no word is cut in two.</summary>
    private static int OpeningEnd(string text)
    {
        if (text.Length <= OpeningLength + 200) return text.Length;
        var end = OpeningLength;
        while (end < text.Length && end < OpeningLength + 200 && !char.IsWhiteSpace(text[end])) end++;
        return end < text.Length && char.IsWhiteSpace(text[end]) ? end : text.Length;
    }

    private static (int Start, int End) BestWindow(string text, List<(int Start, int End)> matches, int length)
    {
        // Two pointers over the matches: the window starting at match i that covers the most matches wins.
        var bestFirst = 0;
        var bestCount = 0;
        var j = 0;
        for (var i = 0; i < matches.Count; i++)
        {
            if (j < i) j = i;
            while (j + 1 < matches.Count && matches[j + 1].End - matches[i].Start <= length) j++;
            var count = j - i + 1;
            if (count > bestCount) { bestCount = count; bestFirst = i; }
        }
        // Start a little before the first match, at a word boundary, so it reads in context.
        var start = Math.Max(0, matches[bestFirst].Start - length / 6);
        while (start > 0 && start > matches[bestFirst].Start - length / 3 && !char.IsWhiteSpace(text[start - 1])) start--;
        var end = Math.Min(text.Length, start + length);
        while (end < text.Length && end < start + length + 20 && !char.IsWhiteSpace(text[end])) end++;
        return (start, end);
    }

    private static int SafeBoundary(string text, int index) =>
        index > 0 && index < text.Length && char.IsLowSurrogate(text[index]) && char.IsHighSurrogate(text[index - 1]) ? index - 1 : index;

    private static void AppendEncoded(StringBuilder html, string text, int start, int end)
    {
        var lastWasSpace = html.Length > 0 && html[^1] == ' ';
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                if (!lastWasSpace) html.Append(' ');
                lastWasSpace = true;
                continue;
            }
            lastWasSpace = false;
            switch (c)
            {
                case '&': html.Append("&amp;"); break;
                case '<': html.Append("&lt;"); break;
                case '>': html.Append("&gt;"); break;
                case '"': html.Append("&quot;"); break;
                case '\'': html.Append("&#39;"); break;
                default: html.Append(c); break;
            }
        }
    }
}
