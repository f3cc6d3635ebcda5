using System.Security.Cryptography;
using System.Text;

namespace KnowledgeBase.Search.Semantic;

/// <summary>
/// What of an article is embedded: its title, then its text in reading order (the opening that says what the article
/// is about, then the symptoms), as plain text with every run of whitespace made one space. The embedder keeps the
/// first 256 word pieces, cut at a whole word; 512 scored worse for this model (it was trained on 128–256).
/// </summary>
public static class EmbeddingText
{
    /// <summary>Plenty for 256 word pieces (about 4–5 characters each) without tokenising a whole long article.</summary>
    public const int MaxChars = 3000;

    /// <param name="plainText">The article's body as plain text (the same text the index holds: no markup).</param>
    public static string For(string title, string plainText)
    {
        title = Collapse(title ?? "", 300);
        var body = Collapse(plainText ?? "", MaxChars);
        // Articles often open with their title as a heading: don't spend the budget on it twice.
        if (title.Length > 0 && body.StartsWith(title, StringComparison.OrdinalIgnoreCase)) body = body[title.Length..].TrimStart();
        return body.Length == 0 ? title : title.Length == 0 ? body : title + ". " + body;
    }

    /// <summary>
    /// The article's symptoms as tickets describe them: its title, then its Issue section (plain text), when it has
    /// one; null when it has none. Embedded as a second vector: an article's opening often says what it is about in
    /// other words than its symptoms, error messages included, which are what a ticket quotes or paraphrases.
    /// </summary>
    public static string? ForSymptoms(string title, string issuePlainText)
    {
        var issue = Collapse(issuePlainText ?? "", MaxChars);
        if (issue.Length == 0) return null;
        title = Collapse(title ?? "", 300);
        return title.Length == 0 ? issue : title + ". " + issue;
    }

    /// <summary>A query or ticket as the embedder should read it: whitespace (newlines, tabs) made single spaces.</summary>
    public static string ForQuery(string text) => Collapse(text ?? "", MaxChars);

    /// <summary>SHA-256 of the text, hex: stored vectors are found again by it, whatever the article's id or version.</summary>
    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Collapse(string text, int maxChars)
    {
        var builder = new StringBuilder(Math.Min(text.Length, maxChars));
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = builder.Length > 0;
                continue;
            }
            if (builder.Length >= maxChars) break;
            if (space) builder.Append(' ');
            space = false;
            builder.Append(c);
        }
        return builder.ToString();
    }
}
