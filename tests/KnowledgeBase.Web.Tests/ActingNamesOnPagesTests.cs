using System.Net;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data.Tickets;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Web.Tests;

/// <summary>People read who acted as a person would say it: a PSA panel's limited technician and an API key by name, not by their stored spelling.</summary>
public sealed class ActingNamesOnPagesTests : IAsyncLifetime
{
    private readonly KnowledgeBaseSite _site = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task Links_made_through_the_psa_panel_or_an_api_key_name_the_technician_and_the_key_on_the_ticket_and_article_pages()
    {
        var client = await _site.SignedInClientAsync(KcsRole.Contributor);
        var ledger = _site.Services.GetRequiredService<ReuseLedger>();
        var ticket = new TicketKey("halopsa", "main", "T-5120");
        await ledger.UpsertTicketAsync(new TicketUpsert { Key = ticket, Subject = "Outlook asks for the password again" });
        await ledger.LinkAsync(new Actor(ActorNames.PsaMember("halo-main", "jdoe"), KcsRole.Candidate), new LinkRequest(ticket, "kb-1001", LinkType.Reference));
        await ledger.LinkAsync(new Actor(ActorNames.KeyPrefix + "PSA bridge", KcsRole.Contributor), new LinkRequest(ticket, "kb-1002", LinkType.Resolved));

        var ticketPage = await client.GetAsync("/tickets/halopsa/main/T-5120");
        var articlePage = await client.GetAsync("/articles/kb-1001");

        Assert.Equal(HttpStatusCode.OK, ticketPage.StatusCode);
        var ticketHtml = WebUtility.HtmlDecode(await ticketPage.Content.ReadAsStringAsync());
        Assert.Contains("by jdoe (PSA panel, halo-main)", ticketHtml);
        Assert.Contains("by API key “PSA bridge”", ticketHtml);
        Assert.DoesNotContain("psa:halo-main:jdoe", ticketHtml);
        var articleHtml = WebUtility.HtmlDecode(await articlePage.Content.ReadAsStringAsync());
        Assert.Contains("by jdoe (PSA panel, halo-main)", articleHtml);
    }
}
