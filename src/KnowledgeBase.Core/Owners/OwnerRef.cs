namespace KnowledgeBase.Core.Owners;

/// <summary>What an owner reference points at.</summary>
public enum OwnerKind
{
    /// <summary>A user account.</summary>
    User = 0,
    /// <summary>A named group of user accounts.</summary>
    Team = 1,
    /// <summary>
    /// A name that matches no account or team yet (free text from before owners were accounts, or an import that named
    /// someone who has no account): kept so nothing is lost, until an Admin assigns it to a user or a team.
    /// </summary>
    Unclaimed = 2,
}

/// <summary>
/// The owner of a category or of an article's explicit override, as stored in their <c>Owner</c> column, the search
/// index's owner field and the owner slice of the reports: <c>user:{account id}</c>, <c>team:{team id}</c>, or any
/// other text, which is an unclaimed name. This type is the one place that reads and writes that form.
/// </summary>
public readonly record struct OwnerRef
{
    public const string UserPrefix = "user:";
    public const string TeamPrefix = "team:";
    /// <summary>The longest stored form (an unclaimed name is cut to <see cref="MaxUnclaimedLength"/>).</summary>
    public const int MaxLength = 150;
    public const int MaxUnclaimedLength = 100;

    private OwnerRef(OwnerKind kind, string key)
    {
        Kind = kind;
        Key = key;
    }

    public OwnerKind Kind { get; }
    /// <summary>The account id, the team id (as text) or the unclaimed name.</summary>
    public string Key { get; }

    public static OwnerRef User(string userId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        return new OwnerRef(OwnerKind.User, userId);
    }

    public static OwnerRef Team(int teamId) => new(OwnerKind.Team, teamId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static OwnerRef Unclaimed(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var trimmed = name.Trim();
        if (trimmed.StartsWith(UserPrefix, StringComparison.Ordinal) || trimmed.StartsWith(TeamPrefix, StringComparison.Ordinal))
            throw new ArgumentException($"An unclaimed owner's name cannot start with '{UserPrefix}' or '{TeamPrefix}'.", nameof(name));
        return new OwnerRef(OwnerKind.Unclaimed, trimmed.Length > MaxUnclaimedLength ? trimmed[..MaxUnclaimedLength] : trimmed);
    }

    /// <summary>The reference a stored value holds; null for no owner (null or blank).</summary>
    public static OwnerRef? Parse(string? stored)
    {
        if (string.IsNullOrWhiteSpace(stored)) return null;
        if (stored.StartsWith(UserPrefix, StringComparison.Ordinal) && stored.Length > UserPrefix.Length)
            return new OwnerRef(OwnerKind.User, stored[UserPrefix.Length..]);
        if (stored.StartsWith(TeamPrefix, StringComparison.Ordinal)
            && int.TryParse(stored.AsSpan(TeamPrefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
            return Team(id);
        return new OwnerRef(OwnerKind.Unclaimed, stored.Trim());
    }

    /// <summary>The team id of a team reference.</summary>
    public int? TeamId => Kind == OwnerKind.Team ? int.Parse(Key, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>The account id of a user reference.</summary>
    public string? UserId => Kind == OwnerKind.User ? Key : null;

    /// <summary>The stored form.</summary>
    public override string ToString() => Kind switch
    {
        OwnerKind.User => UserPrefix + Key,
        OwnerKind.Team => TeamPrefix + Key,
        _ => Key ?? "",
    };
}
