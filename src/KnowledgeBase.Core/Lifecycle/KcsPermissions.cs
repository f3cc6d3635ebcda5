using System.Collections.Frozen;

namespace KnowledgeBase.Core.Lifecycle;

/// <summary>
/// The one permission table (docs/kcs.md, "Roles"). The UI, the API and the lifecycle rules all ask it; nothing else
/// decides who may do what.
/// </summary>
public static class KcsPermissions
{
    private static readonly FrozenDictionary<KcsRole, FrozenSet<KcsPermission>> Table = new Dictionary<KcsRole, FrozenSet<KcsPermission>>
    {
        [KcsRole.Candidate] = Set(KcsPermission.ReadAndLink, KcsPermission.CreateDraft),
        [KcsRole.Contributor] = Set(KcsPermission.ReadAndLink, KcsPermission.CreateDraft, KcsPermission.EditInternal),
        [KcsRole.Publisher] = Set(KcsPermission.ReadAndLink, KcsPermission.CreateDraft, KcsPermission.EditInternal, KcsPermission.PublishToCustomer),
        [KcsRole.Coach] = Set(KcsPermission.ReadAndLink, KcsPermission.CreateDraft, KcsPermission.EditInternal, KcsPermission.ReviewCandidates),
        [KcsRole.KnowledgeDomainExpert] = Set(KcsPermission.ReadAndLink, KcsPermission.CreateDraft, KcsPermission.EditInternal,
            KcsPermission.PublishToCustomer, KcsPermission.ReviewCandidates, KcsPermission.ManageDomain),
        [KcsRole.Admin] = Enum.GetValues<KcsPermission>().ToFrozenSet(),
    }.ToFrozenDictionary();

    public static bool Has(this KcsRole role, KcsPermission permission) =>
        Table.TryGetValue(role, out var set) && set.Contains(permission);

    public static IReadOnlySet<KcsPermission> Of(KcsRole role) => Table[role];

    private static FrozenSet<KcsPermission> Set(params KcsPermission[] permissions) => permissions.ToFrozenSet();
}
