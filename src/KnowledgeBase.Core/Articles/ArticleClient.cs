namespace KnowledgeBase.Core.Articles;

/// <summary>
/// A client (an MSP's customer organisation) an article is written for: "Contoso VPN", "Fabrikam's line-of-business
/// app". An article with none applies to every client (docs/kcs.md "Clients"). <see cref="Key"/> is the name as
/// compared (<see cref="ClientNames.Key"/>), <see cref="Name"/> as an editor wrote it.
/// </summary>
public sealed class ArticleClient
{
    public required string ArticleId { get; init; }
    public required string Key { get; init; }
    public required string Name { get; set; }
}
