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
/// token. That is exact (<see cref="TermPrefixes"/>: a stem keeps its word's start, which
/// <see cref="PrefixKeepingStemFilter"/> enforces; folding only rewrites letters beyond ASCII, which always pass). Most words of a text fail that
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

    /// <summary>
    /// How much of a snippet source the index keeps uncompressed for highlighting (<see cref="Indexing.SearchFields.SnippetHead"/>):
    /// the opening, the words that may close it, and a window's reach beyond. Decompressing the stored text cost more
    /// than highlighting it.
    /// </summary>
    public const int HeadLength = OpeningLength + 200 + 2 * DefaultLength;

    /// <summary>Where a snippet source's head ends: <see cref="HeadLength"/> characters, never half a surrogate pair.</summary>
    public static int HeadEnd(string text)
    {
        if (text.Length <= HeadLength) return text.Length;
        return char.IsHighSurrogate(text[HeadLength - 1]) ? HeadLength - 1 : HeadLength;
    }

    public static string Highlight(string text, IReadOnlySet<string> terms, int length = DefaultLength) =>
        Highlight(text, text.Length, terms, length)!;

    /// <summary>
    /// The snippet of a text <paramref name="textLength"/> characters long from its first characters alone, exactly as
    /// from the whole text; null when that needs more of the text (nothing matched in the opening, or the window
    /// reaches the end of <paramref name="head"/>).
    /// </summary>
    public static string? Highlight(string head, int textLength, IReadOnlySet<string> terms, int length = DefaultLength)
    {
        if (textLength == 0) return "";
        var complete = head.Length >= textLength;
        var opening = OpeningEnd(head, textLength);
        if (opening > head.Length) return null;
        var matches = FindMatches(head, 0, opening, terms);
        if (matches.Count == 0 && opening < textLength)
        {
            if (!complete) return null;
            matches.AddRange(FindMatches(head, opening, textLength, terms));
        }

        var (start, end) = matches.Count == 0 ? (0, Math.Min(textLength, length)) : BestWindow(head, matches, length);
        // Within the head the window is what the whole text gives; at its end it might have run on further.
        if (!complete && end >= head.Length) return null;
        start = SafeBoundary(head, start);
        end = SafeBoundary(head, end);

        var html = new StringBuilder(end - start + 64);
        if (start > 0) html.Append('…');
        var cursor = start;
        foreach (var (matchStart, matchEnd) in matches)
        {
            if (matchEnd <= start || matchStart < cursor) continue;
            if (matchStart >= end) break;
            AppendEncoded(html, head, cursor, matchStart);
            html.Append("<mark>");
            AppendEncoded(html, head, matchStart, Math.Min(matchEnd, end));
            html.Append("</mark>");
            cursor = Math.Min(matchEnd, end);
        }
        AppendEncoded(html, head, cursor, end);
        if (end < textLength) html.Append('…');
        return html.ToString().Trim();
    }

    /// <summary>Matched character ranges in text order, overlapping ranges (an identifier and its parts) merged.</summary>
    internal static List<(int Start, int End)> FindMatches(string text, IReadOnlySet<string> terms) => FindMatches(text, 0, text.Length, terms);

    /// <summary>Matched ranges of <c>text[start..end]</c>, as positions in <paramref name="text"/>.</summary>
    internal static List<(int Start, int End)> FindMatches(string text, int start, int end, IReadOnlySet<string> terms)
    {
        var matches = new List<(int Start, int End)>();
        if (terms.Count == 0) return matches;
        // Looked up by span: no string per token.
        if (terms is not HashSet<string> set || !set.TryGetAlternateLookup<ReadOnlySpan<char>>(out var lookup))
            lookup = new HashSet<string>(terms, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        var chain = t_chain ??= new Chain();
        chain.Gate.Prefixes.Set(terms);
        var stream = chain.Start(text, start, end);
        try
        {
            var term = chain.Term;
            var offset = chain.Offset;
            while (stream.IncrementToken())
            {
                if (!lookup.Contains(term.Buffer.AsSpan(0, term.Length))) continue;
                var (s, e) = (start + offset.StartOffset, start + offset.EndOffset);
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

        public TokenStream Start(string text, int start, int end)
        {
            _tokenizer.SetReader(new SliceReader(text, start, end));
            _stream.Reset();
            return _stream;
        }
    }

    /// <summary>Reads part of a string without copying it out first.</summary>
    private sealed class SliceReader(string text, int start, int end) : TextReader
    {
        private int _position = start;

        public override int Peek() => _position < end ? text[_position] : -1;

        public override int Read() => _position < end ? text[_position++] : -1;

        public override int Read(char[] buffer, int index, int count)
        {
            var n = Math.Min(count, end - _position);
            if (n <= 0) return 0;
            text.CopyTo(_position, buffer, index, n);
            _position += n;
            return n;
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
    private static int OpeningEnd(string head, int textLength)
    {
        if (textLength <= OpeningLength + 200) return textLength;
        var end = OpeningLength;
        while (end < textLength && end < OpeningLength + 200 && !char.IsWhiteSpace(head[end])) end++;
        return end < textLength && char.IsWhiteSpace(head[end]) ? end : textLength;
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
