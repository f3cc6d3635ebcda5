using KnowledgeBase.Core.Lifecycle;

namespace KnowledgeBase.Core.Tests.Lifecycle;

public class PermissionTableTests
{
    // The columns of the roles matrix in docs/kcs.md.
    public static TheoryData<KcsRole, KcsPermission[]> Matrix() => new()
    {
        { KcsRole.Candidate, [KcsPermission.ReadAndLink, KcsPermission.CreateDraft] },
        { KcsRole.Contributor, [KcsPermission.ReadAndLink, KcsPermission.CreateDraft, KcsPermission.EditInternal] },
        { KcsRole.Publisher, [KcsPermission.ReadAndLink, KcsPermission.CreateDraft, KcsPermission.EditInternal, KcsPermission.PublishToCustomer] },
        { KcsRole.Coach, [KcsPermission.ReadAndLink, KcsPermission.CreateDraft, KcsPermission.EditInternal, KcsPermission.ReviewCandidates] },
        {
            KcsRole.KnowledgeDomainExpert,
            [KcsPermission.ReadAndLink, KcsPermission.CreateDraft, KcsPermission.EditInternal, KcsPermission.PublishToCustomer,
             KcsPermission.ReviewCandidates, KcsPermission.ManageDomain]
        },
        {
            KcsRole.Admin,
            [KcsPermission.ReadAndLink, KcsPermission.CreateDraft, KcsPermission.EditInternal, KcsPermission.PublishToCustomer,
             KcsPermission.ReviewCandidates, KcsPermission.ManageDomain, KcsPermission.Administer]
        },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Each_role_holds_exactly_the_permissions_of_its_matrix_column(KcsRole role, KcsPermission[] expected)
    {
        Assert.Equal(expected.Order(), KcsPermissions.Of(role).Order());
        foreach (var permission in Enum.GetValues<KcsPermission>())
            Assert.Equal(expected.Contains(permission), role.Has(permission));
    }

    [Fact]
    public void Every_role_has_a_matrix_column()
    {
        Assert.Equal(Enum.GetValues<KcsRole>().Order(), Matrix().Select(row => (KcsRole)row[0]).Order());
    }

    [Fact]
    public void An_unknown_role_value_has_no_permissions()
    {
        Assert.False(((KcsRole)42).Has(KcsPermission.ReadAndLink));
    }

    [Fact]
    public void The_system_actor_acts_as_an_admin()
    {
        Assert.Equal(KcsRole.Admin, Actor.System.Role);
    }
}
