namespace KnowledgeBase.Core.Lifecycle;

public enum LifecycleOutcome
{
    /// <summary>The change may be applied as asked.</summary>
    Apply,
    /// <summary>The content edit is kept as a proposed revision for a Contributor or above to accept.</summary>
    Propose,
    /// <summary>The change is refused; <see cref="LifecycleDecision.Reason"/> says why.</summary>
    Forbid,
}

public sealed record LifecycleDecision(LifecycleOutcome Outcome, string Reason)
{
    public static readonly LifecycleDecision Allowed = new(LifecycleOutcome.Apply, "");

    public static LifecycleDecision Forbidden(string reason) => new(LifecycleOutcome.Forbid, reason);

    public static LifecycleDecision Proposed(string reason) => new(LifecycleOutcome.Propose, reason);

    public bool IsAllowed => Outcome == LifecycleOutcome.Apply;
}
