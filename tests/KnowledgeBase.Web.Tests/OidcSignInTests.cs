using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace KnowledgeBase.Web.Tests;

/// <summary>
/// Single sign-on end to end against an OpenID Connect provider on a loopback port: discovery, the authorization code
/// flow with PKCE and form_post, the token endpoint with the client secret, an RS256-signed ID token checked against
/// the provider's keys, then the site's own account and role mapping.
/// </summary>
public sealed class OidcSignInTests
{
    [Fact]
    public async Task A_user_signs_in_through_the_identity_provider_and_gets_the_mapped_role()
    {
        await using var provider = new TestOpenIdProvider();
        await provider.StartAsync();
        provider.Roles = ["KB.Publisher", "Staff"];
        await using var site = SiteSignedInThrough(provider);
        var browser = await NewBrowserAsync(site);

        // The sign-in page's button sends the browser to the provider, which signs the user in and answers with a form
        // that posts the code back to the site.
        var (action, fields) = await ThroughProviderAsync(browser, provider, "/review");
        Assert.Equal(new Uri(site.ServerAddress, "/signin-oidc").AbsoluteUri, action);
        var callback = await browser.PostAsync(action, fields);
        Assert.True(callback.StatusCode == HttpStatusCode.Redirect, $"{(int)callback.StatusCode}: {await callback.Content.ReadAsStringAsync()}");
        Assert.Equal(1, provider.TokensIssued);

        // The site's own callback makes the account, maps the role and signs the user in.
        var signedIn = await browser.GetAsync(callback.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/review", signedIn.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/review")).StatusCode);

        await using var db = await site.Services.GetRequiredService<KnowledgeBaseContextFactory>().CreateDbContextAsync();
        var user = await db.Users.SingleAsync(u => u.Email == TestOpenIdProvider.Email);
        Assert.Equal(KcsRole.Publisher, user.Role);
        Assert.Contains(await db.UserLogins.Where(l => l.UserId == user.Id).Select(l => l.LoginProvider).ToListAsync(), p => p == "oidc");
    }

    [Fact]
    public async Task An_id_token_not_signed_by_the_providers_key_is_refused_and_the_user_is_told()
    {
        await using var provider = new TestOpenIdProvider { SignWithStrangerKey = true };
        await provider.StartAsync();
        await using var site = SiteSignedInThrough(provider);
        var browser = await NewBrowserAsync(site);

        var (action, fields) = await ThroughProviderAsync(browser, provider, "/");
        var callback = await browser.PostAsync(action, fields);

        // Back to the sign-in page, which says single sign-on did not complete; no account was made.
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/account/login?error=external", callback.Headers.Location!.OriginalString);
        Assert.Contains("Single sign-on did not complete", await browser.GetStringAsync("/account/login?error=external"));
        Assert.Equal(1, provider.TokensIssued);
        await using var db = await site.Services.GetRequiredService<KnowledgeBaseContextFactory>().CreateDbContextAsync();
        Assert.False(await db.Users.AnyAsync(u => u.Email == TestOpenIdProvider.Email));
    }

    [Fact]
    public async Task A_single_sign_on_user_disabled_here_is_refused_when_the_provider_signs_them_in_again()
    {
        await using var provider = new TestOpenIdProvider();
        await provider.StartAsync();
        await using var site = SiteSignedInThrough(provider);
        var browser = await NewBrowserAsync(site);
        var (action, fields) = await ThroughProviderAsync(browser, provider, "/");
        var first = await browser.GetAsync((await browser.PostAsync(action, fields)).Headers.Location!.OriginalString);
        Assert.Equal("/", first.Headers.Location!.OriginalString);

        await using (var scope = site.Services.CreateAsyncScope())
            Assert.Null(await scope.ServiceProvider.GetRequiredService<KnowledgeBase.Web.Identity.UserAdministration>().DisableAsync("admin@test.local", TestOpenIdProvider.Email, keepApiKeys: false));

        // The provider still vouches for them; this site says no, and says why.
        var again = new Browser(site.ServerAddress);
        (action, fields) = await ThroughProviderAsync(again, provider, "/");
        var refused = await again.GetAsync((await again.PostAsync(action, fields)).Headers.Location!.OriginalString);
        Assert.Equal("/account/login?error=disabled", refused.Headers.Location!.OriginalString);
        Assert.Contains(KnowledgeBase.Web.Identity.PasswordSignIn.Disabled, WebUtility.HtmlDecode(await again.GetStringAsync("/account/login?error=disabled")));
        Assert.Equal(HttpStatusCode.Redirect, (await again.GetAsync("/")).StatusCode);
    }

    private static KnowledgeBaseSite SiteSignedInThrough(TestOpenIdProvider provider) => new(new Dictionary<string, string?>
    {
        ["Authentication:OpenIdConnect:Authority"] = provider.Issuer,
        ["Authentication:OpenIdConnect:ClientId"] = TestOpenIdProvider.ClientId,
        ["Authentication:OpenIdConnect:ClientSecret"] = TestOpenIdProvider.ClientSecret,
        ["Authentication:OpenIdConnect:RequireHttpsMetadata"] = "false",
        ["Authentication:OpenIdConnect:RoleMap:KB.Publisher"] = "Publisher",
    });

    private static async Task<Browser> NewBrowserAsync(KnowledgeBaseSite site)
    {
        // Someone already set the site up (a new site sends its first visitor to /setup).
        await site.CreateUserAsync($"admin-{Guid.NewGuid():N}@test.local", KcsRole.Admin);
        return new Browser(site.ServerAddress);
    }

    /// <summary>Clicks "Sign in with …", follows the redirect to the provider and reads the form it answers with.</summary>
    private static async Task<(string Action, Dictionary<string, string> Fields)> ThroughProviderAsync(Browser browser, TestOpenIdProvider provider, string returnUrl)
    {
        var login = await browser.GetStringAsync("/account/login");
        var challenge = await browser.PostAsync("/account/external-login", new()
        {
            ["__RequestVerificationToken"] = KnowledgeBaseSite.AntiforgeryToken(login[login.IndexOf("external-login", StringComparison.Ordinal)..]),
            ["returnUrl"] = returnUrl,
        });
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        Assert.StartsWith(provider.Issuer + "/authorize", challenge.Headers.Location!.AbsoluteUri);
        var form = await browser.GetStringAsync(challenge.Headers.Location.AbsoluteUri);
        var action = WebUtility.HtmlDecode(Regex.Match(form, "action=\"([^\"]+)\"").Groups[1].Value);
        var fields = Regex.Matches(form, "name=\"([^\"]+)\" value=\"([^\"]*)\"").ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
        return (action, fields);
    }

    /// <summary>
    /// A browser's cookie handling: the sign-in's correlation and nonce cookies are marked Secure (as they must be for
    /// SameSite=None), which .NET's cookie container would not send back over the loopback's plain HTTP.
    /// </summary>
    private sealed class Browser(Uri site)
    {
        private readonly ConcurrentDictionary<string, string> _cookies = new();
        private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });

        public async Task<string> GetStringAsync(string url)
        {
            var response = await GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }

        public Task<HttpResponseMessage> GetAsync(string url) => SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(site, url)));

        public Task<HttpResponseMessage> PostAsync(string url, Dictionary<string, string> form) =>
            SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(site, url)) { Content = new FormUrlEncodedContent(form) });

        private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
        {
            // One jar for both hosts is enough here: the provider sets no cookies.
            if (!_cookies.IsEmpty) request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
            var response = await _http.SendAsync(request);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
                foreach (var header in setCookies)
                {
                    var pair = header.Split(';')[0];
                    var equals = pair.IndexOf('=');
                    var (name, value) = (pair[..equals], pair[(equals + 1)..]);
                    if (value.Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)) _cookies.TryRemove(name, out _);
                    else _cookies[name] = value;
                }
            return response;
        }
    }

    /// <summary>An OpenID Connect provider with one user: discovery, keys, authorize (form_post), token (PKCE, client secret).</summary>
    private sealed class TestOpenIdProvider : IAsyncDisposable
    {
        public const string ClientId = "knowledgebase";
        public const string ClientSecret = "client-secret-42";
        public const string Email = "sso.user@contoso.test";

        private readonly RSA _key = RSA.Create(2048);
        private readonly RSA _stranger = RSA.Create(2048);
        private readonly ConcurrentDictionary<string, (string Nonce, string Challenge, string RedirectUri)> _codes = new();
        private WebApplication? _app;
        private int _tokensIssued;

        public string Issuer { get; private set; } = "";
        public string[] Roles { get; set; } = [];
        public bool SignWithStrangerKey { get; init; }
        public int TokensIssued => _tokensIssued;

        public async Task StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            _app = builder.Build();
            _app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = Issuer,
                ["authorization_endpoint"] = Issuer + "/authorize",
                ["token_endpoint"] = Issuer + "/token",
                ["jwks_uri"] = Issuer + "/jwks",
                ["response_types_supported"] = new[] { "code" },
                ["response_modes_supported"] = new[] { "query", "form_post" },
                ["subject_types_supported"] = new[] { "public" },
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "client_secret_basic" },
                ["code_challenge_methods_supported"] = new[] { "S256" },
            }));
            _app.MapGet("/jwks", () =>
            {
                var parameters = _key.ExportParameters(false);
                return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = "k1", n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent) } } });
            });
            _app.MapGet("/authorize", (HttpRequest request) =>
            {
                var query = request.Query;
                Assert.Equal(ClientId, query["client_id"].ToString());
                Assert.Equal("code", query["response_type"].ToString());
                Assert.Equal("form_post", query["response_mode"].ToString());
                Assert.Equal("S256", query["code_challenge_method"].ToString());
                Assert.Contains("openid", query["scope"].ToString().Split(' '));
                var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
                _codes[code] = (query["nonce"].ToString(), query["code_challenge"].ToString(), query["redirect_uri"].ToString());
                var html = $"""
                    <html><body onload="document.forms[0].submit()"><form method="post" action="{WebUtility.HtmlEncode(query["redirect_uri"].ToString())}">
                    <input type="hidden" name="code" value="{code}" />
                    <input type="hidden" name="state" value="{WebUtility.HtmlEncode(query["state"].ToString())}" />
                    </form></body></html>
                    """;
                return Results.Content(html, "text/html");
            });
            _app.MapPost("/token", async (HttpRequest request) =>
            {
                var form = await request.ReadFormAsync();
                var (clientId, secret) = (form["client_id"].ToString(), form["client_secret"].ToString());
                if (request.Headers.Authorization.ToString() is { Length: > 6 } basic && basic.StartsWith("Basic ", StringComparison.Ordinal))
                {
                    var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(basic[6..])).Split(':', 2);
                    (clientId, secret) = (Uri.UnescapeDataString(decoded[0]), Uri.UnescapeDataString(decoded[1]));
                }
                if (clientId != ClientId || secret != ClientSecret) return Results.Json(new { error = "invalid_client" }, statusCode: 401);
                if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var issued) || issued.RedirectUri != form["redirect_uri"])
                    return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
                var verifier = form["code_verifier"].ToString();
                if (Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) != issued.Challenge)
                    return Results.Json(new { error = "invalid_grant", error_description = "PKCE verifier does not match" }, statusCode: 400);
                Interlocked.Increment(ref _tokensIssued);
                var claims = new Dictionary<string, object>
                {
                    ["sub"] = "user-1",
                    ["email"] = Email,
                    ["name"] = "SSO User",
                    ["nonce"] = issued.Nonce,
                    ["roles"] = Roles,
                };
                var signing = new RsaSecurityKey(SignWithStrangerKey ? _stranger : _key) { KeyId = "k1" };
                var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
                {
                    Issuer = Issuer,
                    Audience = ClientId,
                    Claims = claims,
                    IssuedAt = DateTime.UtcNow,
                    NotBefore = DateTime.UtcNow.AddMinutes(-1),
                    Expires = DateTime.UtcNow.AddMinutes(5),
                    SigningCredentials = new SigningCredentials(signing, SecurityAlgorithms.RsaSha256),
                });
                return Results.Json(new { access_token = "opaque-access-token", token_type = "Bearer", expires_in = 300, id_token = idToken });
            });
            await _app.StartAsync();
            Issuer = _app.Urls.First().Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        }

        public async ValueTask DisposeAsync()
        {
            if (_app is not null) await _app.DisposeAsync();
            _key.Dispose();
            _stranger.Dispose();
        }
    }
}
