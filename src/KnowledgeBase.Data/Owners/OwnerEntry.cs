using KnowledgeBase.Core.Owners;

namespace KnowledgeBase.Data.Owners;

/// <summary>
/// An owner as people see it: <paramref name="Name"/> to show ("Dana Okafor", "Identity team"), <paramref name="Detail"/>
/// beside it (the e-mail, the team's size), and <paramref name="InputName"/>, what to type in an owner field to pick it
/// (a user's e-mail, a team's name).
/// </summary>
public sealed record OwnerEntry(string Ref, OwnerKind Kind, string Name, string Detail, string InputName, bool Disabled = false);
