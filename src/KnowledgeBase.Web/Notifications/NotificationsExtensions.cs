using KnowledgeBase.Web.Notifications.Mail;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Web.Notifications;

/// <summary>Wiring of notifications (docs/notifications.md): the mail relay.</summary>
public static class NotificationsExtensions
{
    public static void AddKnowledgeBaseNotifications(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmtpOptions>, SmtpOptionsValidator>());
        services.AddSingleton<SmtpMailSender>();
    }
}
