namespace KnowledgeBase.Web.Components.Pages.Articles;

/// <summary>
/// What a save from the editor came to, returned to its browser module: <c>saved</c> (go to <see cref="Url"/>),
/// <c>proposed</c> (kept as a proposed revision for review) or <c>failed</c> (<see cref="Message"/> says why, and
/// <see cref="Focus"/> names the element with the first problem).
/// </summary>
public sealed record EditorSaveResult(string Outcome, string? Message, string? Focus, string? Url)
{
    public static EditorSaveResult Saved(string message, string url) => new("saved", message, null, url);

    /// <summary>Kept as a proposal; <paramref name="url"/> is where its author follows it (its card on the article page).</summary>
    public static EditorSaveResult Proposed(string message, string? url = null) => new("proposed", message, null, url);

    public static EditorSaveResult Failed(string message, string? focus = null) => new("failed", message, focus, null);
}
