using KnowledgeBase.Core.Articles;

namespace KnowledgeBase.Data.Api;

/// <summary>A customer key's or webhook's client before and after it was set again.</summary>
public sealed record ClientChange(string? Previous, string? Current)
{
    /// <summary>
    /// What the change does not do, said to the one who made it: no withdrawal is sent for a client change, so articles
    /// only the previous client could read stay in whatever the integration already copied until it syncs again. Null
    /// when there was no previous client or it did not change.
    /// </summary>
    public string? NotWithdrawn => Previous is not null && ClientNames.KeyOrNull(Previous) != ClientNames.KeyOrNull(Current)
        ? $"Articles only {Previous} could read are not withdrawn from what its integration already copied: have it sync again."
        : null;
}
