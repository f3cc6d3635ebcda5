using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;

namespace KnowledgeBase.Core.Tests.Lifecycle;

/// <summary>An existing article and the change someone asks for.</summary>
internal sealed record LifecycleCase(
    KcsState CurrentState, Audience CurrentAudience, KcsState TargetState, Audience TargetAudience,
    bool ContentChanged, bool Own, KcsRole LastAuthor)
{
    public const string ActorName = "sam.tech";

    public bool StateMoves => TargetState != CurrentState;
    public bool AudienceMoves => TargetAudience != CurrentAudience;
    public bool CustomerFacing => CurrentAudience == Audience.Customer || TargetAudience == Audience.Customer;

    public ArticleFacts Facts => new(CurrentState, CurrentAudience, Own ? ActorName : "someone.else", LastAuthor);
}
