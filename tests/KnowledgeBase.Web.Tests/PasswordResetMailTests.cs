using System.Net;
using System.Text.RegularExpressions;
using KnowledgeBase.Core.Audit;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data.Audit;
using KnowledgeBase.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Web.Tests;

/// <summary>
/// Reset links by e-mail (issue #16.4) against a real SMTP server on loopback: "Forgot your password?" and an Admin's
/// link, on SQLite and PostgreSQL. The site's public address is a name that is not the test server's, as behind a proxy:
/// the e-mailed link must be built on it, never on the request's Host.
/// </summary>
public abstract class PasswordResetMailScenarios : IAsyncLifetime
{
    private const string PublicAddress = "https://kb.example.test";
    private const string NewPassword = "Battery-Staple-77";

    private readonly SmtpReceiver _relay = new();
    private KnowledgeBaseSite _site = default!;

    protected abstract Task<Dictionary<string, string?>> DatabaseAsync();

    public async Task InitializeAsync()
    {
        await _relay.StartAsync();
        var settings = await DatabaseAsync();
        settings["Notifications:Smtp:Host"] = _relay.Host;
        settings["Notifications:Smtp:Port"] = _relay.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Notifications:Smtp:Security"] = "None";
        settings["Notifications:Smtp:From"] = "kb@test.local";
        settings["Api:PublicBaseUrl"] = PublicAddress;
        settings["Throttling:PasswordResetRequests"] = "3";
        _site = new KnowledgeBaseSite(settings);
        _ = _site.ServerAddress;
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        await _relay.DisposeAsync();
    }

    private static async Task<HttpResponseMessage> ForgotAsync(HttpClient client, string email) =>
        await KnowledgeBaseSite.PostFormAsync(client, "/account/forgot-password", "forgot-password", new() { ["Input.Email"] = email });

    /// <summary>The link in the e-mail, on the public address, as a path to send to the test server.</summary>
    private static string LinkPath(ReceivedMail mail)
    {
        var match = Regex.Match(mail.Text, @"(\S+/account/reset-password\?\S+)");
        Assert.True(match.Success, "no reset link in: " + mail.Text);
        var link = new Uri(match.Groups[1].Value);
        Assert.Equal(PublicAddress, link.GetLeftPart(UriPartial.Authority));
        return link.PathAndQuery;
    }

    private async Task<HttpStatusCode> UseLinkAsync(string path)
    {
        var query = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + path).Query);
        var response = await KnowledgeBaseSite.PostFormAsync(_site.CreateLoopbackClient(), path, "reset-password", new()
        {
            ["Input.User"] = query["user"]!, ["Input.Token"] = query["token"]!, ["Input.New"] = NewPassword, ["Input.Confirm"] = NewPassword,
        });
        return response.StatusCode;
    }

    private async Task<bool> SignsInAsync(string email, string password)
    {
        var response = await KnowledgeBaseSite.PostFormAsync(_site.CreateLoopbackClient(), "/account/login", "login", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        return response.StatusCode == HttpStatusCode.Redirect;
    }

    [Fact]
    public async Task Forgot_password_e_mails_a_working_link_and_answers_an_unknown_address_exactly_the_same()
    {
        const string email = "forgetful@mail.test";
        await _site.CreateUserAsync(email, KcsRole.Contributor);
        var client = _site.CreateLoopbackClient();
        // The sign-in page offers it.
        Assert.Contains("href=\"account/forgot-password\"", await client.GetStringAsync("/account/login"));

        var known = await ForgotAsync(client, email);
        var unknown = await ForgotAsync(_site.CreateLoopbackClient(), "nobody@mail.test");

        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        // The page's words without the echoed address and the per-response antiforgery token.
        static string Answer(string html, string email) => Regex.Replace(Regex.Match(html, "<main[\\s\\S]*</main>").Value, "name=\"__RequestVerificationToken\"[^>]*", "")
            .Replace(email, "ADDRESS", StringComparison.Ordinal);
        var knownAnswer = Answer(await known.Content.ReadAsStringAsync(), email);
        Assert.Contains("an e-mail with a link to set a new password is on its way", knownAnswer);
        Assert.Equal(knownAnswer, Answer(await unknown.Content.ReadAsStringAsync(), "nobody@mail.test"));

        var mail = await _relay.WaitForAsync(m => m.To == email, "with the reset link");
        Assert.Equal("Reset your KnowledgeBase password", mail.Subject);
        Assert.DoesNotContain(_relay.Messages, m => m.To == "nobody@mail.test");
        Assert.Equal(HttpStatusCode.OK, await UseLinkAsync(LinkPath(mail)));
        Assert.True(await SignsInAsync(email, NewPassword));
        Assert.False(await SignsInAsync(email, KnowledgeBaseSite.Password));

        // A second request at once sends nothing more (no burying a mailbox), and says the same.
        Assert.Equal(knownAnswer, Answer(await (await ForgotAsync(client, email)).Content.ReadAsStringAsync(), email));
        var audit = await _site.Services.GetRequiredService<AuditLog>().QueryAsync(new AuditQuery(Action: AuditActions.PasswordResetLinkIssued, Target: email));
        Assert.Contains(audit, a => a.Details == "e-mailed on request (forgot password)");
        Assert.Contains(audit, a => a.Details.Contains("not sent: one was sent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Forgot_password_requests_from_one_network_are_throttled_whatever_the_address()
    {
        var client = _site.CreateLoopbackClient();
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await ForgotAsync(client, $"someone{i}@mail.test")).StatusCode);

        var refused = await ForgotAsync(client, "someone-else@mail.test");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains("Too many reset requests from your network. Try again in 15 minutes.", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_admins_reset_link_is_e_mailed_to_the_account_and_not_shown_when_the_site_sends_e_mail()
    {
        const string email = "locked-out@mail.test";
        await _site.CreateUserAsync(email, KcsRole.Candidate);
        var admin = await _site.SignedInClientAsync(KcsRole.Admin);

        var response = await KnowledgeBaseSite.PostFormAsync(admin, "/admin/users", "reset-link", new() { ["resetEmail"] = email });
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"E-mailed a one-time reset link to {email}.", page);
        Assert.DoesNotContain("reset-password?user=", page);
        var mail = await _relay.WaitForAsync(m => m.To == email, "with the Admin's reset link");
        Assert.Contains("An Admin of the knowledge base sent you a link", mail.Text);
        Assert.Equal(HttpStatusCode.OK, await UseLinkAsync(LinkPath(mail)));
        Assert.True(await SignsInAsync(email, NewPassword));
    }
}

public sealed class SqlitePasswordResetMailTests : PasswordResetMailScenarios
{
    protected override Task<Dictionary<string, string?>> DatabaseAsync() => Task.FromResult(new Dictionary<string, string?>());
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresPasswordResetMailTests(PostgresServerFixture postgres) : PasswordResetMailScenarios
{
    protected override async Task<Dictionary<string, string?>> DatabaseAsync() => new()
    {
        ["Database:Provider"] = "PostgreSql", ["ConnectionStrings:KnowledgeBase"] = await postgres.Server.CreateDatabaseAsync("kbresetmail"),
    };
}
