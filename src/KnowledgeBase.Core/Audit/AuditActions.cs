namespace KnowledgeBase.Core.Audit;

/// <summary>The actions the audit trail records.</summary>
public static class AuditActions
{
    public const string ArticleCreated = "article.created";
    public const string ArticleEdited = "article.edited";
    public const string ArticleStateChanged = "article.state-changed";
    public const string ArticleAudienceChanged = "article.audience-changed";
    public const string ArticleClientsChanged = "article.clients-changed";
    public const string UserClientChanged = "user.client-changed";
    public const string ArticleDeleted = "article.deleted";
    public const string ArticleReviewed = "article.reviewed";
    public const string ProposalCreated = "article.proposal-created";
    public const string ProposalAccepted = "article.proposal-accepted";
    public const string ProposalRejected = "article.proposal-rejected";
    public const string ProposalWithdrawn = "article.proposal-withdrawn";
    public const string ArticleFlagged = "article.flagged";
    public const string FlagResolved = "article.flag-resolved";
    public const string LinkCreated = "link.created";
    public const string LinkRemoved = "link.removed";
    public const string SignedIn = "user.signed-in";
    public const string SignInFailed = "user.sign-in-failed";
    public const string LockedOut = "user.locked-out";
    public const string SignInThrottled = "user.sign-in-throttled";
    public const string SignedOut = "user.signed-out";
    public const string SignedOutEverywhere = "user.signed-out-everywhere";
    public const string UserCreated = "user.created";
    public const string RoleChanged = "user.role-changed";
    public const string UserUnlocked = "user.unlocked";
    public const string ApiKeyCreated = "apikey.created";
    public const string ApiKeyRevoked = "apikey.revoked";
    public const string ApiKeyClientChanged = "apikey.client-changed";
    public const string WebhookClientChanged = "webhook.client-changed";
    public const string ImportRun = "content.imported";
    public const string UserDisabled = "user.disabled";
    public const string UserEnabled = "user.enabled";
    public const string PasswordResetLinkIssued = "user.password-reset-link";
    public const string PasswordReset = "user.password-reset";
    public const string PasswordChanged = "user.password-changed";
    public const string TeamCreated = "team.created";
    public const string TeamChanged = "team.changed";
    public const string TeamMemberAdded = "team.member-added";
    public const string TeamMemberRemoved = "team.member-removed";
    public const string TeamDeleted = "team.deleted";
    public const string OwnerAssigned = "owner.assigned";
    public const string TriageOwnerSet = "owner.triage-set";

    public static readonly IReadOnlyList<string> All =
    [
        ArticleCreated, ArticleEdited, ArticleStateChanged, ArticleAudienceChanged, ArticleClientsChanged, ArticleDeleted, ArticleReviewed,
        ProposalCreated, ProposalAccepted, ProposalRejected, ProposalWithdrawn, ArticleFlagged, FlagResolved, LinkCreated, LinkRemoved,
        SignedIn, SignInFailed, LockedOut, SignInThrottled, SignedOut, SignedOutEverywhere, UserCreated, RoleChanged, UserClientChanged, UserUnlocked,
        ApiKeyCreated, ApiKeyRevoked, ApiKeyClientChanged, WebhookClientChanged, ImportRun, UserDisabled, UserEnabled, PasswordResetLinkIssued, PasswordReset, PasswordChanged,
        TeamCreated, TeamChanged, TeamMemberAdded, TeamMemberRemoved, TeamDeleted, OwnerAssigned, TriageOwnerSet,
    ];
}
