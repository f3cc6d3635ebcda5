using System.Net;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Audit;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data;
using KnowledgeBase.Data.Audit;
using KnowledgeBase.Web.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Web.Tests;

public sealed class IdentityTests : IAsyncLifetime
{
    private readonly KnowledgeBaseSite _site = new(new Dictionary<string, string?>
    {
        ["Identity:MaxFailedAccessAttempts"] = "3",
        ["Identity:SecurityStampValidationSeconds"] = "0",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private async Task<IReadOnlyList<AuditEntry>> AuditAsync(string action) =>
        await _site.Services.GetRequiredService<AuditLog>().QueryAsync(new AuditQuery(Action: action));

    [Theory]
    [InlineData("/")]
    [InlineData("/articles/kb-1001")]
    [InlineData("/admin/users")]
    [InlineData("/admin/audit.csv")]
    [InlineData("/admin/search")]
    public async Task Anonymous_requests_are_sent_to_sign_in(string path)
    {
        await _site.CreateUserAsync("someone@test.local", KcsRole.Admin);
        var response = await _site.CreateLoopbackClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Health_needs_no_sign_in()
    {
        var response = await _site.CreateLoopbackClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_first_visitor_creates_the_first_admin_and_nobody_can_do_it_twice()
    {
        var client = _site.CreateLoopbackClient();
        var login = await client.GetAsync("/account/login");
        Assert.Equal("/setup", login.Headers.Location!.AbsolutePath);

        var created = await KnowledgeBaseSite.PostFormAsync(client, "/setup", "setup", new()
        {
            ["Input.Email"] = "first@test.local", ["Input.Password"] = "First-Admin-2026", ["Input.Confirm"] = "First-Admin-2026",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/users")).StatusCode);

        var stranger = _site.CreateLoopbackClient();
        var again = await KnowledgeBaseSite.PostFormAsync(stranger, "/setup", "setup", new()
        {
            ["Input.Email"] = "second@test.local", ["Input.Password"] = "Second-Admin-2026", ["Input.Confirm"] = "Second-Admin-2026",
        }, tokenPage: "/account/login");
        Assert.NotEqual(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Contains("already has users", await stranger.GetStringAsync("/setup"));
        await using var db = _site.Services.GetRequiredService<KnowledgeBaseContextFactory>().CreateDbContext();
        Assert.Equal(["first@test.local"], await db.Users.Select(u => u.Email).ToListAsync());
    }

    [Fact]
    public async Task Setup_refuses_a_weak_password_and_says_why()
    {
        var response = await KnowledgeBaseSite.PostFormAsync(_site.CreateLoopbackClient(), "/setup", "setup", new()
        {
            ["Input.Email"] = "first@test.local", ["Input.Password"] = "alllowercaseonly", ["Input.Confirm"] = "alllowercaseonly",
        });
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("uppercase", html);
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account_and_an_admin_can_unlock_it()
    {
        await _site.CreateUserAsync("tech@test.local", KcsRole.Contributor);
        var client = _site.CreateLoopbackClient();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 3; i++)
            last = await KnowledgeBaseSite.PostFormAsync(client, "/account/login", "login", new() { ["Input.Email"] = "tech@test.local", ["Input.Password"] = "Wrong-Password-1" });
        Assert.Contains("locked", await last.Content.ReadAsStringAsync());

        var correct = await KnowledgeBaseSite.PostFormAsync(client, "/account/login", "login", new() { ["Input.Email"] = "tech@test.local", ["Input.Password"] = KnowledgeBaseSite.Password });
        Assert.Equal(HttpStatusCode.OK, correct.StatusCode);
        Assert.Contains("locked", await correct.Content.ReadAsStringAsync());
        Assert.Equal(2, (await AuditAsync(AuditActions.SignInFailed)).Count);
        Assert.NotEmpty(await AuditAsync(AuditActions.LockedOut));

        await using (var scope = _site.Services.CreateAsyncScope())
            Assert.Null(await scope.ServiceProvider.GetRequiredService<UserAdministration>().UnlockAsync("admin", "tech@test.local"));
        var afterUnlock = await KnowledgeBaseSite.PostFormAsync(client, "/account/login", "login", new() { ["Input.Email"] = "tech@test.local", ["Input.Password"] = KnowledgeBaseSite.Password });
        Assert.Equal(HttpStatusCode.Redirect, afterUnlock.StatusCode);
        Assert.NotEmpty(await AuditAsync(AuditActions.SignedIn));
    }

    [Fact]
    public async Task A_return_url_to_another_site_is_ignored_after_sign_in()
    {
        await _site.CreateUserAsync("tech@test.local", KcsRole.Contributor);
        var response = await KnowledgeBaseSite.PostFormAsync(_site.CreateLoopbackClient(), "/account/login?returnUrl=//evil.example/phish", "login",
            new() { ["Input.Email"] = "tech@test.local", ["Input.Password"] = KnowledgeBaseSite.Password });
        Assert.Equal("/", response.Headers.Location!.OriginalString.Replace(_site.ServerAddress.ToString().TrimEnd('/'), ""));
    }

    [Fact]
    public async Task Signing_out_everywhere_ends_the_other_sessions_too()
    {
        await _site.CreateUserAsync("tech@test.local", KcsRole.Contributor);
        async Task<HttpClient> SignInAsync()
        {
            var c = _site.CreateLoopbackClient();
            await KnowledgeBaseSite.PostFormAsync(c, "/account/login", "login", new() { ["Input.Email"] = "tech@test.local", ["Input.Password"] = KnowledgeBaseSite.Password });
            return c;
        }
        var laptop = await SignInAsync();
        var phone = await SignInAsync();
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/")).StatusCode);

        var signOut = await KnowledgeBaseSite.PostFormAsync(laptop, "/account/signout-everywhere", null, [], tokenPage: "/");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        var after = await phone.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/login", after.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Pages_send_the_security_headers()
    {
        var client = await _site.SignedInClientAsync(KcsRole.Contributor);
        foreach (var path in new[] { "/", "/account/login", "/articles/kb-1001" })
        {
            var response = await client.GetAsync(path);
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.Contains("script-src 'self'", csp);
            Assert.DoesNotContain("unsafe-eval", csp);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        }
    }

    [Fact]
    public async Task Forms_without_an_antiforgery_token_are_refused()
    {
        var client = await _site.SignedInClientAsync(KcsRole.Admin);
        var response = await client.PostAsync("/admin/users/role", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "x@test.local", ["role"] = "Admin" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_admin_changes_a_role_and_the_audit_trail_and_its_csv_record_it()
    {
        await _site.CreateUserAsync("tech@test.local", KcsRole.Candidate);
        var admin = await _site.SignedInClientAsync(KcsRole.Admin);

        var response = await KnowledgeBaseSite.PostFormAsync(admin, "/admin/users/role", null, new() { ["email"] = "tech@test.local", ["role"] = "Publisher", ["audience"] = "Internal" }, tokenPage: "/admin/users");
        Assert.Contains("is%20now%20Publisher", response.Headers.Location!.OriginalString);

        var entry = Assert.Single(await AuditAsync(AuditActions.RoleChanged));
        Assert.Equal("tech@test.local", entry.Target);
        Assert.Contains("Candidate, Internal → Publisher, Internal", entry.Details);
        var csv = await admin.GetStringAsync("/admin/audit.csv?action=user.role-changed");
        // The same CSV as every report: RFC 4180 line ends.
        Assert.StartsWith("occurredAt,actor,action,target,details,remoteAddress\r\n", csv);
        Assert.EndsWith("\r\n", csv);
        Assert.Contains("user.role-changed,tech@test.local", csv);
        Assert.Contains("Candidate, Internal → Publisher, Internal", csv);
        Assert.Contains("tech@test.local", await admin.GetStringAsync("/admin/audit?action=user.role-changed"));
    }

    [Fact]
    public async Task A_customer_user_sees_only_customer_articles_in_the_list_search_and_by_address()
    {
        await using (var db = _site.Services.GetRequiredService<KnowledgeBaseContextFactory>().CreateDbContext())
        {
            var customerIds = await db.Articles.Where(a => a.Audience == Audience.Customer && a.State == KcsState.Validated).Select(a => a.Id).ToListAsync();
            var internalId = await db.Articles.Where(a => a.Audience == Audience.Internal).Select(a => a.Id).FirstAsync();
            Assert.NotEmpty(customerIds);
            var customer = await _site.SignedInClientAsync(KcsRole.Candidate, Audience.Customer);

            var list = await customer.GetStringAsync("/");
            var listed = System.Text.RegularExpressions.Regex.Matches(list, "href=\"articles/([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
            Assert.NotEmpty(listed);
            Assert.All(listed, id => Assert.Contains(id, customerIds));

            // An internal article answers a customer exactly as a missing one does: 404 and "not found".
            using var refused = await customer.GetAsync($"/articles/{internalId}");
            using var missing = await customer.GetAsync("/articles/no-such-article");
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            Assert.Equal(missing.StatusCode, refused.StatusCode);
            Assert.Contains("Article not found", await refused.Content.ReadAsStringAsync());

            var internalTitle = await db.Articles.Where(a => a.Id == internalId).Select(a => a.Title).FirstAsync();
            await _site.WaitForSearchAsync();
            var search = await customer.GetStringAsync("/?q=" + Uri.EscapeDataString(internalTitle));
            var found = System.Text.RegularExpressions.Regex.Matches(search, "href=\"articles/([^\"?/]+)\"").Select(m => m.Groups[1].Value).ToList();
            Assert.DoesNotContain("Create an article", search);
            Assert.DoesNotContain(internalId, found);
            Assert.All(found, id => Assert.Contains(id, customerIds));
        }
    }

    [Fact]
    public async Task A_customer_reads_an_article_without_workflow_words_and_can_flag_it()
    {
        string articleId;
        await using (var db = _site.Services.GetRequiredService<KnowledgeBaseContextFactory>().CreateDbContext())
            articleId = await db.Articles.Where(a => a.Audience == Audience.Customer && a.State == KcsState.Validated).Select(a => a.Id).FirstAsync();
        var customer = await _site.SignedInClientAsync(KcsRole.Publisher, Audience.Customer);

        var page = await customer.GetStringAsync($"/articles/{articleId}");
        var meta = System.Text.RegularExpressions.Regex.Match(page, "<dl class=\"article-meta\".*?</dl>", System.Text.RegularExpressions.RegexOptions.Singleline).Value;
        Assert.NotEmpty(meta);
        foreach (var word in new[] { "<dt>State</dt>", "Validated", "<dt>Audience</dt>", "<dt>Owner</dt>", "Reuse", "Review due" })
            Assert.DoesNotContain(word, meta);
        Assert.Contains("Something wrong with this article?", page);

        var response = await KnowledgeBaseSite.PostFormAsync(customer, $"/articles/{articleId}/flag", null,
            new() { ["reason"] = "Incorrect", ["comment"] = "Step 3 names a menu our portal does not have" }, tokenPage: $"/articles/{articleId}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await customer.GetStringAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("the service desk will review the article", after);
        Assert.DoesNotContain("Open flag:", after);
        var flags = await _site.Services.GetRequiredService<KnowledgeBase.Data.Tickets.ReuseLedger>().FlagsAsync(articleId);
        Assert.Contains(flags, f => f.Comment == "Step 3 names a menu our portal does not have");
    }
}
