namespace KnowledgeBase.Core.Articles;

public sealed class ArticleTag
{
    public const int MaxLength = 50;

    public required string ArticleId { get; init; }
    public required string Tag { get; init; }

    /// <summary>Whether the tag is longer than <see cref="MaxLength"/> once normalized (it would be cut, so it is refused).</summary>
    public static bool IsTooLong(string tag) => tag.Length > 4 * MaxLength || Articles.ArticleId.Slugify(tag.Trim()).Replace('_', '-').Length > MaxLength;

    /// <summary>Tags are lower-case words joined by dashes (<c>Modern Auth</c> → <c>modern-auth</c>).</summary>
    public static string Normalize(string tag)
    {
        var slug = Articles.ArticleId.Slugify(tag.Trim()).Replace('_', '-');
        return slug.Length > MaxLength ? slug[..MaxLength].TrimEnd('-', '.') : slug;
    }
}
