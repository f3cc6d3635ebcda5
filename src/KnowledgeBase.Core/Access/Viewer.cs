using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;

namespace KnowledgeBase.Core.Access;

/// <summary>
/// Who is asking, as <see cref="AccessPolicy"/> sees them: signed in or not, with which KCS role, reading as which
/// audience, bound to which client (docs/kcs.md "Clients": customer users and keys belong to at most one client). A
/// site user and an API key both become one.
/// </summary>
/// <param name="Role">The KCS role; null for an anonymous visitor.</param>
/// <param name="Audience">The audience the account reads as. Anyone not explicitly internal reads as a customer.</param>
/// <param name="Client">The client a customer account is bound to (any spelling; kept as its key); ignored for internal accounts.</param>
public sealed record Viewer(KcsRole? Role, Audience Audience, string? Client = null)
{
    /// <summary>The client key a customer account is bound to; null for internal accounts and customers of no client.</summary>
    public string? Client { get; init; } = Audience == Audience.Internal ? null : ClientNames.KeyOrNull(Client);

    /// <summary>The viewer as read paths take it: audience and client (<see cref="Access.Reader"/>).</summary>
    public Reader Reader => IsInternal ? Access.Reader.Internal : Access.Reader.Customer(Client);

    public static readonly Viewer Anonymous = new(null, Audience.Customer);

    public static Viewer Internal(KcsRole role) => new(role, Audience.Internal);

    public static Viewer Customer(KcsRole role, string? client = null) => new(role, Audience.Customer, client);

    public bool IsSignedIn => Role is not null;

    /// <summary>A signed-in account of the service desk itself (internal audience).</summary>
    public bool IsInternal => IsSignedIn && Audience == Audience.Internal;

    public override string ToString() => Role is { } role ? $"{Audience.ToString().ToLowerInvariant()} {role}{(Client is null ? "" : " of " + Client)}" : "anonymous";
}
