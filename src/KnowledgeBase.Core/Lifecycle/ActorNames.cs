namespace KnowledgeBase.Core.Lifecycle;

/// <summary>
/// The one home of how an acting name is spelled in storage and how it reads on a page. Stored names stay exact (the
/// audit trail and the API carry them); people read "jdoe (PSA panel, halo-main)" rather than "psa:halo-main:jdoe".
/// </summary>
public static class ActorNames
{
    /// <summary>A PSA member who acts through the ticket panel without an account of their own: <c>psa:{instance}:{member}</c>.</summary>
    public const string PsaPrefix = "psa:";

    /// <summary>An API key: <c>key:{name}</c>.</summary>
    public const string KeyPrefix = "key:";

    public static string PsaMember(string instanceSlug, string member) => $"{PsaPrefix}{instanceSlug}:{member}";

    /// <summary>How a stored acting name reads on a page.</summary>
    public static string Display(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "";
        if (name.StartsWith(PsaPrefix, StringComparison.Ordinal))
        {
            var rest = name[PsaPrefix.Length..];
            var colon = rest.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && colon < rest.Length - 1) return $"{rest[(colon + 1)..]} (PSA panel, {rest[..colon]})";
        }
        if (name.StartsWith(KeyPrefix, StringComparison.Ordinal) && name.Length > KeyPrefix.Length) return $"API key “{name[KeyPrefix.Length..]}”";
        return name;
    }
}
