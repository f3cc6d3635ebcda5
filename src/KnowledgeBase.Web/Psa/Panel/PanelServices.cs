using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Psa;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data.Articles;
using KnowledgeBase.Data.Psa;
using KnowledgeBase.Data.Tickets;
using KnowledgeBase.Search;
using KnowledgeBase.Search.Sync;
using KnowledgeBase.Web.Psa.Vendors;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Web.Psa.Panel;

/// <summary>What the panel's endpoints work with, and how a view of the panel is gathered and rendered.</summary>
public sealed class PanelServices(PsaInstanceStore instances, PsaMembers members, PsaNonces nonces, PanelTokens tokens, ReuseLedger ledger, ArticleStore articles,
    PsaPanelReads reads, PsaWriteBackStore writeBacks, PsaTicketSync sync, PsaVendorClient vendors, SearchIndexHost search, IOptions<PsaOptions> options,
    TimeProvider clock, ILoggerFactory loggers)
{
    public const int SuggestionCount = 6;
    public const int ResultCount = 8;

    public PsaInstanceStore Instances => instances;
    public PsaMembers Members => members;
    public PsaNonces Nonces => nonces;
    public PanelTokens Tokens => tokens;
    public ReuseLedger Ledger => ledger;
    public ArticleStore Articles => articles;
    public PsaPanelReads Reads => reads;
    public IOptions<PsaOptions> Options => options;
    public TimeProvider Clock => clock;
    public ILogger Logger { get; } = loggers.CreateLogger("KnowledgeBase.Web.Psa.Panel");

    /// <summary>
    /// The panel of a ticket for who acts: the ticket (read from the PSA when it has not reached the knowledge base and
    /// the instance may), its links with the state of their notes, suggestions from its subject and description through
    /// the intake's own service — its relevance floor and the semantic step included — or the results of a search.
    /// </summary>
    /// <param name="log">Log the suggestions (opening the panel: <see cref="SearchIntent.Prefetch"/>, nobody has looked yet) or the search
    /// (<see cref="SearchIntent.Demand"/>) this view shows; null when the view only follows another action (a link, a capture).</param>
    public async Task<PanelView> ViewAsync(PsaInstance instance, string ticketId, PanelSession session, PsaMember member, HttpContext http, string? query = null,
        SearchIntent? log = null)
    {
        var cancellationToken = http.RequestAborted;
        var key = new TicketKey(instance.System.Wire(), instance.TicketInstance, ticketId);
        string? notice = null;
        var ticket = await ledger.FindTicketAsync(key, cancellationToken);
        if (ticket is null && instance.HasApi)
        {
            try
            {
                ticket = await FetchAsync(instance, ticketId, cancellationToken);
            }
            catch (PsaVendorException ex)
            {
                notice = $"The ticket could not be read from {instance.System.Display()}: {ex.Message}";
            }
        }
        var links = ticket is null ? [] : await ledger.LinksOfTicketAsync(key, cancellationToken: cancellationToken);
        var heads = await reads.ArticlesAsync(links.Select(l => l.ArticleId).ToList(), cancellationToken);
        var notes = ticket is null ? [] : await writeBacks.OfTicketAsync(instance.Id, ticketId, cancellationToken);
        var rows = links.Select(l => new PanelLinkRow(l.Id, l.ArticleId, heads.GetValueOrDefault(l.ArticleId)?.Title ?? l.ArticleId, l.Type, l.LinkedBy, l.LinkedAt,
            NoteStatus(notes.FirstOrDefault(n => n.LinkId == l.Id), instance))).ToList();

        IReadOnlyList<SearchHit>? results = null;
        IReadOnlyList<SearchHit> suggestions = [];
        var service = search.Service;
        if (service is not null && !string.IsNullOrWhiteSpace(query))
        {
            results = service.Search(new SearchRequest
            {
                Query = query, Limit = ResultCount, Reader = Core.Access.Reader.Internal, Facets = false, Snippets = false, Client = ticket?.Client,
            }).Hits;
        }
        else if (service is not null && ticket is not null)
        {
            // The ticket's client's articles first, other clients' after the global ones (Core ClientPreference).
            var linked = links.Select(l => l.ArticleId).ToHashSet(StringComparer.Ordinal);
            suggestions = service.SuggestForTicket(ticket.Subject, ticket.Description ?? "", ticket.CategoryId, Core.Access.Reader.Internal, SuggestionCount + linked.Count, ticket.Client)
                .Hits.Where(h => !linked.Contains(h.Id)).Take(SuggestionCount).ToList();
        }
        if (log is { } intent && (results is not null || (service is not null && ticket is not null)))
        {
            await ledger.LogSearchAsync(new SearchLogRequest(member.Actor.Name, member.Actor.Name,
                results is not null ? query! : Api.SearchLogging.TicketQuery(ticket!.Subject, ticket.Description), (results ?? suggestions).Count)
            {
                Category = ticket?.CategoryId, Source = SearchSource.Panel, Ticket = key, Shown = (results ?? suggestions).Select(h => h.Id),
                Intent = results is not null ? SearchIntent.Demand : intent,
            }, cancellationToken);
        }

        return new PanelView
        {
            Instance = instance, TicketId = ticketId, Ticket = ticket, CategoryName = await reads.CategoryNameAsync(ticket?.CategoryId, cancellationToken),
            Member = member, Session = tokens.Seal(session, TimeSpan.FromMinutes(Math.Max(1, options.Value.PanelSessionMinutes))),
            Query = query ?? "", Results = results, Suggestions = suggestions, SearchUnavailable = service is null, Links = rows,
            CaptureKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ConnectUrl = $"/psa/{instance.Slug}/connect?ticket={Uri.EscapeDataString(ticketId)}",
            Message = notice, IsError = notice is not null,
        };
    }

    /// <summary>The ticket as the ledger has it, recording it first when it has not arrived yet (read from the PSA when the instance may, else by its id).</summary>
    public async Task<Ticket> EnsureTicketAsync(PsaInstance instance, string ticketId, CancellationToken cancellationToken)
    {
        var key = new TicketKey(instance.System.Wire(), instance.TicketInstance, ticketId);
        if (await ledger.FindTicketAsync(key, cancellationToken) is { } known) return known;
        if (instance.HasApi)
        {
            try
            {
                if (await FetchAsync(instance, ticketId, cancellationToken) is { } fetched) return fetched;
            }
            catch (PsaVendorException)
            {
                // Recorded by its id below: the receiver fills in the rest when the PSA's next event arrives.
            }
        }
        return (await ledger.UpsertTicketAsync(new TicketUpsert { Key = key, Subject = $"{instance.System.Display()} ticket {ticketId}" }, cancellationToken)).Ticket;
    }

    private async Task<Ticket?> FetchAsync(PsaInstance instance, string ticketId, CancellationToken cancellationToken)
    {
        var fetched = await vendors.FetchTicketAsync(instance, ticketId, cancellationToken);
        // Recorded through the receiver's path (category table, receipts) as a read of the ticket at this moment.
        await sync.ApplyAsync(instance, "panel-read:" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), fetched with { TicketId = ticketId }, cancellationToken);
        return await ledger.FindTicketAsync(new TicketKey(instance.System.Wire(), instance.TicketInstance, ticketId), cancellationToken);
    }

    private static string? NoteStatus(PsaWriteBack? note, PsaInstance instance) => note?.Status switch
    {
        null => null,
        DeliveryStatus.Delivered => $"note posted to {instance.System.Display()}",
        DeliveryStatus.Pending => note.Attempts == 0 ? "note on its way" : $"note not posted yet ({note.Attempts} tries: {note.LastError})",
        _ => $"note not posted: {note.LastError}",
    };

    public async Task<IResult> RenderAsync(PanelView view, int status)
    {
        var html = await RenderAsync<PanelPage>(new Dictionary<string, object?> { [nameof(PanelPage.View)] = view });
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    /// <summary>A page with one sentence (an unknown instance), framed or not.</summary>
    public Task<string> RenderStatusAsync(string message) => Task.FromResult(
        $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>KnowledgeBase</title>" +
        $"<link rel=\"stylesheet\" href=\"/psa/panel.css\"></head><body class=\"psa-panel\"><p class=\"panel-error\" role=\"alert\">{HtmlEncoder.Default.Encode(message)}</p></body></html>");

    public async Task<string> RenderAsync<TComponent>(Dictionary<string, object?> parameters) where TComponent : IComponent
    {
        await using var renderer = new HtmlRenderer(_services, loggers);
        return await renderer.Dispatcher.InvokeAsync(async () => (await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters))).ToHtmlString());
    }

    private readonly IServiceProvider _services = new EmptyServices();

    /// <summary>The panel's components inject nothing: the renderer needs a provider, not services.</summary>
    private sealed class EmptyServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
