namespace KnowledgeBase.Core.Owners;

/// <summary>A named group of user accounts that can own categories and articles (e.g. "Identity team").</summary>
public sealed class Team
{
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 500;

    public int Id { get; init; }
    public required string Name { get; set; }
    /// <summary><see cref="Name"/> as <see cref="Normalize"/> gives it: team names are unique and looked up regardless of case.</summary>
    public string NormalizedName { get; set; } = "";
    public string Description { get; set; } = "";
    public DateTime CreatedAt { get; init; }
    public List<TeamMember> Members { get; set; } = [];

    public OwnerRef Ref => OwnerRef.Team(Id);

    public static string Normalize(string name) => name.Trim().ToUpperInvariant();
}
