using System.Net;
using System.Text.RegularExpressions;

namespace KnowledgeBase.Web.Components.Shared;

/// <summary>Presentation of stored (already sanitized) article HTML.</summary>
public static partial class ArticleHtml
{
    [GeneratedRegex(@"^\s*<h1[^>]*>(?<text>.*?)</h1>\s*", RegexOptions.Singleline)]
    private static partial Regex LeadingHeading();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    /// <summary>
    /// Articles usually repeat their title as a first "# heading"; the page already shows the title as its one h1, so
    /// that heading is dropped rather than shown twice.
    /// </summary>
    public static string WithoutLeadingTitle(string html, string title)
    {
        var match = LeadingHeading().Match(html);
        if (!match.Success) return html;
        var text = WebUtility.HtmlDecode(Tags().Replace(match.Groups["text"].Value, "")).Trim();
        return string.Equals(text, title.Trim(), StringComparison.OrdinalIgnoreCase) ? html[match.Length..] : html;
    }
}
