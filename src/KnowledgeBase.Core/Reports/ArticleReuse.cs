namespace KnowledgeBase.Core.Reports;

/// <summary>
/// An article's reuse in a period: <see cref="ReuseCount"/> distinct closed tickets linking it, of which
/// <see cref="ResolvedLinks"/> say it resolved them; effectiveness = resolved links ÷ all links (kcs.md, ours).
/// </summary>
public sealed record ArticleReuse(string ArticleId, string Title, long ReuseCount, long ResolvedLinks, long AllLinks)
{
    public double Effectiveness => Rates.Of(ResolvedLinks, AllLinks);
}
