namespace KnowledgeBase.Web.Identity;

/// <summary>Identity:* settings.</summary>
public sealed class IdentitySettings
{
    /// <summary>In Development only: create one demo user per role (passwords printed to the console) when there are no users.</summary>
    public bool SeedDemoUsers { get; set; }
    public int MaxFailedAccessAttempts { get; set; } = 5;
    public int LockoutMinutes { get; set; } = 15;
    /// <summary>
    /// How soon other sessions, on every node and in open interactive pages, notice "sign out everywhere", a role change,
    /// a password change or reset, or a disabled account (the security stamp check). At most 60 (the promise is a minute).
    /// </summary>
    public int SecurityStampValidationSeconds { get; set; } = 60;

    /// <summary>The stamp check's interval, never more than the minute promised.</summary>
    public TimeSpan StampValidationInterval => TimeSpan.FromSeconds(Math.Clamp(SecurityStampValidationSeconds, 0, 60));
    /// <summary>How long a password reset link works (it stops working once used either way).</summary>
    public int PasswordResetLinkHours { get; set; } = 24;
}

/// <summary>Authentication:OpenIdConnect:* — optional single sign-on (e.g. Microsoft Entra ID), enabled when Authority is set.</summary>
public sealed class OpenIdConnectSettings
{
    public string Authority { get; set; } = "";
    public string ClientId { get; set; } = "";
    public string ClientSecret { get; set; } = "";
    public string DisplayName { get; set; } = "Single sign-on";
    /// <summary>The claim holding the user's roles or groups (Entra ID app roles: "roles").</summary>
    public string RoleClaim { get; set; } = "roles";
    /// <summary>Claim value → KCS role, e.g. "KB.Admin": "Admin". Unmapped users become Candidates.</summary>
    public Dictionary<string, string> RoleMap { get; set; } = [];
    /// <summary>Claim value that marks a customer-audience user (e.g. "KB.Customer").</summary>
    public string CustomerValue { get; set; } = "";
    /// <summary>Whether the provider's metadata must come over HTTPS (only a test provider on loopback would turn it off).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}
