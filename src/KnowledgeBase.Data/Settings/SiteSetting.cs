namespace KnowledgeBase.Data.Settings;

/// <summary>A setting an Admin changes on a page (not in a configuration file), shared by every node through the database.</summary>
public sealed class SiteSetting
{
    public const int MaxValueLength = 500;

    public required string Key { get; init; }
    public required string Value { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
}
