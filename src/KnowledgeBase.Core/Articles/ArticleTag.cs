namespace KnowledgeBase.Core.Articles;

public sealed class ArticleTag
{
    public const int MaxLength = 50;

    public required string ArticleId { get; init; }
    public required string Tag { get; init; }

    /// <summary>Tags are lower-case words joined by dashes (<c>Modern Auth</c> → <c>modern-auth</c>).</summary>
    public static string Normalize(string tag)
    {
        var slug = Articles.ArticleId.Slugify(tag.Trim()).Replace('_', '-');
        return slug.Length > MaxLength ? slug[..MaxLength].TrimEnd('-', '.') : slug;
    }
}
