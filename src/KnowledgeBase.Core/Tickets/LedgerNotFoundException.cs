namespace KnowledgeBase.Core.Tickets;

/// <summary>A ticket, link or flag the request names does not exist (the API answers 404).</summary>
public sealed class LedgerNotFoundException(string what, string id) : Exception($"{what} '{id}' does not exist.")
{
    public string What { get; } = what;
    public string Id { get; } = id;
}
