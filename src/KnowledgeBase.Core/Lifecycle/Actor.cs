namespace KnowledgeBase.Core.Lifecycle;

/// <summary>Who is acting: a signed-in user, an API key or the system (import), with the KCS role it acts with.</summary>
public sealed record Actor(string Name, KcsRole Role)
{
    /// <summary>The importer and other maintenance commands act with full rights.</summary>
    public static readonly Actor System = new("system", KcsRole.Admin);
}
