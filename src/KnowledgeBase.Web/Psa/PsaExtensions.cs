using KnowledgeBase.Data.Api;
using KnowledgeBase.Data.Psa;
using KnowledgeBase.Web.Api.Webhooks;
using KnowledgeBase.Web.Identity;
using KnowledgeBase.Web.Psa.Panel;
using KnowledgeBase.Web.Psa.Receivers;
using KnowledgeBase.Web.Psa.Vendors;
using KnowledgeBase.Web.Psa.WriteBack;

namespace KnowledgeBase.Web.Psa;

/// <summary>Wiring of the PSA integration (docs/psa.md): instances, receivers, the ticket panel, write-back.</summary>
public static class PsaExtensions
{
    public static void AddKnowledgeBasePsa(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PsaOptions>().BindConfiguration("Psa");
        services.AddSingleton<PsaSecrets>();
        services.AddSingleton<PsaInstanceStore>();
        services.AddSingleton<PsaTicketSync>();
        services.AddSingleton<PsaNonces>();
        services.AddSingleton<PsaMembers>();
        services.AddSingleton<PsaPanelReads>();
        services.AddSingleton<PsaWriteBackStore>();
        services.AddSingleton<PsaVendorClient>();
        services.AddSingleton<PanelTokens>();
        services.AddScoped<PanelServices>();
        services.AddHostedService<PsaWriteBackDispatcher>();
        // Vendor calls connect only where the webhook target policy allows (metadata endpoints never; internal networks
        // only when Api:Webhooks:AllowedNetworks lets an on-premises PSA in), follow no redirect and use no proxy.
        services.AddHttpClient(PsaVendorClient.ClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false, UseCookies = false, UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectCallback = WebhookSender.ConnectCallback(sp.GetRequiredService<WebhookTargetPolicy>()),
            })
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan);
    }

    public static void MapKnowledgeBasePsa(this WebApplication app)
    {
        // Each vendor authenticates its own events (signature or Basic), so no sign-in is asked; problem+json answers.
        app.MapPost("/api/psa/{slug}/events", PsaEventReceiver.ReceiveAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        app.MapPanelEndpoints();
        app.MapConnectEndpoints();
    }
}
