namespace KnowledgeBase.Core.Psa;

/// <summary>A PSA member (its identifier or e-mail, compared without case) who acts in the panel as a knowledge-base account.</summary>
public sealed class PsaMemberMapping
{
    public const int MaxMemberLength = 200;

    public long Id { get; init; }
    public long InstanceId { get; init; }
    public required string Member { get; set; }
    /// <summary>The account's user name (its e-mail).</summary>
    public required string UserName { get; set; }
}
