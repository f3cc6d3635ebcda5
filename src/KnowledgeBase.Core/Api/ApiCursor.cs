namespace KnowledgeBase.Core.Api;

/// <summary>A named position of a follower of the change log (the webhook dispatcher's), stored with what it produced.</summary>
public sealed class ApiCursor
{
    public required string Name { get; init; }
    public long Position { get; set; }
}
