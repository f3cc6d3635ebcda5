using System.Globalization;
using System.Text;

namespace KnowledgeBase.Search.Semantic;

/// <summary>
/// BERT's uncased tokenizer (basic tokenization, then greedy longest-match WordPiece), as the model was trained with.
/// Not the wrapper package's tokenizer: that one splits on spaces only (a newline or tab glues two words), drops words
/// over 50 characters, and loses the end marker when it cuts a long text.
/// </summary>
public sealed class WordPieceTokenizer
{
    public const string Classification = "[CLS]";
    public const string Separator = "[SEP]";
    public const string Unknown = "[UNK]";
    private const int MaxCharsPerWord = 100;

    private readonly Dictionary<string, int> _vocabulary;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public WordPieceTokenizer(IEnumerable<string> vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        _vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var token in vocabulary) _vocabulary.TryAdd(token, _vocabulary.Count);
        _lookup = _vocabulary.GetAlternateLookup<ReadOnlySpan<char>>();
        ClassificationId = _vocabulary[Classification];
        SeparatorId = _vocabulary[Separator];
        UnknownId = _vocabulary[Unknown];
    }

    public static WordPieceTokenizer Load(Stream vocabulary)
    {
        using var reader = new StreamReader(vocabulary, Encoding.UTF8);
        var tokens = new List<string>(32_000);
        while (reader.ReadLine() is { } line) tokens.Add(line.TrimEnd('\r'));
        return new WordPieceTokenizer(tokens);
    }

    public int ClassificationId { get; }
    public int SeparatorId { get; }
    public int UnknownId { get; }

    /// <summary>
    /// [CLS], the text's word pieces cut at a whole word so that at most <paramref name="maxPieces"/> ids come out in
    /// all, then [SEP].
    /// </summary>
    public int[] Encode(string text, int maxPieces)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPieces, 3);
        var ids = new List<int>(Math.Min(maxPieces, 64)) { ClassificationId };
        var room = maxPieces - 2;
        var word = new List<int>(8);
        foreach (var token in BasicTokens(text ?? ""))
        {
            word.Clear();
            WordPieces(token, word);
            if (word.Count > room) break;
            ids.AddRange(word);
            room -= word.Count;
        }
        ids.Add(SeparatorId);
        return [.. ids];
    }

    /// <summary>The word pieces of a text, as strings (for tests and explanations).</summary>
    public IReadOnlyList<string> Pieces(string text)
    {
        var names = _vocabulary.OrderBy(kv => kv.Value).Select(kv => kv.Key).ToArray();
        var ids = Encode(text, int.MaxValue);
        return ids[1..^1].Select(id => names[id]).ToList();
    }

    private void WordPieces(string token, List<int> into)
    {
        if (token.Length > MaxCharsPerWord) { into.Add(UnknownId); return; }
        var start = 0;
        Span<char> buffer = stackalloc char[MaxCharsPerWord + 2];
        var first = into.Count;
        while (start < token.Length)
        {
            var end = token.Length;
            var found = -1;
            while (start < end)
            {
                var length = 0;
                if (start > 0) { buffer[0] = '#'; buffer[1] = '#'; length = 2; }
                token.AsSpan(start, end - start).CopyTo(buffer[length..]);
                length += end - start;
                if (_lookup.TryGetValue(buffer[..length], out var id)) { found = id; break; }
                end--;
            }
            if (found < 0)
            {
                // A word with a part the vocabulary cannot spell is one unknown piece, as in BERT.
                into.RemoveRange(first, into.Count - first);
                into.Add(UnknownId);
                return;
            }
            into.Add(found);
            start = end;
        }
    }

    /// <summary>BERT's basic tokenizer, lower-casing: words and single punctuation marks, accents removed.</summary>
    internal static IEnumerable<string> BasicTokens(string text)
    {
        var current = new StringBuilder();
        foreach (var raw in text)
        {
            var c = raw;
            if (c == '\0' || c == '\uFFFD' || (char.IsControl(c) && !char.IsWhiteSpace(c))) continue;
            if (char.IsWhiteSpace(c))
            {
                if (current.Length > 0) { yield return Finish(current); }
                continue;
            }
            if (IsPunctuation(c) || IsCjk(c))
            {
                if (current.Length > 0) { yield return Finish(current); }
                yield return char.ToLowerInvariant(c).ToString();
                continue;
            }
            current.Append(c);
        }
        if (current.Length > 0) yield return Finish(current);
    }

    private static string Finish(StringBuilder current)
    {
        var word = current.ToString().ToLowerInvariant();
        current.Clear();
        if (word.All(char.IsAscii)) return word;
        var decomposed = word.Normalize(NormalizationForm.FormD);
        var stripped = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) stripped.Append(c);
        return stripped.ToString();
    }

    private static bool IsPunctuation(char c) =>
        c is >= '!' and <= '/' or >= ':' and <= '@' or >= '[' and <= '`' or >= '{' and <= '~' || char.IsPunctuation(c);

    private static bool IsCjk(char c) =>
        c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF';
}
