namespace KnowledgeBase.Web.Components.Search;

/// <summary>A query the user typed and left standing for the debounce; <see cref="Token"/> is cancelled by their next keystroke.</summary>
public sealed record TypedQuery(string Query, CancellationToken Token);
