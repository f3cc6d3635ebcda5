namespace KnowledgeBase.Data.DemoData;

/// <summary>What to generate: the same seed, "now" and articles give the same data.</summary>
public sealed record DemoDataOptions
{
    public int Seed { get; init; } = 1;
    /// <summary>The end of the generated history (UTC).</summary>
    public required DateTime Now { get; init; }
    public int Months { get; init; } = 6;
    public int TicketsPerDay { get; init; } = 8;
    /// <summary>Remove a previous demo run first instead of refusing.</summary>
    public bool Replace { get; init; }
    /// <summary>
    /// Move the creation date of articles created inside the demo window back before it (a few into it, with a
    /// <c>created</c> link), so freshly imported content shows known-vs-new reuse. It changes real articles and is not
    /// undone by a replace.
    /// </summary>
    public bool BackdateArticles { get; init; } = true;
}
