using System.Net;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data.Tickets;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Web.Tests.Security;

/// <summary>
/// Issue #14 point 4: POST /tickets/unlink removed any link by id, for any signed-in user, and its message told existing
/// ids from missing ones. Customers are refused by the access policy (the matrix); an internal user removes only links
/// of the ticket the form was posted from, and a missing id and another ticket's link get the same answer.
/// </summary>
public sealed class UnlinkTests : IAsyncLifetime
{
    private readonly KnowledgeBaseSite _site = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task A_link_is_removed_only_from_its_own_tickets_page_and_a_foreign_or_missing_id_reads_the_same()
    {
        _ = _site.ServerAddress;
        var ledger = _site.Services.GetRequiredService<ReuseLedger>();
        var own = new TicketKey("halo", "acme", "T-100");
        var foreign = new TicketKey("halo", "globex", "T-200");
        foreach (var key in new[] { own, foreign }) await ledger.UpsertTicketAsync(new TicketUpsert { Key = key, Subject = "Printer offline" });
        var ownLink = (await ledger.LinkAsync(Actor.System, new LinkRequest(own, "kb-1001", LinkType.Reference))).Link;
        var foreignLink = (await ledger.LinkAsync(Actor.System, new LinkRequest(foreign, "kb-1001", LinkType.Reference))).Link;
        var tech = await _site.SignedInClientAsync(KcsRole.Candidate);
        var page = $"/tickets/{own.System}/{own.Instance}/{own.ExternalId}";

        async Task<string> UnlinkAsync(long id)
        {
            var response = await KnowledgeBaseSite.PostFormAsync(tech, "/tickets/unlink", null, new()
            {
                ["linkId"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["system"] = own.System, ["instance"] = own.Instance,
                ["ticket"] = own.ExternalId, ["returnUrl"] = page,
            }, tokenPage: page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return Uri.UnescapeDataString(response.Headers.Location!.OriginalString);
        }

        var foreignAnswer = await UnlinkAsync(foreignLink.Id);
        var missingAnswer = await UnlinkAsync(987_654);
        Assert.Contains("This ticket has no such link", foreignAnswer);
        Assert.Equal(missingAnswer, foreignAnswer);
        Assert.Single(await ledger.LinksOfTicketAsync(foreign));

        Assert.Contains("The link was removed", await UnlinkAsync(ownLink.Id));
        Assert.Empty(await ledger.LinksOfTicketAsync(own));
    }
}
