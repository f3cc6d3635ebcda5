namespace KnowledgeBase.Data.Owners;

/// <summary>A user account an owner resolves to (the user, or a team's members): who notifications reach.</summary>
public sealed record OwnerAccount(string UserId, string UserName, string Email, string DisplayName);
