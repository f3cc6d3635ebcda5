using System.Security.Claims;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Web.Identity;

namespace KnowledgeBase.Web.Tests;

public sealed class OidcRoleMapperTests
{
    private static readonly OpenIdConnectSettings Settings = new()
    {
        Authority = "https://login.example/tenant", ClientId = "kb",
        RoleClaim = "roles",
        RoleMap = new() { ["KB.Contributor"] = "Contributor", ["KB.Publisher"] = "Publisher", ["KB.Admin"] = "Admin", ["KB.Broken"] = "Wizard" },
        CustomerValue = "KB.Customer",
    };

    [Fact]
    public void The_highest_mapped_role_wins()
    {
        var (role, audience) = OidcRoleMapper.Map([new Claim("roles", "KB.Contributor"), new Claim("roles", "KB.Publisher")], Settings);
        Assert.Equal(KcsRole.Publisher, role);
        Assert.Equal(Audience.Internal, audience);
    }

    [Fact]
    public void Users_without_a_mapped_role_are_candidates_and_unknown_role_names_are_ignored()
    {
        Assert.Equal(KcsRole.Candidate, OidcRoleMapper.Map([new Claim("roles", "Something.Else"), new Claim("roles", "KB.Broken")], Settings).Role);
        Assert.Equal(KcsRole.Candidate, OidcRoleMapper.Map([], Settings).Role);
    }

    [Fact]
    public void The_customer_value_makes_a_customer_audience_user()
    {
        Assert.Equal(Audience.Customer, OidcRoleMapper.Map([new Claim("roles", "KB.Customer")], Settings).Audience);
    }

    [Fact]
    public void Standard_role_claims_are_read_too()
    {
        Assert.Equal(KcsRole.Admin, OidcRoleMapper.Map([new Claim(ClaimTypes.Role, "KB.Admin")], Settings).Role);
    }

    [Fact]
    public void Single_sign_on_is_enabled_only_with_an_authority_and_a_client_id()
    {
        Assert.True(Settings.Enabled);
        Assert.False(new OpenIdConnectSettings { Authority = "https://login.example" }.Enabled);
    }
}
