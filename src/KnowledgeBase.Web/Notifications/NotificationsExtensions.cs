using KnowledgeBase.Core.Changes;
using KnowledgeBase.Data;
using KnowledgeBase.Data.Api;
using KnowledgeBase.Web.Identity;
using Microsoft.AspNetCore.Mvc;
using KnowledgeBase.Data.Notifications;
using KnowledgeBase.Web.Api.Webhooks;
using KnowledgeBase.Web.Notifications.Mail;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Web.Notifications;

/// <summary>Wiring of notifications (docs/notifications.md): the mail relay, the outbox and its dispatcher, chat posts.</summary>
public static class NotificationsExtensions
{
    public static void AddKnowledgeBaseNotifications(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmtpOptions>, SmtpOptionsValidator>());
        services.AddSingleton<SmtpMailSender>();

        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>());
        services.AddSingleton<NotificationStore>();
        services.AddSingleton<NotificationComposer>();
        services.AddSingleton<ChatWebhookSender>();
        services.AddHostedService<NotificationDispatcher>();
        // Chat posts connect only where the webhook target policy allows (metadata endpoints never; internal networks
        // only when Api:Webhooks:AllowedNetworks says so), follow no redirect and use no proxy.
        services.AddHttpClient(ChatWebhookSender.ClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false, UseCookies = false, UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectCallback = WebhookSender.ConnectCallback(sp.GetRequiredService<WebhookTargetPolicy>()),
            })
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan);
    }

    /// <summary>The outbox page's "Send again" (Admins): answered with a redirect back and what happened.</summary>
    public static void MapKnowledgeBaseNotifications(this WebApplication app)
    {
        app.MapPost("/admin/notifications/retry", async ([FromForm] string? id, NotificationStore store, ChangeSignal signal, CancellationToken cancellationToken) =>
        {
            string message;
            if (!long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var messageId))
                message = "Nothing was sent: the form named no message.";
            else if (await store.RetryAsync(messageId, cancellationToken))
            {
                signal.Notify();
                message = $"Message {messageId} will be sent again in a moment.";
            }
            else
                message = $"Message {messageId} is not a failed message (it was sent, is being retried, or does not exist): nothing changed.";
            return Results.LocalRedirect("/admin/notifications?message=" + Uri.EscapeDataString(message));
        }).RequireAuthorization(PermissionPolicies.Administer);
    }
}
