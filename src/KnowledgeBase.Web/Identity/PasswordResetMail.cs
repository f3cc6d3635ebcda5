using System.Collections.Concurrent;
using System.Threading.Channels;
using KnowledgeBase.Web.Notifications.Mail;

namespace KnowledgeBase.Web.Identity;

/// <summary>
/// The e-mail that carries a password reset link, and the queue that sends the ones people ask for themselves
/// ("Forgot your password?"). Those are sent after the answer, so the answer takes as long for an address with an
/// account as for one without; at most one e-mail per address every <see cref="PerAddressInterval"/> (no one can bury
/// someone's mailbox in reset e-mails). A node that stops drops what it had not sent: the person asks again.
/// </summary>
public sealed class PasswordResetMail(SmtpMailSender sender, ILogger<PasswordResetMail> logger, TimeProvider clock) : BackgroundService
{
    public static readonly TimeSpan PerAddressInterval = TimeSpan.FromMinutes(2);

    private readonly Channel<OutgoingMail> _queue = Channel.CreateBounded<OutgoingMail>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentDictionary<string, DateTime> _lastQueued = new(StringComparer.OrdinalIgnoreCase);

    public static OutgoingMail Build(string to, string? name, string link, int hours, bool askedByAdmin) => new(
        to, name, "Reset your KnowledgeBase password",
        (askedByAdmin ? "An Admin of the knowledge base sent you a link to set a new password.\n\n" : "Someone (we hope you) asked to reset the password of your knowledge base account.\n\n")
        + $"Set a new password here:\n{link}\n\n"
        + $"The link works once, for {hours} hours. Setting a password signs you out everywhere else.\n"
        + (askedByAdmin ? "" : "If you did not ask for it, ignore this e-mail: your password stays as it is.\n"));

    /// <summary>Whether this address may be sent another reset e-mail now; when so, it is counted as sent.</summary>
    public bool TryClaim(string email)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_lastQueued.Count > 10_000)
            foreach (var (address, at) in _lastQueued)
                if (now - at >= PerAddressInterval) _lastQueued.TryRemove(address, out _);
        var claimed = false;
        _lastQueued.AddOrUpdate(email, _ => { claimed = true; return now; }, (_, last) =>
        {
            if (now - last < PerAddressInterval) return last;
            claimed = true;
            return now;
        });
        return claimed;
    }

    public void Enqueue(OutgoingMail mail)
    {
        if (!_queue.Writer.TryWrite(mail)) logger.LogWarning("Password reset e-mail queue is full; an e-mail was dropped");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var mail in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await sender.SendAsync(mail, stoppingToken);
            }
            catch (Exception ex) when (ex is MailDeliveryException or InvalidOperationException)
            {
                logger.LogWarning(ex, "Password reset e-mail could not be sent: {Reason}", ex.Message);
            }
        }
    }
}
