namespace KnowledgeBase.Core.Notifications;

/// <summary>What a person is told about (docs/notifications.md "Who receives what").</summary>
public enum NotificationKind
{
    /// <summary>Someone flagged an article I am accountable for (as its owner, a member of its owning team, or the triage owner).</summary>
    FlagRaised = 0,
    /// <summary>A proposed revision of an article I am accountable for waits for a decision I may take.</summary>
    ProposalWaiting = 1,
    /// <summary>My proposed revision was accepted.</summary>
    ProposalAccepted = 2,
    /// <summary>My proposed revision was rejected (with the reason).</summary>
    ProposalRejected = 3,
    /// <summary>A flag I raised was resolved (with the resolution).</summary>
    FlagResolved = 4,
    /// <summary>The weekly digest of what fell stale or became due for review in my queue.</summary>
    WeeklyQueue = 5,
}
