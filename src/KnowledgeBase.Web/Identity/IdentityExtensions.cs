using System.Security.Cryptography.X509Certificates;
using KnowledgeBase.Core.Audit;
using KnowledgeBase.Data;
using KnowledgeBase.Data.Audit;
using KnowledgeBase.Data.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace KnowledgeBase.Web.Identity;

public static class IdentityExtensions
{
    public const string OidcScheme = "oidc";

    /// <summary>Cookie sign-in with ASP.NET Core Identity on our database, optional OpenID Connect, and the KCS permission policies.</summary>
    public static void AddKnowledgeBaseIdentity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var settings = builder.Configuration.GetSection("Identity").Get<IdentitySettings>() ?? new IdentitySettings();
        var oidc = builder.Configuration.GetSection("Authentication:OpenIdConnect").Get<OpenIdConnectSettings>() ?? new OpenIdConnectSettings();
        services.AddSingleton(settings);
        services.AddSingleton(oidc);

        // Identity's stores want a scoped context; it comes from the same factory as everything else.
        services.AddScoped<KnowledgeBaseDbContext>(sp => sp.GetRequiredService<KnowledgeBaseContextFactory>().CreateDbContext());
        // Keys in the database: every node reads the cookies every other node wrote.
        var dataProtection = services.AddDataProtection().SetApplicationName("KnowledgeBase").PersistKeysToDbContext<KnowledgeBaseDbContext>();
        // Optionally encrypted at rest with a certificate every node holds: then the database alone no longer opens the
        // sign-in cookies or the webhook secrets derived from the key ring.
        if (LoadKeyCertificate(builder.Configuration) is { } certificate) dataProtection.ProtectKeysWithCertificate(certificate);

        services.AddCascadingAuthenticationState();
        var authentication = services.AddAuthentication(options =>
        {
            options.DefaultScheme = IdentityConstants.ApplicationScheme;
            options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
        });
        authentication.AddIdentityCookies(cookies => cookies.ApplicationCookie?.Configure(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "kb.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;
        }));
        if (oidc.Enabled)
        {
            authentication.AddOpenIdConnect(OidcScheme, oidc.DisplayName, o =>
            {
                o.Authority = oidc.Authority;
                o.ClientId = oidc.ClientId;
                o.ClientSecret = oidc.ClientSecret;
                o.ResponseType = "code";
                o.SaveTokens = false;
                o.SignInScheme = IdentityConstants.ExternalScheme;
                o.CallbackPath = "/signin-oidc";
                o.Scope.Add("email");
                o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
                // A failed sign-in at the provider or a token that does not validate (signature, issuer, nonce) goes
                // back to the sign-in page with a message, not to the error page; the reason goes to the log.
                o.Events.OnRemoteFailure = context =>
                {
                    context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("KnowledgeBase.Web.Identity.SingleSignOn")
                        .LogWarning(context.Failure, "Single sign-on failed: {Reason}", context.Failure?.Message);
                    context.Response.Redirect("/account/login?error=external");
                    context.HandleResponse();
                    return Task.CompletedTask;
                };
            });
        }

        services.AddIdentityCore<KbUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = settings.MaxFailedAccessAttempts;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(settings.LockoutMinutes);
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<KnowledgeBaseDbContext>()
            .AddSignInManager<KbSignInManager>()
            .AddClaimsPrincipalFactory<KbClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();
        // "Sign out everywhere" changes the security stamp; other sessions notice within this interval.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = settings.StampValidationInterval);
        // Open interactive pages check the same thing on the same interval, so a disabled user's open page ends too.
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, KbRevalidatingAuthenticationStateProvider>();
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromHours(settings.PasswordResetLinkHours));

        services.AddSingleton<IAuthorizationHandler, AccessHandler>();
        services.AddAuthorization(options =>
        {
            options.AddPermissionPolicies();
        });
        services.AddSingleton<AuditLog>();
        services.AddScoped<UserAdministration>();
        services.AddScoped<PasswordSignIn>();
        services.AddSingleton<PasswordResetMail>();
        services.AddHostedService(sp => sp.GetRequiredService<PasswordResetMail>());
        services.AddHostedService<DemoUserSeeder>();
    }

    public static void MapAccountEndpoints(this WebApplication app)
    {
        // Signing out is any signed-in account's, customers included; the antiforgery token keeps other sites from doing it.
        var account = app.MapGroup("/account");
        var session = account.MapGroup("").RequireAuthorization(PermissionPolicies.SignedIn)
            .WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute());
        session.MapPost("/logout", async (SignInManager<KbUser> signIn, AuditLog audit, HttpContext http) =>
        {
            var name = http.User.Identity?.Name ?? "";
            await signIn.SignOutAsync();
            await audit.RecordAsync(name, AuditActions.SignedOut, name, remoteAddress: http.Connection.RemoteIpAddress?.ToString());
            return Results.LocalRedirect("/account/login");
        });
        session.MapPost("/signout-everywhere", async (SignInManager<KbUser> signIn, UserManager<KbUser> users, AuditLog audit, HttpContext http) =>
        {
            var user = await users.GetUserAsync(http.User);
            if (user is not null)
            {
                await users.UpdateSecurityStampAsync(user);
                await audit.RecordAsync(user.UserName ?? "", AuditActions.SignedOutEverywhere, user.UserName ?? "", remoteAddress: http.Connection.RemoteIpAddress?.ToString());
            }
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/account/login");
        });
        account.MapPost("/external-login", ([FromForm] string? returnUrl, SignInManager<KbUser> signIn, OpenIdConnectSettings settings) =>
        {
            // Without single sign-on configured there is no provider to go to (it was a 500).
            if (!settings.Enabled) return Results.NotFound("Single sign-on is not configured on this site; sign in with your email and password.");
            var redirect = "/account/external-callback?returnUrl=" + Uri.EscapeDataString(SafeReturnUrl(returnUrl));
            var properties = signIn.ConfigureExternalAuthenticationProperties(OidcScheme, redirect);
            return Results.Challenge(properties, [OidcScheme]);
        }).AllowAnonymous();
        account.MapGet("/external-callback", async (string? returnUrl, SignInManager<KbUser> signIn, UserManager<KbUser> users,
            OpenIdConnectSettings settings, AuditLog audit, TimeProvider clock, HttpContext http) =>
        {
            var info = await signIn.GetExternalLoginInfoAsync();
            if (info is null) return Results.LocalRedirect("/account/login?error=external");
            var email = info.Principal.FindFirst(System.Security.Claims.ClaimTypes.Email)?.Value
                        ?? info.Principal.FindFirst("preferred_username")?.Value;
            if (string.IsNullOrWhiteSpace(email)) return Results.LocalRedirect("/account/login?error=external-email");
            var (role, audience) = OidcRoleMapper.Map(info.Principal.Claims, settings);
            var user = await users.FindByLoginAsync(info.LoginProvider, info.ProviderKey) ?? await users.FindByEmailAsync(email);
            if (user is null)
            {
                user = new KbUser { UserName = email, Email = email, EmailConfirmed = true, Role = role, Audience = audience, DisplayName = info.Principal.Identity?.Name ?? email, CreatedAt = clock.GetUtcNow().UtcDateTime };
                var created = await users.CreateAsync(user);
                if (!created.Succeeded) return Results.LocalRedirect("/account/login?error=external");
                await audit.RecordAsync("system", AuditActions.UserCreated, email, $"from {info.LoginProvider} as {role}");
            }
            else if (user.Role != role || user.Audience != audience)
            {
                // The identity provider is the source of truth for roles of single-sign-on users.
                await audit.RecordAsync("system", AuditActions.RoleChanged, email, $"{user.Role} → {role} from {info.LoginProvider}");
                user.Role = role;
                user.Audience = audience;
                await users.UpdateAsync(user);
            }
            // Disabled here wins over the identity provider: the account stays out until an Admin enables it.
            if (user.IsDisabled)
            {
                await http.SignOutAsync(IdentityConstants.ExternalScheme);
                await audit.RecordAsync(email, AuditActions.SignInFailed, email, $"account disabled (via {info.LoginProvider})", http.Connection.RemoteIpAddress?.ToString());
                return Results.LocalRedirect("/account/login?error=disabled");
            }
            if ((await users.GetLoginsAsync(user)).All(l => l.LoginProvider != info.LoginProvider))
                await users.AddLoginAsync(user, info);
            await http.SignOutAsync(IdentityConstants.ExternalScheme);
            await signIn.SignInAsync(user, isPersistent: false, info.LoginProvider);
            await audit.RecordAsync(email, AuditActions.SignedIn, email, $"via {info.LoginProvider}", http.Connection.RemoteIpAddress?.ToString());
            return Results.LocalRedirect(SafeReturnUrl(returnUrl));
        }).AllowAnonymous();
    }

    /// <summary>Only local paths: an open redirect after sign-in would hand the user to a phishing page.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";

    /// <summary>
    /// The certificate (PKCS#12 file with its private key) that encrypts the Data Protection keys in the database, from
    /// <c>DataProtection:Certificate:Path</c> and <c>:Password</c>; null when no path is set. A path that cannot be read,
    /// a wrong password or a certificate without a private key stops the site with a message naming the setting.
    /// </summary>
    internal static X509Certificate2? LoadKeyCertificate(IConfiguration configuration)
    {
        var path = configuration["DataProtection:Certificate:Path"];
        if (string.IsNullOrWhiteSpace(path)) return null;
        if (!File.Exists(path)) throw new InvalidOperationException($"DataProtection:Certificate:Path '{path}' does not exist.");
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration["DataProtection:Certificate:Password"]);
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            throw new InvalidOperationException($"DataProtection:Certificate:Path '{path}' could not be read as a PKCS#12 (.pfx) file with DataProtection:Certificate:Password: {ex.Message}", ex);
        }
        using var rsa = certificate.HasPrivateKey ? certificate.GetRSAPrivateKey() : null;
        if (rsa is null)
            throw new InvalidOperationException($"DataProtection:Certificate:Path '{path}' holds no RSA private key: the keys could be encrypted but never read back.");
        return certificate;
    }
}
