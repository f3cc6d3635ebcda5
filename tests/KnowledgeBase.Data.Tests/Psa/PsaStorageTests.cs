using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Core.Psa;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data.Identity;
using KnowledgeBase.Data.Psa;
using KnowledgeBase.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Tests.Psa;

/// <summary>PSA instances, the ticket events they send, the panel's single-use values and the write-back outbox, on both databases.</summary>
public abstract class PsaStorageTests : LedgerTestBase
{
    private readonly EphemeralDataProtectionProvider _keys = new();

    private PsaInstanceStore Instances => new(Database.Factory, Clock, new PsaSecrets(_keys));
    private PsaTicketSync Sync => new(Database.Factory, Ledger, Clock);
    private PsaWriteBackStore WriteBacks => new(Database.Factory, Clock);
    private PsaNonces Nonces => new(Database.Factory, Clock);

    private static PsaInstanceInput Halo(bool writeBack = false) => new()
    {
        Slug = "Halo-Main", System = PsaSystem.Halo, DisplayName = "Halo (main)", TicketInstance = "acme.halopsa.com",
        FrameOrigins = "https://acme.halopsa.com/\nhttps://*.halopsa.com", ReceiverEnabled = true, ReceiverUserName = "kb",
        ApiBaseUrl = writeBack ? "https://acme.halopsa.com" : null, WriteBackEnabled = false,
    };

    private async Task<PsaInstance> InstanceAsync(bool writeBack = false)
    {
        var created = await Instances.CreateAsync("admin@test.local", Halo(writeBack));
        if (!writeBack) return created.Instance;
        await Instances.SetCredentialsAsync("admin@test.local", created.Instance.Id, new PsaCredentials { ClientId = "kb-app", ClientSecret = "s3cret" });
        return await Instances.UpdateAsync("admin@test.local", created.Instance.Id, Halo(writeBack) with { WriteBackEnabled = true });
    }

    private static TicketKey HaloKey(string id) => new("halo", "acme.halopsa.com", id);

    [Fact]
    public async Task An_instance_is_stored_normalised_with_its_secrets_encrypted_and_shown_once()
    {
        var created = await Instances.CreateAsync("admin@test.local", Halo());
        Assert.Equal("halo-main", created.Instance.Slug);
        Assert.Equal("https://acme.halopsa.com\nhttps://*.halopsa.com", created.Instance.FrameOrigins);
        Assert.Equal("9", created.Instance.ClosedStatuses);
        Assert.StartsWith(PsaInstanceStore.EmbedSecretPrefix, created.EmbedSecret);

        await using var db = Database.Factory.CreateDbContext();
        var stored = await db.PsaInstances.AsNoTracking().SingleAsync();
        Assert.DoesNotContain(created.EmbedSecret, stored.EmbedSecret);
        Assert.DoesNotContain(created.ReceiverSecret, stored.ReceiverSecret);
        Assert.Equal(created.EmbedSecret, Instances.EmbedSecret(stored));
        Assert.Equal(created.ReceiverSecret, Instances.ReceiverSecret(stored));
        Assert.DoesNotContain(db.AuditTrail, a => a.Details.Contains(created.EmbedSecret, StringComparison.Ordinal));

        var rotated = await Instances.RotateEmbedSecretAsync("admin@test.local", stored.Id);
        Assert.NotEqual(created.EmbedSecret, rotated);
        Assert.Equal(rotated, Instances.EmbedSecret((await Instances.GetAsync(stored.Id))!));
    }

    [Fact]
    public async Task Bad_settings_are_refused_with_a_message_per_field()
    {
        var ex = await Assert.ThrowsAsync<PsaValidationException>(() => Instances.CreateAsync("admin@test.local", Halo() with
        {
            Slug = "Halo Main!", FrameOrigins = "https://acme.halopsa.com/tickets", ApiBaseUrl = "ftp://acme", WriteBackEnabled = true,
        }));
        Assert.Contains("lower-case", ex.Errors["slug"]);
        Assert.Contains("path", ex.Errors["frameOrigins"]);
        Assert.Contains("https", ex.Errors["apiBaseUrl"]);
        Assert.Contains("credentials", ex.Errors["writeBackEnabled"]);

        await InstanceAsync();
        var duplicate = await Assert.ThrowsAsync<PsaValidationException>(() => Instances.CreateAsync("admin@test.local", Halo() with { Slug = "halo-two" }));
        Assert.Contains("already set up", duplicate.Errors["ticketInstance"]);
        var http = await Assert.ThrowsAsync<PsaValidationException>(() => Instances.CreateAsync("admin@test.local", Halo() with { Slug = "other", TicketInstance = "x", FrameOrigins = "http://psa.example.com" }));
        Assert.Contains("not https", http.Errors["frameOrigins"]);
    }

    [Fact]
    public async Task Events_open_close_and_reopen_a_ticket_with_its_category_from_the_mapping_table()
    {
        var instance = await InstanceAsync();
        await Instances.AddCategoryMappingAsync("admin@test.local", instance.Id, "tickettype", "Incident", "identity");
        await Instances.AddCategoryMappingAsync("admin@test.local", instance.Id, "team", "Messaging", "email-outlook");
        var ex = await Assert.ThrowsAsync<PsaValidationException>(() => Instances.AddCategoryMappingAsync("admin@test.local", instance.Id, "board", "x", "nope"));
        Assert.Contains("tickettype, team, category", ex.Errors["field"]);
        Assert.Contains("no category 'nope'", ex.Errors["categoryId"]);

        SetNow(At(2026, 3, 2, 9));
        var opened = await Sync.ApplyAsync(instance, "d1", new PsaTicketEvent
        {
            TicketId = "4821", Subject = "Outlook asks for the password again", Description = "Since MFA\nwas enabled", Client = "Contoso Dental",
            StatusId = "1", OpenedAt = At(2026, 3, 2, 8), EventAt = At(2026, 3, 2, 8, 1),
            Fields = [new PsaField("tickettype", "3", "Incident"), new PsaField("team", "7", "Messaging")],
        });
        Assert.Equal(PsaEventOutcome.Applied, opened.Outcome);
        var ticket = (await Ledger.FindTicketAsync(HaloKey("4821")))!;
        Assert.Equal("identity", ticket.CategoryId); // the first row of the table that matches wins
        Assert.Equal(TicketStatus.Open, ticket.Status);
        Assert.Equal("Since MFA\nwas enabled", ticket.Description);

        // A partial event (only the status changed) closes it and clears nothing.
        var closed = await Sync.ApplyAsync(instance, "d2", new PsaTicketEvent { TicketId = "4821", StatusId = "9", EventAt = At(2026, 3, 2, 10) });
        Assert.Equal("closed", closed.Detail);
        ticket = (await Ledger.FindTicketAsync(HaloKey("4821")))!;
        Assert.Equal(TicketStatus.Closed, ticket.Status);
        Assert.Equal("Outlook asks for the password again", ticket.Subject);
        Assert.Equal("Contoso Dental", ticket.Client);
        Assert.Equal("identity", ticket.CategoryId);

        var reopened = await Sync.ApplyAsync(instance, "d3", new PsaTicketEvent { TicketId = "4821", StatusId = "2", EventAt = At(2026, 3, 2, 11) });
        Assert.Equal("reopened", reopened.Detail);
        ticket = (await Ledger.FindTicketAsync(HaloKey("4821")))!;
        Assert.Equal(TicketStatus.Open, ticket.Status);
        Assert.Null(ticket.ClosedAt);
    }

    [Fact]
    public async Task A_delivery_is_applied_once_and_an_older_event_never_overwrites_a_newer_one()
    {
        var instance = await InstanceAsync();
        SetNow(At(2026, 3, 2, 12));
        var newer = new PsaTicketEvent { TicketId = "77", Subject = "Printer offline (newer)", StatusId = "9", EventAt = At(2026, 3, 2, 11) };
        Assert.Equal(PsaEventOutcome.Applied, (await Sync.ApplyAsync(instance, "newer", newer)).Outcome);
        Assert.True(await Sync.SeenAsync(instance.Id, "newer"));
        Assert.Equal(PsaEventOutcome.Duplicate, (await Sync.ApplyAsync(instance, "newer", newer with { Subject = "changed in a replay" })).Outcome);

        var older = new PsaTicketEvent { TicketId = "77", Subject = "Printer offline (older)", StatusId = "1", EventAt = At(2026, 3, 2, 10) };
        Assert.Equal(PsaEventOutcome.Stale, (await Sync.ApplyAsync(instance, "older", older)).Outcome);
        var ticket = (await Ledger.FindTicketAsync(HaloKey("77")))!;
        Assert.Equal("Printer offline (newer)", ticket.Subject);
        Assert.Equal(TicketStatus.Closed, ticket.Status);

        Assert.Equal(PsaEventOutcome.Ignored, (await Sync.ApplyAsync(instance, "ancient", older with { EventAt = At(2026, 1, 1) })).Outcome);
        Assert.Equal(PsaEventOutcome.Ignored, (await Sync.ApplyAsync(instance, "deleted", newer with { Deleted = true, EventAt = At(2026, 3, 2, 12) })).Outcome);
        Assert.Equal("Printer offline (newer)", (await Ledger.FindTicketAsync(HaloKey("77")))!.Subject);

        // Vendor text the ledger would refuse is kept, not refused: control characters out, cut to the column.
        await Sync.ApplyAsync(instance, "odd", new PsaTicketEvent { TicketId = "78", Subject = "Tab\there\0 " + new string('x', 600), EventAt = At(2026, 3, 2, 11) });
        var odd = (await Ledger.FindTicketAsync(HaloKey("78")))!;
        Assert.StartsWith("Tab here x", odd.Subject);
        Assert.Equal(Ticket.MaxSubjectLength, odd.Subject.Length);
    }

    [Fact]
    public async Task A_resolved_link_queues_one_note_for_an_instance_that_writes_back_and_one_node_claims_it()
    {
        var instance = await InstanceAsync(writeBack: true);
        await ArticleAsync("kb-7", At(2026, 2, 1));
        await ArticleAsync("kb-8", At(2026, 2, 1));
        SetNow(At(2026, 3, 2, 9));
        await Ledger.UpsertTicketAsync(new TicketUpsert { Key = HaloKey("500"), Subject = "VPN drops" });
        await Ledger.UpsertTicketAsync(new TicketUpsert { Key = Key("other-psa"), Subject = "Not a Halo ticket" });

        await Ledger.LinkAsync(Contributor, new LinkRequest(HaloKey("500"), "kb-8", LinkType.Reference));
        await Ledger.LinkAsync(Contributor, new LinkRequest(Key("other-psa"), "kb-7", LinkType.Resolved));
        Assert.Empty(await WriteBacks.RecentAsync(instance.Id, 10));

        await Ledger.LinkAsync(Contributor, new LinkRequest(HaloKey("500"), "kb-7", LinkType.Resolved));
        await Ledger.LinkAsync(Contributor, new LinkRequest(HaloKey("500"), "kb-7", LinkType.Resolved));
        await Ledger.LinkAsync(Contributor, new LinkRequest(HaloKey("500"), "kb-8", LinkType.Resolved)); // reference → resolved
        var queued = await WriteBacks.RecentAsync(instance.Id, 10);
        Assert.Equal(["kb-7", "kb-8"], queued.Select(w => w.ArticleId).Order());
        Assert.All(queued, w => Assert.Equal("500", w.TicketId));
        Assert.Equal("Article kb-7", queued.Single(w => w.ArticleId == "kb-7").ArticleTitle);

        // Two nodes claim at once: each row goes to exactly one of them.
        var claims = await Task.WhenAll(WriteBacks.ClaimDueAsync("node-a", 10, TimeSpan.FromMinutes(1)), WriteBacks.ClaimDueAsync("node-b", 10, TimeSpan.FromMinutes(1)));
        Assert.Equal(2, claims.Sum(c => c.Count));
        Assert.Empty(claims[0].Select(c => c.WriteBack.Id).Intersect(claims[1].Select(c => c.WriteBack.Id)));

        var first = claims.SelectMany(c => c).First();
        await WriteBacks.RecordAttemptAsync(first.WriteBack, success: false, 503, "PSA answered 503", null, TimeSpan.FromSeconds(10));
        var failed = (await WriteBacks.RecentAsync(instance.Id, 10)).Single(w => w.Id == first.WriteBack.Id);
        Assert.Equal(DeliveryStatus.Pending, failed.Status);
        Assert.Equal(1, failed.Attempts);
        Assert.Equal(Clock.Now.UtcDateTime.AddSeconds(10), failed.NextAttemptAt);
        Assert.Null(failed.ClaimedBy);
    }

    [Fact]
    public async Task A_nonce_is_spent_once_even_by_two_uses_at_the_same_moment()
    {
        var instance = await InstanceAsync();
        var expires = At(2026, 3, 1, 9, 10);
        var spent = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Nonces.TrySpendAsync(instance.Id, "n-0123456789abcdef", expires)));
        Assert.Single(spent, s => s);
        Assert.True(await Nonces.TrySpendAsync(instance.Id, "n-other-0123456789", expires));
        await Nonces.SetResultAsync(instance.Id, "n-other-0123456789", "kb-42");
        Assert.Equal("kb-42", await Nonces.ResultAsync(instance.Id, "n-other-0123456789"));
        SetNow(At(2026, 3, 1, 10));
        Assert.Equal(2, await Nonces.PurgeAsync());
    }

    [Fact]
    public async Task Members_act_as_their_mapped_account_by_e_mail_or_as_a_limited_candidate_as_the_instance_says()
    {
        var instance = await InstanceAsync();
        await using (var db = Database.Factory.CreateDbContext())
        {
            db.Users.Add(new KbUser { UserName = "ana.lima@msp.example", NormalizedUserName = "ANA.LIMA@MSP.EXAMPLE", Email = "ana.lima@msp.example", NormalizedEmail = "ANA.LIMA@MSP.EXAMPLE", Role = KcsRole.Publisher });
            db.Users.Add(new KbUser { UserName = "portal@client.example", NormalizedUserName = "PORTAL@CLIENT.EXAMPLE", Email = "portal@client.example", NormalizedEmail = "PORTAL@CLIENT.EXAMPLE", Role = KcsRole.Admin, Audience = Audience.Customer });
            await db.SaveChangesAsync();
        }
        var members = new PsaMembers(Database.Factory, Clock);
        await Instances.SetMemberMappingAsync("admin@test.local", instance.Id, "ALima", "ana.lima@msp.example");
        var refused = await Assert.ThrowsAsync<PsaValidationException>(() => Instances.SetMemberMappingAsync("admin@test.local", instance.Id, "portal", "portal@client.example"));
        Assert.Contains("customer-audience", refused.Errors["userName"]);

        var mapped = (await members.ResolveAsync(instance, "alima")).Member!;
        Assert.Equal(new Actor("ana.lima@msp.example", KcsRole.Publisher), mapped.Actor);
        var byEmail = (await members.ResolveAsync(instance, "Ana.Lima@MSP.example")).Member!;
        Assert.True(byEmail.IsAccount);
        var limited = (await members.ResolveAsync(instance, "jdoe")).Member!;
        Assert.Equal(new Actor("psa:halo-main:jdoe", KcsRole.Candidate), limited.Actor);
        Assert.False(limited.IsAccount);
        var customer = await members.ResolveAsync(instance, "portal@client.example");
        Assert.Null(customer.Member);
        Assert.Contains("customer-audience", customer.Refusal);

        // A disabled account acts nowhere, the panel included: refused on its next click.
        await using (var db = Database.Factory.CreateDbContext())
        {
            (await db.Users.SingleAsync(u => u.UserName == "ana.lima@msp.example")).DisabledAt = Clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync();
        }
        var disabled = await members.ResolveAsync(instance, "alima");
        Assert.Null(disabled.Member);
        Assert.Contains("disabled", disabled.Refusal);
        Assert.Null((await members.AccountAsync("ana.lima@msp.example")).Member);

        instance = await Instances.UpdateAsync("admin@test.local", instance.Id, Halo() with { UnmappedMembers = UnmappedMembers.Refuse });
        var (none, why) = await members.ResolveAsync(instance, "jdoe");
        Assert.Null(none);
        Assert.Contains("only lets mapped members in", why);
    }
}

public sealed class SqlitePsaStorageTests : PsaStorageTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateSqliteAsync();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresPsaStorageTests(PostgresServerFixture postgres) : PsaStorageTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreatePostgresAsync(postgres.Server);
}
