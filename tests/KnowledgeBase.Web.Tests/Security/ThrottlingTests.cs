using System.Net;
using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Audit;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data.Audit;
using KnowledgeBase.Data.Identity;
using KnowledgeBase.Web.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Web.Tests.Security;

/// <summary>
/// Issue #14 point 9: failed sign-ins answered alike (and with the same work) for unknown and known e-mails, and
/// throttled per source address; API requests without a valid key throttled per source. The sources are told apart
/// through X-Forwarded-For, which the site believes from loopback here (Network:TrustedProxies), as from a proxy.
/// </summary>
public sealed class ThrottlingTests : IAsyncLifetime
{
    private readonly KnowledgeBaseSite _site = new(new Dictionary<string, string?>
    {
        ["Network:TrustedProxies"] = "127.0.0.1",
        ["Throttling:SignInFailures"] = "4",
        ["Throttling:UnauthenticatedApiRequests"] = "5",
        ["Identity:MaxFailedAccessAttempts"] = "100",
    });

    public async Task InitializeAsync() => await _site.CreateUserAsync("known@test.local", KcsRole.Contributor);

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private HttpClient From(string address)
    {
        var client = _site.CreateLoopbackClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password) =>
        KnowledgeBaseSite.PostFormAsync(client, "/account/login", "login", new() { ["Input.Email"] = email, ["Input.Password"] = password });

    [Fact]
    public async Task An_unknown_email_a_wrong_password_and_a_locked_account_get_the_same_answer()
    {
        var unknown = await (await SignInAsync(From("198.51.100.1"), "nobody@test.local", "Wrong-Password-1")).Content.ReadAsStringAsync();
        var wrong = await (await SignInAsync(From("198.51.100.2"), "known@test.local", "Wrong-Password-1")).Content.ReadAsStringAsync();
        await using (var scope = _site.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<KbUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByEmailAsync("known@test.local"))!, DateTimeOffset.UtcNow.AddMinutes(15));
        }
        var locked = await (await SignInAsync(From("198.51.100.3"), "known@test.local", KnowledgeBaseSite.Password)).Content.ReadAsStringAsync();
        var expected = System.Net.WebUtility.HtmlEncode(PasswordSignIn.Refused);
        Assert.Contains(expected, unknown);
        Assert.Contains(expected, wrong);
        Assert.Contains(expected, locked);
        Assert.DoesNotContain("is locked after", locked);
    }

    [Fact]
    public async Task An_unknown_email_costs_the_same_password_verification_as_a_known_one()
    {
        await using var scope = _site.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<KbUser>>();
        var counting = new CountingHasher(users.PasswordHasher);
        users.PasswordHasher = counting;
        var signIn = scope.ServiceProvider.GetRequiredService<PasswordSignIn>();

        await signIn.SignInAsync("nobody@test.local", "Wrong-Password-1", IPAddress.Parse("198.51.100.10"));
        Assert.Equal(1, counting.Verifications);
        await signIn.SignInAsync("known@test.local", "Wrong-Password-1", IPAddress.Parse("198.51.100.11"));
        Assert.Equal(2, counting.Verifications);
    }

    [Fact]
    public async Task A_source_that_fails_too_often_waits_whatever_the_email_and_other_sources_do_not()
    {
        var sprayer = From("203.0.113.7");
        for (var i = 0; i < 4; i++)
        {
            var response = await SignInAsync(sprayer, $"user{i}@test.local", "Summer-2026-pass");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        // Even the right password of a real account is not checked now.
        var blocked = await SignInAsync(sprayer, "known@test.local", KnowledgeBaseSite.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.True(blocked.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("Too many failed sign-ins from your network", await blocked.Content.ReadAsStringAsync());
        var throttled = await _site.Services.GetRequiredService<AuditLog>().QueryAsync(new AuditQuery(Action: AuditActions.SignInThrottled));
        Assert.Contains(throttled, e => e.Target == "known@test.local" && e.RemoteAddress == "203.0.113.7");

        var colleague = await SignInAsync(From("203.0.113.8"), "known@test.local", KnowledgeBaseSite.Password);
        Assert.Equal(HttpStatusCode.Redirect, colleague.StatusCode);
    }

    [Fact]
    public async Task Requests_without_a_valid_key_from_one_source_are_answered_429_and_a_valid_key_elsewhere_is_not()
    {
        var guesser = From("192.0.2.50");
        var (key, secret) = await _site.Services.GetRequiredService<KnowledgeBase.Data.Api.ApiKeyStore>().CreateAsync("throttle-probe", [ApiScopes.Read], Core.Articles.Audience.Internal, "test");
        // Guesses at the real key's secret, and requests without any key, count alike.
        for (var i = 0; i < 5; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/categories");
            if (i % 2 == 0) request.Headers.Authorization = new("Bearer", $"{KnowledgeBase.Data.Api.ApiKeyStore.Prefix}{key.KeyId}_{new string((char)('a' + i), 43)}");
            Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.SendAsync(request)).StatusCode);
        }
        using var last = new HttpRequestMessage(HttpMethod.Get, "/api/v1/categories");
        last.Headers.Authorization = new("Bearer", secret);
        var refused = await guesser.SendAsync(last);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        var integration = From("192.0.2.51");
        integration.DefaultRequestHeaders.Authorization = new("Bearer", secret);
        Assert.Equal(HttpStatusCode.OK, (await integration.GetAsync("/api/v1/categories")).StatusCode);
    }

    private sealed class CountingHasher(IPasswordHasher<KbUser> inner) : IPasswordHasher<KbUser>
    {
        public int Verifications { get; private set; }

        public string HashPassword(KbUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(KbUser user, string hashedPassword, string providedPassword)
        {
            Verifications++;
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
