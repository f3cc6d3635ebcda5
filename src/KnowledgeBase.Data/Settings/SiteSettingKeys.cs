namespace KnowledgeBase.Data.Settings;

public static class SiteSettingKeys
{
    /// <summary>The stored owner reference of whoever triages unowned articles (no explicit owner, no category).</summary>
    public const string TriageOwner = "owners.triage";
}
