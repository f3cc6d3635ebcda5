using System.Text;
using System.Text.Json;
using KnowledgeBase.Core.Psa;
using KnowledgeBase.Testing;

namespace KnowledgeBase.Core.Tests.Psa;

/// <summary>The vendors' documented payloads read into ticket changes: fields by their vendor names, unknown fields ignored, partial events partial.</summary>
public sealed class PsaPayloadTests
{
    private const string KeyUrl = "https://api-na.myconnectwise.net" + PsaSamples.ConnectWiseKeyPath;

    [Fact]
    public void A_ConnectWise_callback_reads_the_ticket_from_its_entity_string()
    {
        var callback = ConnectWisePayload.Parse(PsaSamples.ConnectWiseCallback(KeyUrl, closed: true));
        Assert.Equal("ticket", callback.Type);
        Assert.Equal(KeyUrl, callback.KeyUrl);
        var ticket = callback.Ticket!;
        Assert.Equal("48213", ticket.TicketId);
        Assert.Equal("Outlook keeps prompting for password after MFA was enabled", ticket.Subject);
        Assert.Equal("Contoso Dental", ticket.Client);
        Assert.Equal("jdoe", ticket.Technician);
        Assert.True(ticket.Closed);
        Assert.Equal(new DateTime(2026, 3, 2, 11, 0, 0, DateTimeKind.Utc), ticket.ClosedAt);
        Assert.Equal(new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc), ticket.OpenedAt);
        Assert.Equal(new DateTime(2026, 3, 2, 11, 0, 5, DateTimeKind.Utc), ticket.EventAt);
        Assert.Contains(new PsaField("board", "1", "Service Desk"), ticket.Fields);
        Assert.Contains(new PsaField("subtype", "32", "Outlook"), ticket.Fields);
        Assert.False(ticket.NeedsFetch);
    }

    [Fact]
    public void A_ConnectWise_callback_without_its_entity_asks_for_the_ticket_to_be_read()
    {
        var callback = ConnectWisePayload.Parse(PsaSamples.ConnectWiseIdOnlyCallback(KeyUrl));
        Assert.Equal("48214", callback.Ticket!.TicketId);
        Assert.True(callback.Ticket.NeedsFetch);
        Assert.Null(callback.Ticket.Subject);
        Assert.Equal("Since the laptop was docked, Teams calls drop every few minutes. Other apps are fine.",
            ConnectWisePayload.FirstDescription(JsonDocument.Parse(PsaSamples.ConnectWiseNotes).RootElement));
    }

    [Fact]
    public void A_ConnectWise_callback_of_another_record_type_is_not_a_ticket_and_a_broken_one_says_why()
    {
        var company = ConnectWisePayload.Parse("""{"Action":"updated","Type":"company","ID":250,"Entity":"{}","Metadata":{"key_url":"x"}}""");
        Assert.Null(company.Ticket);
        Assert.Contains("not valid JSON", Assert.Throws<PsaPayloadException>(() => ConnectWisePayload.Parse("{\"Type\":")).Message);
        Assert.Contains("no ID", Assert.Throws<PsaPayloadException>(() => ConnectWisePayload.Parse("""{"Type":"ticket","Action":"added"}""")).Message);
        Assert.Contains("Entity is not valid JSON", Assert.Throws<PsaPayloadException>(() => ConnectWisePayload.Parse("""{"Type":"ticket","ID":1,"Entity":"{oops"}""")).Message);
    }

    [Fact]
    public void An_Autotask_webhook_reads_its_fields_and_an_update_carries_only_what_changed()
    {
        var created = AutotaskPayload.Parse(PsaSamples.AutotaskCreate).Ticket!;
        Assert.Equal("351181", created.TicketId);
        Assert.Equal("Scanner cannot send to email (SMTP 535)", created.Subject);
        Assert.Equal("29683487", created.ClientId);
        Assert.Equal("1", created.StatusId);
        Assert.False(created.IsClosed(["5"]));
        Assert.Contains(new PsaField("queue", "29682833", null), created.Fields);
        Assert.Equal(new DateTime(2026, 3, 2, 8, 14, 2, 117, DateTimeKind.Utc), created.EventAt);
        Assert.False(created.NeedsFetch);

        var completed = AutotaskPayload.Parse(PsaSamples.AutotaskComplete).Ticket!;
        Assert.Null(completed.Subject);
        Assert.True(completed.IsClosed(["5"]));
        Assert.True(completed.NeedsFetch); // read from Autotask only when the site has not seen the ticket
        Assert.Equal(new DateTime(2026, 3, 2, 10, 40, 0, DateTimeKind.Utc), completed.ClosedAt);

        var item = AutotaskPayload.Item(JsonDocument.Parse(PsaSamples.AutotaskTicketItem).RootElement);
        Assert.Equal("Mapped drive H: disconnects after sleep", item.Subject);
        Assert.Equal("Northwind Traders", AutotaskPayload.CompanyName(JsonDocument.Parse(PsaSamples.AutotaskCompany).RootElement));
        Assert.Null(AutotaskPayload.Parse("""{"Action":"Update","EntityType":"Contact","Id":5,"Fields":{}}""").Ticket);
    }

    [Fact]
    public void A_HaloPSA_webhook_reads_the_ticket_object_and_a_batch_reads_each_occurrence()
    {
        var ticket = Assert.Single(HaloPayload.Parse(PsaSamples.HaloTicket()));
        Assert.Equal("1042", ticket.TicketId);
        Assert.Equal("VPN drops every hour on the Fortinet client", ticket.Subject);
        Assert.Equal("Fabrikam Ltd", ticket.Client);
        Assert.Equal("Ana Lima", ticket.Technician);
        Assert.Equal(new DateTime(2026, 3, 2, 8, 5, 0, DateTimeKind.Utc), ticket.OpenedAt);
        Assert.Contains(new PsaField("tickettype", "1", "Incident"), ticket.Fields);
        Assert.Contains(new PsaField("team", "5", "Network"), ticket.Fields);
        Assert.False(ticket.IsClosed(["9"]));

        var batch = HaloPayload.Parse(PsaSamples.HaloBatch);
        Assert.Equal(["1050", "1051"], batch.Select(t => t.TicketId));
        Assert.True(batch[1].IsClosed(["9"]));
        Assert.Contains("no ticket", Assert.Throws<PsaPayloadException>(() => HaloPayload.Parse("""{"event":"Client Updated","client":{"id":3}}""")).Message);
    }

    [Fact]
    public void Each_vendor_signature_is_checked_as_the_vendor_signs_and_a_changed_byte_fails_it()
    {
        var body = Encoding.UTF8.GetBytes(PsaSamples.AutotaskCreate);
        // Autotask's own example format: sha1= and the base64 HMAC-SHA1.
        var autotask = "sha1=" + Convert.ToBase64String(System.Security.Cryptography.HMACSHA1.HashData(Encoding.UTF8.GetBytes("0123456789secret"), body));
        Assert.True(PsaSignatures.AutotaskValid("0123456789secret", body, autotask));
        Assert.False(PsaSignatures.AutotaskValid("0123456789secreT", body, autotask));
        var tampered = (byte[])body.Clone();
        tampered[^3] ^= 1;
        Assert.False(PsaSignatures.AutotaskValid("0123456789secret", tampered, autotask));
        Assert.False(PsaSignatures.AutotaskValid("0123456789secret", body, null));

        var cw = Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("signing-key")), body));
        Assert.True(PsaSignatures.ConnectWiseValid("signing-key", body, cw));
        Assert.False(PsaSignatures.ConnectWiseValid("signing-key", tampered, cw));

        Assert.True(PsaSignatures.BasicValid("kb", "p:ss", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("kb:p:ss"))));
        Assert.False(PsaSignatures.BasicValid("kb", "p:ss", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("kb:p:sS"))));
        Assert.False(PsaSignatures.BasicValid("kb", "p:ss", "Basic not-base64!"));
        Assert.False(PsaSignatures.BasicValid("kb", "", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("kb"))));
    }
}
