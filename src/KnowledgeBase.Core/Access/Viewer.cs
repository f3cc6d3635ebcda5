using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;

namespace KnowledgeBase.Core.Access;

/// <summary>
/// Who is asking, as <see cref="AccessPolicy"/> sees them: signed in or not, with which KCS role, reading as which
/// audience. A site user and an API key both become one. Client scope (docs/kcs.md: customer users and keys belong to
/// one client) joins here as one more field, so every check that takes a viewer learns it at once.
/// </summary>
/// <param name="Role">The KCS role; null for an anonymous visitor.</param>
/// <param name="Audience">The audience the account reads as. Anyone not explicitly internal reads as a customer.</param>
public sealed record Viewer(KcsRole? Role, Audience Audience)
{
    public static readonly Viewer Anonymous = new(null, Audience.Customer);

    public static Viewer Internal(KcsRole role) => new(role, Audience.Internal);

    public static Viewer Customer(KcsRole role) => new(role, Audience.Customer);

    public bool IsSignedIn => Role is not null;

    /// <summary>A signed-in account of the service desk itself (internal audience).</summary>
    public bool IsInternal => IsSignedIn && Audience == Audience.Internal;

    public override string ToString() => Role is { } role ? $"{Audience.ToString().ToLowerInvariant()} {role}" : "anonymous";
}
