namespace KnowledgeBase.Core.Psa;

/// <summary>What the panel does with a PSA member that no mapping names and whose e-mail matches no account.</summary>
public enum UnmappedMembers
{
    /// <summary>Acts as a limited technician: <c>psa:{instance}:{member}</c>, a Candidate (search, read, link, flag, capture WIP).</summary>
    Candidate = 0,
    /// <summary>Refused: only mapped members use the panel.</summary>
    Refuse = 1,
}

/// <summary>
/// One PSA an Admin connected (docs/psa.md): where its tickets come from (its ticket key's system and instance), who
/// may frame the ticket panel, the secrets that authenticate panel links and vendor events, and the REST credentials
/// for follow-up reads and write-back. Secrets are stored encrypted (<c>…Secret</c>, <see cref="ApiCredentials"/>).
/// </summary>
public sealed class PsaInstance
{
    public const int MaxSlugLength = 40;
    public const int MaxOriginsLength = 2000;
    public const int MaxSecretLength = 1000;
    public const int MaxUrlLength = 500;

    public long Id { get; init; }
    /// <summary>The instance's name in addresses: <c>/psa/{slug}/panel/{ticket}</c>, <c>/api/psa/{slug}/events</c>.</summary>
    public required string Slug { get; set; }
    public PsaSystem System { get; set; }
    /// <summary>The ticket key's instance of this PSA's tickets (<see cref="Tickets.TicketKey.Instance"/>), e.g. acme.halopsa.com.</summary>
    public required string TicketInstance { get; set; }
    public required string DisplayName { get; set; }
    /// <summary>Origins allowed to frame the panel, one per line (<c>https://acme.halopsa.com</c>).</summary>
    public string FrameOrigins { get; set; } = "";
    /// <summary>The key that signs panel links the PSA side makes (HMAC-SHA256), stored encrypted.</summary>
    public string? EmbedSecret { get; set; }
    /// <summary>When the embed secret was last set: panel sessions issued before it end.</summary>
    public DateTime? EmbedSecretSetAt { get; set; }
    public UnmappedMembers UnmappedMembers { get; set; }
    /// <summary>Members whose e-mail is a knowledge-base account's act as that account unless a mapping says otherwise.</summary>
    public bool MatchMembersByEmail { get; set; } = true;
    public bool ReceiverEnabled { get; set; }
    /// <summary>Autotask: the webhook's SecretKey (HMAC-SHA1 of X-Hook-Signature). HaloPSA: the webhook's Basic password. Stored encrypted.</summary>
    public string? ReceiverSecret { get; set; }
    /// <summary>HaloPSA: the webhook's Basic user name.</summary>
    public string? ReceiverUserName { get; set; }
    /// <summary>The vendor's REST base: ConnectWise <c>https://api-na.myconnectwise.net/v4_6_release/apis/3.0</c>, Autotask <c>https://webservices5.autotask.net/ATServicesRest/V1.0</c>, HaloPSA <c>https://acme.halopsa.com</c>.</summary>
    public string? ApiBaseUrl { get; set; }
    /// <summary>The vendor REST credentials (<see cref="PsaCredentials"/> as JSON), stored encrypted.</summary>
    public string? ApiCredentials { get; set; }
    public bool WriteBackEnabled { get; set; }
    /// <summary>Status ids or names that mean closed (comma-separated); ConnectWise uses its closedFlag.</summary>
    public string ClosedStatuses { get; set; } = "";
    public DateTime CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? DeletedAt { get; set; }

    public IReadOnlyList<string> FrameOriginList => FrameOrigins.Split(['\n', ' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IReadOnlyList<string> ClosedStatusList => ClosedStatuses.Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public bool HasApi => !string.IsNullOrWhiteSpace(ApiBaseUrl) && !string.IsNullOrWhiteSpace(ApiCredentials);
}
