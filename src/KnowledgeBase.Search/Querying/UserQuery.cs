using System.Text;

namespace KnowledgeBase.Search.Querying;

/// <summary>
/// What a user typed, made safe: control characters blanked, length capped, "quoted phrases" and -exclusions found.
/// Everything else (Lucene operators, brackets, wildcards, backslashes) is just punctuation to the analyzer, so no
/// input can make query construction throw.
/// </summary>
internal sealed class UserQuery
{
    public const int MaxLength = 1000;

    private UserQuery(string text)
    {
        Text = text;
    }

    public string Text { get; }
    public List<(int Start, int End)> Phrases { get; } = [];
    public List<(int Start, int End)> Exclusions { get; } = [];
    public List<string> Messages { get; } = [];

    /// <summary>True when the text ends inside a word (the user may still be typing it).</summary>
    public bool EndsInWord => Text.Length > 0 && char.IsLetterOrDigit(Text[^1]);

    public static UserQuery Parse(string? raw, int maxLength = MaxLength)
    {
        raw ??= "";
        var truncated = raw.Length > maxLength;
        var length = truncated ? maxLength : raw.Length;
        if (truncated && char.IsHighSurrogate(raw[length - 1])) length--;

        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            var c = raw[i];
            if (char.IsHighSurrogate(c) && i + 1 < length && char.IsLowSurrogate(raw[i + 1]))
            {
                builder.Append(c).Append(raw[++i]);
                continue;
            }
            if (char.IsControl(c) || char.IsSurrogate(c)) c = ' ';
            else if (c is '\u201C' or '\u201D' or '\u201E') c = '"';
            builder.Append(c);
        }
        var query = new UserQuery(builder.ToString());
        if (truncated) query.Messages.Add($"Only the first {maxLength:N0} characters of the query were used");
        query.FindSyntax();
        return query;
    }

    public bool InPhrase(int offset, out int phrase)
    {
        for (phrase = 0; phrase < Phrases.Count; phrase++)
            if (offset >= Phrases[phrase].Start && offset < Phrases[phrase].End) return true;
        phrase = -1;
        return false;
    }

    public bool IsExcluded(int offset) => Exclusions.Any(e => offset >= e.Start && offset < e.End);

    private void FindSyntax()
    {
        var text = Text;
        var quotes = new List<int>();
        for (var i = 0; i < text.Length; i++)
            if (text[i] == '"') quotes.Add(i);
        for (var q = 0; q + 1 < quotes.Count; q += 2)
            Phrases.Add((quotes[q] + 1, quotes[q + 1]));
        if (quotes.Count % 2 == 1) Messages.Add("Unbalanced quote ignored");

        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '-' || (i > 0 && !char.IsWhiteSpace(text[i - 1]) && text[i - 1] != '"')) continue;
            if (i + 1 >= text.Length || !char.IsLetterOrDigit(text[i + 1]) || InPhrase(i, out _)) continue;
            var end = i + 1;
            while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] != '"') end++;
            Exclusions.Add((i + 1, end));
            i = end;
        }
    }
}
