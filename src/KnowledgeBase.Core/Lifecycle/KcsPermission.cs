namespace KnowledgeBase.Core.Lifecycle;

/// <summary>The rows of the KCS permission matrix in docs/kcs.md, one value per action.</summary>
public enum KcsPermission
{
    /// <summary>Search, read internal articles, link to a ticket, flag.</summary>
    ReadAndLink,
    /// <summary>Create WIP / Not Validated articles and edit one's own while they are WIP / Not Validated.</summary>
    CreateDraft,
    /// <summary>Edit any internal article and set Validated.</summary>
    EditInternal,
    /// <summary>Set audience Customer and edit Customer articles.</summary>
    PublishToCustomer,
    /// <summary>Review Candidates' work: validate it on their behalf.</summary>
    ReviewCandidates,
    /// <summary>Archive / restore, manage categories, resolve flags.</summary>
    ManageDomain,
    /// <summary>Users, roles, API keys, webhooks, settings.</summary>
    Administer,
}
