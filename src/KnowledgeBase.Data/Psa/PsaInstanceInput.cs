using KnowledgeBase.Core.Psa;

namespace KnowledgeBase.Data.Psa;

/// <summary>The settings of a PSA instance an Admin edits (secrets have their own operations).</summary>
public sealed record PsaInstanceInput
{
    public string Slug { get; init; } = "";
    public PsaSystem System { get; init; }
    public string DisplayName { get; init; } = "";
    public string TicketInstance { get; init; } = "";
    public string FrameOrigins { get; init; } = "";
    public UnmappedMembers UnmappedMembers { get; init; }
    public bool MatchMembersByEmail { get; init; } = true;
    public bool ReceiverEnabled { get; init; }
    public string? ReceiverUserName { get; init; }
    public string? ApiBaseUrl { get; init; }
    public bool WriteBackEnabled { get; init; }
    /// <summary>Null: the PSA's default (<see cref="PsaSystems.DefaultClosedStatuses"/>).</summary>
    public string? ClosedStatuses { get; init; }
}

/// <summary>A new instance with the secrets made for it, shown once.</summary>
public sealed record CreatedPsaInstance(PsaInstance Instance, string EmbedSecret, string ReceiverSecret);
