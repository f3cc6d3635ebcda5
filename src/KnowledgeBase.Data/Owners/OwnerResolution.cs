namespace KnowledgeBase.Data.Owners;

/// <summary>What an owner typed in a form, a file or an API call resolves to: an owner, or why not.</summary>
public sealed record OwnerResolution(OwnerEntry? Owner, string? Error)
{
    public static OwnerResolution Found(OwnerEntry owner) => new(owner, null);

    public static OwnerResolution Refused(string error) => new(null, error);
}
