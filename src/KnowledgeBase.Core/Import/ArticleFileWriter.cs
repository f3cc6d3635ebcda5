using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using KnowledgeBase.Core.Articles;

namespace KnowledgeBase.Core.Import;

/// <summary>
/// Writes an article as a Markdown file with front matter, the form <see cref="ArticleFileParser"/> reads back (with
/// <c>exactBody</c>): every value a quoted YAML string, dates in ISO 8601 UTC, and the body after the closing fence
/// exactly as stored.
/// </summary>
public static class ArticleFileWriter
{
    private static readonly JsonSerializerOptions Quoting = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="owner">The explicit owner as a person types it (an e-mail, a team's name); null when the category's owner is accountable.</param>
    public static string Write(Article article, string? owner)
    {
        var text = new StringBuilder();
        text.Append("---\n");
        text.Append("id: ").Append(Quote(article.Id)).Append('\n');
        text.Append("title: ").Append(Quote(article.Title)).Append('\n');
        text.Append("state: ").Append(Quote(article.State.Display())).Append('\n');
        text.Append("audience: ").Append(Quote(article.Audience.Display())).Append('\n');
        text.Append("categories: [").Append(string.Join(", ", article.CategoryIds.Select(Quote))).Append("]\n");
        text.Append("tags: [").Append(string.Join(", ", article.TagNames.Select(Quote))).Append("]\n");
        // Always written, [] included: re-importing the file makes the article for exactly these clients.
        text.Append("clients: [").Append(string.Join(", ", article.ClientNames.Select(Quote))).Append("]\n");
        if (owner is not null) text.Append("owner: ").Append(Quote(owner)).Append('\n');
        text.Append("created: ").Append(Quote(Timestamp(article.CreatedAt))).Append('\n');
        text.Append("updated: ").Append(Quote(Timestamp(article.UpdatedAt))).Append('\n');
        if (article.LastReviewedAt is { } reviewed) text.Append("reviewed: ").Append(Quote(Timestamp(reviewed))).Append('\n');
        text.Append("version: ").Append(article.Version.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("---\n");
        text.Append(article.Body);
        return text.ToString();
    }

    /// <summary>Round-trip ISO 8601 in UTC (<c>2026-03-01T09:00:00.0000000Z</c>): the parser reads back the same instant to the tick.</summary>
    public static string Timestamp(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture);

    /// <summary>A YAML double-quoted scalar (JSON's string escapes are YAML's too).</summary>
    public static string Quote(string value) => JsonSerializer.Serialize(value, Quoting);
}
