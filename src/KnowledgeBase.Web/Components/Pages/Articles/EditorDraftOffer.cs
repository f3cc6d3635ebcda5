namespace KnowledgeBase.Web.Components.Pages.Articles;

/// <summary>A local draft the browser kept for this article (ArticleEditor.razor.js answers 'load' with it): when, on which version, how long, its title.</summary>
public sealed record EditorDraftOffer(string SavedAtText, int BaseVersion, int Length, string? Title);
