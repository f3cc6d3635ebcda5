namespace KnowledgeBase.Core.Articles;

/// <summary>The parts of an article a proposed revision can change.</summary>
public sealed record ArticleContent(string Title, string Body, IReadOnlyList<string> Categories, IReadOnlyList<string> Tags)
{
    public static ArticleContent Of(Article article) => new(article.Title, article.Body, [.. article.CategoryIds], [.. article.TagNames]);

    public static ArticleContent Of(ArticleRevision revision) => new(revision.Title, revision.Body, SplitList(revision.Categories), SplitList(revision.Tags));

    /// <summary>A proposal's content; a proposal stored before categories and tags were kept proposes the base's.</summary>
    public static ArticleContent Of(ProposedRevision proposal, ArticleContent @base) =>
        new(proposal.Title, proposal.Body, proposal.Categories is null ? @base.Categories : SplitList(proposal.Categories),
            proposal.Tags is null ? @base.Tags : SplitList(proposal.Tags));

    public static IReadOnlyList<string> SplitList(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>How to accept a proposal whose base version is not the current version.</summary>
public enum ProposalAcceptMode
{
    /// <summary>Apply the proposal's changes onto the current version; refused when they overlap changes made since its base.</summary>
    Merge,
    /// <summary>
    /// The proposal's title and body replace the current ones as they are (an explicit choice: it undoes text changed
    /// since the proposal's base). Category and tag changes are still merged: they never conflict.
    /// </summary>
    Replace,
}

/// <summary>
/// What accepting a proposal would make of the article: the proposal's changes (against the version it started from)
/// merged with the changes written since then. When the article has not moved on, the result is the proposal itself.
/// </summary>
public sealed record ProposalMerge(ArticleContent Base, ArticleContent Current, ArticleContent Proposed, TextMerge Body, string? Title,
    IReadOnlyList<string> Categories, IReadOnlyList<string> Tags)
{
    public static ProposalMerge Of(ArticleContent @base, ArticleContent current, ArticleContent proposed)
    {
        var body = ThreeWayMerge.Lines(@base.Body, current.Body, proposed.Body);
        var title = proposed.Title == @base.Title ? current.Title
            : current.Title == @base.Title || current.Title == proposed.Title ? proposed.Title
            : null;
        return new ProposalMerge(@base, current, proposed, body, title,
            MergeList(@base.Categories, current.Categories, proposed.Categories), MergeList(@base.Tags, current.Tags, proposed.Tags));
    }

    /// <summary>Both the current version and the proposal changed the title, differently.</summary>
    public bool TitleConflicts => Title is null;

    public int ConflictCount => Body.ConflictCount + (TitleConflicts ? 1 : 0);

    public bool HasConflicts => ConflictCount > 0;

    /// <summary>
    /// True when the current version's content differs from the proposal's base (a version that changed only the state
    /// or audience moved the version number but not the text: the proposal then applies as it is).
    /// </summary>
    public bool CurrentChangedSinceBase => !(Base.Title == Current.Title && Base.Body == Current.Body
        && Base.Categories.SequenceEqual(Current.Categories, StringComparer.Ordinal) && Base.Tags.SequenceEqual(Current.Tags, StringComparer.Ordinal));

    /// <summary>The merged article; null while anything conflicts.</summary>
    public ArticleContent? Merged => !CurrentChangedSinceBase ? Proposed
        : HasConflicts ? null : new ArticleContent(Title!, WithFinalNewline(Body.Merged!), Categories, Tags);

    /// <summary>The proposal's title and body as they are over the current version (<see cref="ProposalAcceptMode.Replace"/>).</summary>
    public ArticleContent Replaced => new(Proposed.Title, Proposed.Body, Categories, Tags);

    public ArticleContent? Result(ProposalAcceptMode mode) => mode == ProposalAcceptMode.Replace ? Replaced : Merged;

    // The line merge drops the final line break; keep the proposal's.
    private string WithFinalNewline(string text) => Proposed.Body.EndsWith('\n') && text.Length > 0 ? text + "\n" : text;

    /// <summary>
    /// Categories and tags merge as sets: what the proposal added or removed against its base is applied to the current
    /// list, keeping the current order (the first category is the primary) and appending what the proposal added.
    /// </summary>
    private static IReadOnlyList<string> MergeList(IReadOnlyList<string> @base, IReadOnlyList<string> current, IReadOnlyList<string> proposed)
    {
        if (proposed.SequenceEqual(@base, StringComparer.Ordinal)) return current;
        if (current.SequenceEqual(@base, StringComparer.Ordinal)) return proposed;
        var removed = @base.Except(proposed, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        var added = proposed.Except(@base, StringComparer.Ordinal);
        return [.. current.Where(c => !removed.Contains(c)).Concat(added).Distinct(StringComparer.Ordinal)];
    }
}
