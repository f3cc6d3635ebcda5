namespace KnowledgeBase.Data.Owners;

/// <summary>
/// A name that owns categories or articles but is no account or team (from before owners were accounts, or an
/// import): how much it owns, and the account or team it most likely means, if any.
/// </summary>
public sealed record UnclaimedOwner(string Name, int Categories, int Articles, int ExplicitArticles, OwnerEntry? Suggestion);
