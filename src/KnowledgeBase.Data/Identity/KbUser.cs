using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using Microsoft.AspNetCore.Identity;

namespace KnowledgeBase.Data.Identity;

/// <summary>A person who signs in. Holds one KCS role; Customer-audience users (a customer portal) see only Customer articles.</summary>
public sealed class KbUser : IdentityUser
{
    public KcsRole Role { get; set; } = KcsRole.Candidate;
    public Audience Audience { get; set; } = Audience.Internal;
    public string DisplayName { get; set; } = "";
    /// <summary>
    /// The client a Customer-audience user belongs to (an Admin sets it): they see global customer articles and their
    /// client's; null: global ones only. Ignored for internal users, who see every client's.
    /// </summary>
    public string? Client { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>When an Admin disabled the account (null: enabled). A disabled account cannot sign in, and its sessions end.</summary>
    public DateTime? DisabledAt { get; set; }
    public string? DisabledBy { get; set; }
    /// <summary>The Admin's choice when disabling: the API keys this account created keep working (an integration it set up).</summary>
    public bool ApiKeysKeptWhileDisabled { get; set; }

    public bool IsDisabled => DisabledAt is not null;
}
