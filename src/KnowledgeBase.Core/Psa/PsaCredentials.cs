namespace KnowledgeBase.Core.Psa;

/// <summary>
/// A PSA's REST credentials, one shape for the three vendors (each uses its own fields): ConnectWise company id,
/// public and private key and clientId (Basic <c>company+public:private</c> and a <c>clientId</c> header); Autotask
/// API user name, secret and integration code (the <c>UserName</c>, <c>Secret</c>, <c>ApiIntegrationCode</c> headers);
/// HaloPSA client id and secret of a Client ID and Secret application (OAuth2 client credentials) and, for hosted
/// tenants, the tenant.
/// </summary>
public sealed record PsaCredentials
{
    public string? CompanyId { get; init; }
    public string? PublicKey { get; init; }
    public string? PrivateKey { get; init; }
    public string? ClientId { get; init; }
    public string? UserName { get; init; }
    public string? Secret { get; init; }
    public string? IntegrationCode { get; init; }
    public string? ClientSecret { get; init; }
    public string? Tenant { get; init; }

    /// <summary>Field → problem for the fields this PSA needs; empty when complete.</summary>
    public Dictionary<string, string> Validate(PsaSystem system)
    {
        var errors = new Dictionary<string, string>();
        void Need(string field, string? value, string label)
        {
            if (string.IsNullOrWhiteSpace(value)) errors[field] = $"The {label} is required for {system.Display()} REST calls.";
            else if (value.Length > 500) errors[field] = $"The {label} must be at most 500 characters.";
            else if (value.Any(char.IsControl)) errors[field] = $"The {label} must not contain control characters.";
        }
        switch (system)
        {
            case PsaSystem.ConnectWise:
                Need("companyId", CompanyId, "company id");
                Need("publicKey", PublicKey, "public key");
                Need("privateKey", PrivateKey, "private key");
                Need("clientId", ClientId, "clientId");
                break;
            case PsaSystem.Autotask:
                Need("userName", UserName, "API user name");
                Need("secret", Secret, "API secret");
                Need("integrationCode", IntegrationCode, "API integration code");
                break;
            case PsaSystem.Halo:
                Need("clientId", ClientId, "client id");
                Need("clientSecret", ClientSecret, "client secret");
                break;
        }
        return errors;
    }
}
