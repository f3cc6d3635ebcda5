using KnowledgeBase.Core.Access;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;

namespace KnowledgeBase.Core.Tests.Access;

public class AccessPolicyTests
{
    private static IEnumerable<Viewer> Everyone() =>
        Enum.GetValues<KcsRole>().SelectMany(r => new[] { Viewer.Internal(r), Viewer.Customer(r) }).Prepend(Viewer.Anonymous);

    [Fact]
    public void Anonymous_visitors_reach_public_paths_only()
    {
        Assert.True(Viewer.Anonymous.Allows(Surface.Public));
        foreach (var surface in new[] { Surface.Account, Surface.CustomerFacing, Surface.Internal })
            foreach (var permission in Enum.GetValues<KcsPermission>())
                Assert.False(Viewer.Anonymous.Allows(surface, permission), $"{surface} {permission}");
    }

    [Fact]
    public void Internal_accounts_reach_every_surface_exactly_as_their_role_allows()
    {
        foreach (var role in Enum.GetValues<KcsRole>())
            foreach (var permission in Enum.GetValues<KcsPermission>())
            {
                var viewer = Viewer.Internal(role);
                Assert.True(viewer.Allows(Surface.Account, permission));
                Assert.Equal(role.Has(permission), viewer.Allows(Surface.CustomerFacing, permission));
                Assert.Equal(role.Has(permission), viewer.Allows(Surface.Internal, permission));
            }
    }

    [Fact]
    public void A_customer_audience_account_never_reaches_an_internal_path_whatever_its_role()
    {
        foreach (var role in Enum.GetValues<KcsRole>())
            foreach (var permission in Enum.GetValues<KcsPermission>())
                Assert.False(Viewer.Customer(role).Allows(Surface.Internal, permission), $"customer {role} reached an internal path needing {permission}");
    }

    [Fact]
    public void A_customer_audience_publisher_or_admin_holds_no_more_than_reading()
    {
        foreach (var role in Enum.GetValues<KcsRole>())
        {
            var viewer = Viewer.Customer(role);
            Assert.True(viewer.Can(KcsPermission.ReadAndLink));
            Assert.True(viewer.Allows(Surface.CustomerFacing));
            Assert.True(viewer.Allows(Surface.Account));
            foreach (var permission in Enum.GetValues<KcsPermission>().Where(p => p != KcsPermission.ReadAndLink))
            {
                Assert.False(viewer.Can(permission), $"customer {role} holds {permission}");
                Assert.False(viewer.Allows(Surface.CustomerFacing, permission));
            }
        }
    }

    [Fact]
    public void Customers_and_anonymous_see_only_validated_customer_articles_and_internal_accounts_see_all()
    {
        foreach (var viewer in Everyone())
            foreach (var state in Enum.GetValues<KcsState>())
                foreach (var audience in Enum.GetValues<Audience>())
                {
                    var expected = viewer.IsInternal || (viewer.IsSignedIn && state == KcsState.Validated && audience == Audience.Customer);
                    Assert.True(expected == viewer.MaySee(state, audience, []), $"{viewer} × {state}/{audience}");
                }
    }

    [Fact]
    public void A_deleted_article_is_visible_to_no_one()
    {
        var article = new Article { Id = "kb-1", Title = "t", Body = "b", Html = "", State = KcsState.Validated, Audience = Audience.Customer, DeletedAt = DateTime.UtcNow };
        Assert.All(Everyone(), viewer => Assert.False(viewer.MaySee(article)));
    }

    [Fact]
    public void A_customer_sees_only_the_revisions_that_were_themselves_customer_facing()
    {
        ArticleRevision Revision(int version, KcsState state, Audience audience) => new()
        {
            ArticleId = "kb-1", Version = version, Title = "t", Body = "b", Html = "", State = state, Audience = audience, Author = "ana", CreatedAt = DateTime.UtcNow,
        };
        var customer = Viewer.Customer(KcsRole.Admin);
        Assert.False(customer.MaySee(Revision(1, KcsState.Validated, Audience.Internal)));
        Assert.False(customer.MaySee(Revision(1, KcsState.NotValidated, Audience.Internal)));
        Assert.True(customer.MaySee(Revision(2, KcsState.Validated, Audience.Customer)));
        Assert.True(Viewer.Internal(KcsRole.Candidate).MaySee(Revision(1, KcsState.Wip, Audience.Internal)));
    }

    [Fact]
    public void Tickets_and_workflow_details_are_for_internal_accounts_only()
    {
        foreach (var viewer in Everyone())
        {
            Assert.Equal(viewer.IsInternal, viewer.MaySeeTickets());
            Assert.Equal(viewer.IsInternal, viewer.MaySeeWorkflow());
        }
    }
}
