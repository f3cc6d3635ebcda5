using System.Net;
using KnowledgeBase.Core.Lifecycle;

namespace KnowledgeBase.Web.Tests;

/// <summary>
/// Every role against every protected page and form of the site, with the expectation taken from the one permission
/// table: allowed exactly when the role has the permission the page declares.
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixTests.SiteFixture fixture) : IClassFixture<AuthorizationMatrixTests.SiteFixture>
{
    public sealed class SiteFixture : IAsyncLifetime
    {
        public KnowledgeBaseSite Site { get; } = new();
        public Dictionary<KcsRole, HttpClient> Clients { get; } = [];

        public async Task InitializeAsync()
        {
            foreach (var role in Enum.GetValues<KcsRole>()) Clients[role] = await Site.SignedInClientAsync(role);
        }

        public async Task DisposeAsync() => await Site.DisposeAsync();
    }

    /// <summary>Each protected GET of the site with the permission it requires.</summary>
    private static readonly (string Path, KcsPermission Permission)[] Pages =
    [
        ("/", KcsPermission.ReadAndLink),
        ("/articles/kb-1001", KcsPermission.ReadAndLink),
        ("/admin/users", KcsPermission.Administer),
        ("/admin/audit", KcsPermission.Administer),
        ("/admin/audit.csv", KcsPermission.Administer),
        ("/admin/search", KcsPermission.Administer),
    ];

    /// <summary>Each protected form post with the permission it requires, and the page its token comes from.</summary>
    private static readonly (string Path, KcsPermission Permission, Dictionary<string, string> Fields)[] Posts =
    [
        ("/admin/users/unlock", KcsPermission.Administer, new() { ["email"] = "nobody@test.local" }),
        ("/admin/users/role", KcsPermission.Administer, new() { ["email"] = "nobody@test.local", ["role"] = "Admin" }),
        ("/admin/search/rebuild", KcsPermission.Administer, []),
    ];

    public static TheoryData<KcsRole, string> PageCases()
    {
        var data = new TheoryData<KcsRole, string>();
        foreach (var role in Enum.GetValues<KcsRole>())
            foreach (var (path, _) in Pages) data.Add(role, path);
        return data;
    }

    public static TheoryData<KcsRole, string> PostCases()
    {
        var data = new TheoryData<KcsRole, string>();
        foreach (var role in Enum.GetValues<KcsRole>())
            foreach (var (path, _, _) in Posts) data.Add(role, path);
        return data;
    }

    [Theory]
    [MemberData(nameof(PageCases))]
    public async Task Each_role_reaches_exactly_the_pages_its_permissions_allow(KcsRole role, string path)
    {
        var permission = Pages.Single(p => p.Path == path).Permission;
        var response = await fixture.Clients[role].GetAsync(path);
        if (role.Has(permission))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/account/denied", response.Headers.Location!.AbsolutePath);
        }
    }

    [Theory]
    [MemberData(nameof(PostCases))]
    public async Task Each_role_may_post_exactly_the_forms_its_permissions_allow(KcsRole role, string path)
    {
        var (_, permission, fields) = Posts.Single(p => p.Path == path);
        var client = fixture.Clients[role];
        // Any page of the site carries a valid token for this user.
        var response = await KnowledgeBaseSite.PostFormAsync(client, path, null, fields, tokenPage: "/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        if (role.Has(permission))
            Assert.StartsWith("/admin/", response.Headers.Location!.OriginalString);
        else
            Assert.Equal("/account/denied", response.Headers.Location!.AbsolutePath);
    }
}
