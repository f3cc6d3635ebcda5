namespace KnowledgeBase.Core.Owners;

/// <summary>A user account's membership of a team.</summary>
public sealed class TeamMember
{
    public required int TeamId { get; init; }
    public required string UserId { get; init; }
}
