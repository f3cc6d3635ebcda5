using System.Text.Json;
using KnowledgeBase.Core.Audit;
using KnowledgeBase.Core.Psa;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Psa;

/// <summary>
/// The PSA instances an Admin connected, their category and member tables, and their secrets (docs/psa.md
/// "Settings"). Every change is audited; no secret ever appears in the audit trail or in a read of the settings.
/// </summary>
public sealed class PsaInstanceStore(IDbContextFactory<KnowledgeBaseDbContext> contextFactory, TimeProvider clock, PsaSecrets secrets)
{
    public const string EmbedSecretPrefix = "kbpsa_";
    public const string ReceiverSecretPrefix = "kbhook_";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<PsaInstance>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.PsaInstances.AsNoTracking().OrderBy(i => i.DisplayName).ThenBy(i => i.Id).ToListAsync(cancellationToken);
    }

    public async Task<PsaInstance?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.PsaInstances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
    }

    public async Task<PsaInstance?> FindAsync(string? slug, CancellationToken cancellationToken = default)
    {
        var normalized = PsaInstanceRules.NormalizeSlug(slug);
        if (normalized.Length is 0 or > PsaInstance.MaxSlugLength) return null;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.PsaInstances.AsNoTracking().FirstOrDefaultAsync(i => i.Slug == normalized, cancellationToken);
    }

    /// <summary>Creates an instance with a new embed secret and receiver secret, returned once.</summary>
    public async Task<CreatedPsaInstance> CreateAsync(string actor, PsaInstanceInput input, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var embed = PsaSecrets.NewSecret(EmbedSecretPrefix);
        var receiver = PsaSecrets.NewSecret(ReceiverSecretPrefix);
        var instance = new PsaInstance
        {
            Slug = "", TicketInstance = "", DisplayName = "", CreatedAt = now, CreatedBy = actor,
            EmbedSecret = secrets.Protect(embed), EmbedSecretSetAt = now, ReceiverSecret = secrets.Protect(receiver),
        };
        Apply(instance, input, now);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await EnsureUniqueAsync(db, instance, cancellationToken);
        db.PsaInstances.Add(instance);
        Audit(db, actor, PsaAuditActions.InstanceCreated, instance, $"{instance.System.Display()} {instance.TicketInstance}", now);
        await SaveAsync(db, cancellationToken);
        return new CreatedPsaInstance(instance, embed, receiver);
    }

    public async Task<PsaInstance> UpdateAsync(string actor, long id, PsaInstanceInput input, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var instance = await db.PsaInstances.FirstOrDefaultAsync(i => i.Id == id, cancellationToken) ?? throw NotFound(id);
        var now = clock.GetUtcNow().UtcDateTime;
        Apply(instance, input, now);
        await EnsureUniqueAsync(db, instance, cancellationToken);
        Audit(db, actor, PsaAuditActions.InstanceChanged, instance,
            $"origins {instance.FrameOrigins.Replace('\n', ' ')}; receiver {(instance.ReceiverEnabled ? "on" : "off")}; write-back {(instance.WriteBackEnabled ? "on" : "off")}; unmapped members {instance.UnmappedMembers}", now);
        await SaveAsync(db, cancellationToken);
        return instance;
    }

    public async Task DeleteAsync(string actor, long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var instance = await db.PsaInstances.FirstOrDefaultAsync(i => i.Id == id, cancellationToken) ?? throw NotFound(id);
        db.PsaInstances.Remove(instance);
        Audit(db, actor, PsaAuditActions.InstanceDeleted, instance, "its mappings, receipts and pending notes with it; its tickets stay", clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Replaces the embed secret: links signed with the old one stop working, and so do panels opened with it.</summary>
    public async Task<string> RotateEmbedSecretAsync(string actor, long id, CancellationToken cancellationToken = default)
    {
        var secret = PsaSecrets.NewSecret(EmbedSecretPrefix);
        await SetSecretAsync(actor, id, i => { i.EmbedSecret = secrets.Protect(secret); i.EmbedSecretSetAt = clock.GetUtcNow().UtcDateTime; }, "embed secret", cancellationToken);
        return secret;
    }

    /// <summary>Replaces the receiver secret (Autotask SecretKey, HaloPSA Basic password): the PSA's webhook must get the new one.</summary>
    public async Task<string> RotateReceiverSecretAsync(string actor, long id, CancellationToken cancellationToken = default)
    {
        var secret = PsaSecrets.NewSecret(ReceiverSecretPrefix);
        await SetSecretAsync(actor, id, i => i.ReceiverSecret = secrets.Protect(secret), "receiver secret", cancellationToken);
        return secret;
    }

    /// <summary>Stores the vendor REST credentials (all fields the PSA needs, or none to remove them).</summary>
    public async Task SetCredentialsAsync(string actor, long id, PsaCredentials? credentials, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var instance = await db.PsaInstances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken) ?? throw NotFound(id);
        if (credentials is not null && credentials.Validate(instance.System) is { Count: > 0 } errors) throw new PsaValidationException(errors);
        if (credentials is null && instance.WriteBackEnabled)
            throw new PsaValidationException("credentials", "Write-back is on and needs the credentials: turn it off first.");
        var stored = credentials is null ? null : secrets.Protect(JsonSerializer.Serialize(credentials with
        {
            CompanyId = credentials.CompanyId?.Trim(), PublicKey = credentials.PublicKey?.Trim(), PrivateKey = credentials.PrivateKey?.Trim(), ClientId = credentials.ClientId?.Trim(),
            UserName = credentials.UserName?.Trim(), Secret = credentials.Secret?.Trim(), IntegrationCode = credentials.IntegrationCode?.Trim(),
            ClientSecret = credentials.ClientSecret?.Trim(), Tenant = credentials.Tenant?.Trim(),
        }, Json));
        await SetSecretAsync(actor, id, i => i.ApiCredentials = stored, credentials is null ? "REST credentials removed" : "REST credentials", cancellationToken);
    }

    private async Task SetSecretAsync(string actor, long id, Action<PsaInstance> set, string what, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var instance = await db.PsaInstances.FirstOrDefaultAsync(i => i.Id == id, cancellationToken) ?? throw NotFound(id);
        set(instance);
        instance.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        Audit(db, actor, PsaAuditActions.SecretSet, instance, what, instance.UpdatedAt);
        await db.SaveChangesAsync(cancellationToken);
    }

    public string EmbedSecret(PsaInstance instance) =>
        secrets.Unprotect(instance.EmbedSecret ?? throw new InvalidOperationException($"PSA instance {instance.Slug} has no embed secret."));

    public string? ReceiverSecret(PsaInstance instance) => instance.ReceiverSecret is { } stored ? secrets.Unprotect(stored) : null;

    public PsaCredentials? Credentials(PsaInstance instance) =>
        instance.ApiCredentials is { } stored ? JsonSerializer.Deserialize<PsaCredentials>(secrets.Unprotect(stored), Json) : null;

    // Category table.

    public async Task<IReadOnlyList<PsaCategoryMapping>> CategoryMappingsAsync(long instanceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.PsaCategoryMappings.AsNoTracking().Where(m => m.InstanceId == instanceId).OrderBy(m => m.Position).ThenBy(m => m.Id).ToListAsync(cancellationToken);
    }

    public async Task<PsaCategoryMapping> AddCategoryMappingAsync(string actor, long instanceId, string? field, string? value, string? categoryId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var instance = await db.PsaInstances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken) ?? throw NotFound(instanceId);
        var errors = new Dictionary<string, string>();
        field = field?.Trim().ToLowerInvariant() ?? "";
        value = value?.Trim() ?? "";
        categoryId = categoryId?.Trim() ?? "";
        if (!instance.System.CategoryFields().Contains(field))
            errors["field"] = $"Choose what to map from: {string.Join(", ", instance.System.CategoryFields())}.";
        if (value.Length == 0) errors["value"] = "Give the id or the name the PSA uses (e.g. Service Desk, 29683487).";
        else if (value.Length > PsaCategoryMapping.MaxValueLength || value.Any(char.IsControl)) errors["value"] = $"At most {PsaCategoryMapping.MaxValueLength} characters without control characters.";
        if (categoryId.Length == 0) errors["categoryId"] = "Choose the category.";
        else if (!await db.Categories.AnyAsync(c => c.Id == categoryId, cancellationToken)) errors["categoryId"] = $"There is no category '{categoryId}'.";
        if (errors.Count > 0) throw new PsaValidationException(errors);
        var position = (await db.PsaCategoryMappings.Where(m => m.InstanceId == instanceId).MaxAsync(m => (int?)m.Position, cancellationToken) ?? 0) + 1;
        var mapping = new PsaCategoryMapping { InstanceId = instanceId, Field = field, Value = value, CategoryId = categoryId, Position = position };
        db.PsaCategoryMappings.Add(mapping);
        Audit(db, actor, PsaAuditActions.MappingChanged, instance, $"{field} '{value}' → category {categoryId}", clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return mapping;
    }

    public async Task RemoveCategoryMappingAsync(string actor, long instanceId, long mappingId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var instance = await db.PsaInstances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken) ?? throw NotFound(instanceId);
        var mapping = await db.PsaCategoryMappings.FirstOrDefaultAsync(m => m.Id == mappingId && m.InstanceId == instanceId, cancellationToken)
            ?? throw new PsaValidationException("mapping", "That row is no longer in the table (someone removed it).");
        db.PsaCategoryMappings.Remove(mapping);
        Audit(db, actor, PsaAuditActions.MappingChanged, instance, $"removed {mapping.Field} '{mapping.Value}' → category {mapping.CategoryId}", clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
    }

    // Member table.

    public async Task<IReadOnlyList<PsaMemberMapping>> MemberMappingsAsync(long instanceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.PsaMemberMappings.AsNoTracking().Where(m => m.InstanceId == instanceId).OrderBy(m => m.Member).ToListAsync(cancellationToken);
    }

    public async Task<PsaMemberMapping> SetMemberMappingAsync(string actor, long instanceId, string? member, string? userName, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var instance = await db.PsaInstances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken) ?? throw NotFound(instanceId);
        var errors = new Dictionary<string, string>();
        member = member?.Trim().ToLowerInvariant() ?? "";
        userName = userName?.Trim() ?? "";
        if (member.Length == 0) errors["member"] = "Give the member's identifier or e-mail as the PSA sends it.";
        else if (member.Length > PsaMemberMapping.MaxMemberLength || member.Any(char.IsControl)) errors["member"] = $"At most {PsaMemberMapping.MaxMemberLength} characters without control characters.";
        var normalizedUser = userName.ToUpperInvariant();
        var user = userName.Length == 0 ? null : await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedUserName == normalizedUser, cancellationToken);
        if (userName.Length == 0) errors["userName"] = "Choose the account the member acts as.";
        else if (user is null) errors["userName"] = $"There is no account '{userName}'.";
        else if (user.Audience != Core.Articles.Audience.Internal) errors["userName"] = $"'{userName}' is a customer-audience account: the panel is the service desk's.";
        if (errors.Count > 0) throw new PsaValidationException(errors);
        var mapping = await db.PsaMemberMappings.FirstOrDefaultAsync(m => m.InstanceId == instanceId && m.Member == member, cancellationToken);
        if (mapping is null) db.PsaMemberMappings.Add(mapping = new PsaMemberMapping { InstanceId = instanceId, Member = member, UserName = user!.UserName! });
        else mapping.UserName = user!.UserName!;
        Audit(db, actor, PsaAuditActions.MappingChanged, instance, $"member {member} → {mapping.UserName}", clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return mapping;
    }

    public async Task RemoveMemberMappingAsync(string actor, long instanceId, long mappingId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var instance = await db.PsaInstances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken) ?? throw NotFound(instanceId);
        var mapping = await db.PsaMemberMappings.FirstOrDefaultAsync(m => m.Id == mappingId && m.InstanceId == instanceId, cancellationToken)
            ?? throw new PsaValidationException("member", "That member is no longer mapped (someone removed it).");
        db.PsaMemberMappings.Remove(mapping);
        Audit(db, actor, PsaAuditActions.MappingChanged, instance, $"removed member {mapping.Member} → {mapping.UserName}", clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static void Apply(PsaInstance instance, PsaInstanceInput input, DateTime now)
    {
        instance.Slug = PsaInstanceRules.NormalizeSlug(input.Slug);
        instance.System = input.System;
        instance.DisplayName = input.DisplayName?.Trim() ?? "";
        instance.TicketInstance = input.TicketInstance?.Trim() ?? "";
        instance.FrameOrigins = input.FrameOrigins ?? "";
        instance.UnmappedMembers = Enum.IsDefined(input.UnmappedMembers) ? input.UnmappedMembers : UnmappedMembers.Refuse;
        instance.MatchMembersByEmail = input.MatchMembersByEmail;
        instance.ReceiverEnabled = input.ReceiverEnabled;
        instance.ReceiverUserName = string.IsNullOrWhiteSpace(input.ReceiverUserName) ? null : input.ReceiverUserName.Trim();
        instance.ApiBaseUrl = input.ApiBaseUrl;
        instance.WriteBackEnabled = input.WriteBackEnabled;
        instance.ClosedStatuses = (input.ClosedStatuses ?? instance.System.DefaultClosedStatuses()).Trim();
        instance.UpdatedAt = now;
        var errors = PsaInstanceRules.Validate(instance);
        if (errors.Count > 0) throw new PsaValidationException(errors);
        PsaInstanceRules.NormalizeOrigins(instance.FrameOrigins, out var origins);
        instance.FrameOrigins = origins;
        PsaInstanceRules.NormalizeApiBase(instance.ApiBaseUrl, out var api);
        instance.ApiBaseUrl = api;
        instance.ClosedStatuses = string.Join(",", instance.ClosedStatusList);
    }

    private static async Task EnsureUniqueAsync(KnowledgeBaseDbContext db, PsaInstance instance, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        if (await db.PsaInstances.AnyAsync(i => i.Id != instance.Id && i.Slug == instance.Slug, cancellationToken))
            errors["slug"] = $"Another instance is already called '{instance.Slug}'.";
        if (await db.PsaInstances.AnyAsync(i => i.Id != instance.Id && i.System == instance.System && i.TicketInstance == instance.TicketInstance, cancellationToken))
            errors["ticketInstance"] = $"{instance.System.Display()} tickets of '{instance.TicketInstance}' are already set up as another instance.";
        if (errors.Count > 0) throw new PsaValidationException(errors);
    }

    private static async Task SaveAsync(KnowledgeBaseDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (Tickets.UniqueViolations.Is(ex, "PsaInstances"))
        {
            throw new PsaValidationException("slug", "Another instance was just saved with the same name or the same tickets' instance.");
        }
    }

    private static void Audit(KnowledgeBaseDbContext db, string actor, string action, PsaInstance instance, string details, DateTime now) =>
        db.AuditTrail.Add(AuditEntry.Create(now, actor, action, "psa:" + instance.Slug, details));

    private static PsaValidationException NotFound(long id) => new("instance", $"There is no PSA instance #{id} (someone deleted it?).");
}
