using System.Net;
using System.Text.RegularExpressions;
using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Audit;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data.Api;
using KnowledgeBase.Data.Audit;
using KnowledgeBase.Testing;
using KnowledgeBase.Web.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Web.Tests;

/// <summary>
/// Disabling and enabling accounts, reset links and password changes (issue #16.4), through the real pages and forms,
/// on two site instances ("nodes") of one database. Each database runs the same scenarios (below: SQLite, PostgreSQL).
/// </summary>
public abstract class UserLifecycleScenarios : IAsyncLifetime
{
    /// <summary>Short so the test sees a whole interval pass; the site's default (and maximum) is 60 seconds.</summary>
    private const int ValidationSeconds = 2;

    private const string AdminEmail = "admin@lifecycle.test";
    private const string NewPassword = "Battery-Staple-77";

    protected KnowledgeBaseSite NodeA { get; private set; } = default!;
    protected KnowledgeBaseSite NodeB { get; private set; } = default!;
    private HttpClient _admin = default!;

    /// <summary>The settings that put a node on this scenario's database.</summary>
    protected abstract Task<Dictionary<string, string?>> DatabaseAsync(string nodeId, KnowledgeBaseSite? first);

    private async Task<KnowledgeBaseSite> NodeAsync(string nodeId, KnowledgeBaseSite? first)
    {
        var settings = await DatabaseAsync(nodeId, first);
        settings["Node:Id"] = nodeId;
        settings["Identity:SecurityStampValidationSeconds"] = ValidationSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var site = new KnowledgeBaseSite(settings);
        _ = site.ServerAddress;
        return site;
    }

    public async Task InitializeAsync()
    {
        NodeA = await NodeAsync("node-a", null);
        NodeB = await NodeAsync("node-b", NodeA);
        await NodeA.CreateUserAsync(AdminEmail, KcsRole.Admin);
        _admin = await SignInAsync(NodeA, AdminEmail);
    }

    public async Task DisposeAsync()
    {
        await NodeB.DisposeAsync();
        await NodeA.DisposeAsync();
    }

    private static async Task<HttpResponseMessage> SignInResponseAsync(KnowledgeBaseSite node, HttpClient client, string email, string password = KnowledgeBaseSite.Password) =>
        await KnowledgeBaseSite.PostFormAsync(client, "/account/login", "login", new() { ["Input.Email"] = email, ["Input.Password"] = password });

    private static async Task<HttpClient> SignInAsync(KnowledgeBaseSite node, string email, string password = KnowledgeBaseSite.Password)
    {
        var client = node.CreateLoopbackClient();
        var response = await SignInResponseAsync(node, client, email, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in of {email} on {node.ServerAddress}: {(int)response.StatusCode}");
        return client;
    }

    private static async Task<bool> SignedInAsync(HttpClient client)
    {
        var response = await client.GetAsync("/");
        if (response.StatusCode == HttpStatusCode.OK) return true;
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.AbsolutePath);
        return false;
    }

    /// <summary>Waits out one whole validation interval: the next request of any session is checked against the database.</summary>
    private static Task IntervalPassesAsync() => Task.Delay(TimeSpan.FromSeconds(ValidationSeconds + 1));

    private async Task<HttpResponseMessage> DisableAsync(string email, bool keepApiKeys = false)
    {
        var fields = new Dictionary<string, string> { ["email"] = email };
        if (keepApiKeys) fields["keepApiKeys"] = "true";
        var response = await KnowledgeBaseSite.PostFormAsync(_admin, "/admin/users/disable", null, fields, tokenPage: "/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response;
    }

    private async Task EnableAsync(string email)
    {
        var response = await KnowledgeBaseSite.PostFormAsync(_admin, "/admin/users/enable", null, new() { ["email"] = email }, tokenPage: "/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private async Task<IReadOnlyList<AuditEntry>> AuditAsync(string action, string target) =>
        (await NodeA.Services.GetRequiredService<AuditLog>().QueryAsync(new AuditQuery(Action: action, Target: target))).ToList();

    [Fact]
    public async Task A_disabled_user_is_refused_at_sign_in_with_a_clear_message_and_signs_in_again_once_enabled()
    {
        const string email = "leaver@lifecycle.test";
        await NodeA.CreateUserAsync(email, KcsRole.Contributor);
        await DisableAsync(email);

        var refused = await SignInResponseAsync(NodeB, NodeB.CreateLoopbackClient(), email);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains(PasswordSignIn.Disabled, WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        var users = WebUtility.HtmlDecode(await _admin.GetStringAsync("/admin/users"));
        Assert.Contains(">Disabled</strong> since", users);

        await EnableAsync(email);
        Assert.True(await SignedInAsync(await SignInAsync(NodeB, email)));
        Assert.Single(await AuditAsync(AuditActions.UserDisabled, email));
        Assert.Single(await AuditAsync(AuditActions.UserEnabled, email));
    }

    [Fact]
    public async Task A_wrong_password_for_a_disabled_account_gets_the_same_answer_as_an_unknown_email()
    {
        const string email = "gone@lifecycle.test";
        await NodeA.CreateUserAsync(email, KcsRole.Candidate);
        await DisableAsync(email);

        var wrong = WebUtility.HtmlDecode(await (await SignInResponseAsync(NodeA, NodeA.CreateLoopbackClient(), email, "Wrong-Password-99")).Content.ReadAsStringAsync());
        Assert.Contains(PasswordSignIn.Refused, wrong);
        Assert.DoesNotContain("disabled", wrong, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_session_accepted_on_the_other_node_before_the_disable_is_refused_there_after_the_validation_interval()
    {
        const string email = "technician@lifecycle.test";
        await NodeA.CreateUserAsync(email, KcsRole.Contributor);
        var onB = await SignInAsync(NodeB, email);
        Assert.True(await SignedInAsync(onB));

        await DisableAsync(email);
        await IntervalPassesAsync();

        Assert.False(await SignedInAsync(onB));
        // Enabled again, the old cookie stays dead: the disable changed the account's security stamp.
        await EnableAsync(email);
        Assert.False(await SignedInAsync(onB));
    }

    [Fact]
    public async Task The_api_keys_a_disabled_user_created_stop_working_unless_the_admin_keeps_them()
    {
        const string email = "integrator@lifecycle.test";
        await NodeA.CreateUserAsync(email, KcsRole.Admin);
        var (_, secret) = await NodeA.Services.GetRequiredService<ApiKeyStore>().CreateAsync("psa-sync", [ApiScopes.Read], Audience.Internal, email);
        var api = NodeA.CreateLoopbackClient();
        api.DefaultRequestHeaders.Authorization = new("Bearer", secret);
        async Task<HttpStatusCode> CallAsync() => (await api.GetAsync("/api/v1/categories")).StatusCode;
        Assert.Equal(HttpStatusCode.OK, await CallAsync());

        await DisableAsync(email);
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync());

        await EnableAsync(email);
        Assert.Equal(HttpStatusCode.OK, await CallAsync());

        await DisableAsync(email, keepApiKeys: true);
        Assert.Equal(HttpStatusCode.OK, await CallAsync());
        Assert.Contains("(keep working)", WebUtility.HtmlDecode(await _admin.GetStringAsync("/admin/users")).Replace("API keys they created keep working", "(keep working)"));
        var audited = await AuditAsync(AuditActions.UserDisabled, email);
        Assert.Equal(2, audited.Count);
        Assert.Contains(audited, a => a.Details.Contains("API keys they created stop working", StringComparison.Ordinal));
        Assert.Contains(audited, a => a.Details.Contains("API keys they created keep working", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_admin_can_disable_neither_their_own_account_nor_the_last_enabled_admin()
    {
        var own = await DisableAsync(AdminEmail);
        Assert.Contains(Uri.EscapeDataString("You cannot disable your own account."), own.Headers.Location!.OriginalString);

        await using var scope = NodeA.Services.CreateAsyncScope();
        var error = await scope.ServiceProvider.GetRequiredService<UserAdministration>().DisableAsync("cli", AdminEmail, keepApiKeys: false);
        Assert.Equal("This is the last enabled Admin: make someone else Admin first.", error);
        Assert.True(await SignedInAsync(_admin));
    }

    [Fact]
    public async Task Without_e_mail_the_forgot_password_page_sends_people_to_an_admin()
    {
        var response = await NodeA.CreateLoopbackClient().GetAsync("/account/forgot-password");
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("This site does not send password reset e-mails, so an Admin resets passwords: ask yours for a reset link.", page);
        Assert.Contains("Shown once: copy this link", WebUtility.HtmlDecode(await (await KnowledgeBaseSite.PostFormAsync(_admin, "/admin/users", "reset-link", new() { ["resetEmail"] = AdminEmail })).Content.ReadAsStringAsync()));
    }

    private async Task<string> ResetLinkAsync(string email)
    {
        var response = await KnowledgeBaseSite.PostFormAsync(_admin, "/admin/users", "reset-link", new() { ["resetEmail"] = email });
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var match = Regex.Match(html, "value=\"([^\"]+)\" class=\"reset-link\"");
        Assert.True(match.Success, "no reset link on the page");
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? "");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    private static async Task<HttpResponseMessage> UseResetLinkAsync(HttpClient client, Uri link, string password)
    {
        var query = System.Web.HttpUtility.ParseQueryString(link.Query);
        return await KnowledgeBaseSite.PostFormAsync(client, link.PathAndQuery, "reset-password", new()
        {
            ["Input.User"] = query["user"]!, ["Input.Token"] = query["token"]!, ["Input.New"] = password, ["Input.Confirm"] = password,
        });
    }

    [Fact]
    public async Task An_admins_reset_link_sets_a_new_password_once_ends_the_other_sessions_and_is_dead_afterwards()
    {
        const string email = "forgetful@lifecycle.test";
        await NodeA.CreateUserAsync(email, KcsRole.Candidate);
        var oldSession = await SignInAsync(NodeB, email);
        var link = new Uri(await ResetLinkAsync(email));
        Assert.Equal(NodeA.ServerAddress.Authority, link.Authority);
        Assert.Equal(UserAdministration.ResetPath, link.AbsolutePath);

        // Opened on the other node: the token is the database's key ring's, not one node's.
        var anonymous = NodeB.CreateLoopbackClient();
        var done = await UseResetLinkAsync(anonymous, link, NewPassword);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("Your password is set", await done.Content.ReadAsStringAsync());

        await IntervalPassesAsync();
        Assert.False(await SignedInAsync(oldSession));
        Assert.Equal(HttpStatusCode.OK, (await SignInResponseAsync(NodeA, NodeA.CreateLoopbackClient(), email)).StatusCode); // the old password: refused
        Assert.True(await SignedInAsync(await SignInAsync(NodeA, email, NewPassword)));

        var again = await NodeB.CreateLoopbackClient().GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("expired or was already used", WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()));
        Assert.Single(await AuditAsync(AuditActions.PasswordResetLinkIssued, email));
        Assert.Single(await AuditAsync(AuditActions.PasswordReset, email));
    }

    [Fact]
    public async Task A_tampered_reset_link_and_a_weak_new_password_are_refused_with_messages()
    {
        const string email = "tamper@lifecycle.test";
        await NodeA.CreateUserAsync(email, KcsRole.Candidate);
        var link = new Uri(await ResetLinkAsync(email));
        var query = System.Web.HttpUtility.ParseQueryString(link.Query);

        var tampered = await NodeA.CreateLoopbackClient().GetAsync($"{UserAdministration.ResetPath}?user={Uri.EscapeDataString(query["user"]!)}&token=x{Uri.EscapeDataString(query["token"]!)}");
        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        Assert.Contains("expired or was already used", WebUtility.HtmlDecode(await tampered.Content.ReadAsStringAsync()));

        var weak = await UseResetLinkAsync(NodeA.CreateLoopbackClient(), link, "alllowercaseletters");
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Contains("id=\"reset-new-error\"", await weak.Content.ReadAsStringAsync());
        // The link still works after a refused password.
        Assert.Equal(HttpStatusCode.OK, (await UseResetLinkAsync(NodeA.CreateLoopbackClient(), link, NewPassword)).StatusCode);
    }

    [Fact]
    public async Task A_signed_in_user_changes_their_password_with_the_current_one_and_only_their_other_sessions_end()
    {
        const string email = "changer@lifecycle.test";
        await NodeA.CreateUserAsync(email, KcsRole.Candidate, Audience.Customer);
        var laptop = await SignInAsync(NodeA, email);
        var phone = await SignInAsync(NodeB, email);
        Assert.Contains("href=\"account/password\"", await laptop.GetStringAsync("/"));

        var wrong = await KnowledgeBaseSite.PostFormAsync(laptop, "/account/password", "change-password", new()
        {
            ["Input.Current"] = "Not-My-Password-1", ["Input.New"] = NewPassword, ["Input.Confirm"] = NewPassword,
        });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("That is not your current password", await wrong.Content.ReadAsStringAsync());

        var changed = await KnowledgeBaseSite.PostFormAsync(laptop, "/account/password", "change-password", new()
        {
            ["Input.Current"] = KnowledgeBaseSite.Password, ["Input.New"] = NewPassword, ["Input.Confirm"] = NewPassword,
        });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Contains("Your password is changed", await changed.Content.ReadAsStringAsync());

        await IntervalPassesAsync();
        Assert.True(await SignedInAsync(laptop));
        Assert.False(await SignedInAsync(phone));
        Assert.True(await SignedInAsync(await SignInAsync(NodeB, email, NewPassword)));
        Assert.Single(await AuditAsync(AuditActions.PasswordChanged, email));
    }
}

public sealed class SqliteUserLifecycleTests : UserLifecycleScenarios
{
    protected override Task<Dictionary<string, string?>> DatabaseAsync(string nodeId, KnowledgeBaseSite? first) => Task.FromResult(first is null
        ? new Dictionary<string, string?>()
        : new Dictionary<string, string?> { ["ConnectionStrings:KnowledgeBase"] = $"Data Source={Path.Combine(first.DataDirectory, "knowledgebase.db")}" });
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresUserLifecycleTests(PostgresServerFixture postgres) : UserLifecycleScenarios
{
    private string? _connection;

    protected override async Task<Dictionary<string, string?>> DatabaseAsync(string nodeId, KnowledgeBaseSite? first)
    {
        _connection ??= await postgres.Server.CreateDatabaseAsync("kblifecycle");
        return new() { ["Database:Provider"] = "PostgreSql", ["ConnectionStrings:KnowledgeBase"] = _connection };
    }
}
