using System.Text.RegularExpressions;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Core.Notifications;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data;
using KnowledgeBase.Data.Articles;
using KnowledgeBase.Data.Notifications;
using KnowledgeBase.Data.Owners;
using KnowledgeBase.Data.Tickets;
using KnowledgeBase.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Web.Tests.Notifications;

/// <summary>
/// A site with a real SMTP server and a chat receiver on loopback, on SQLite or PostgreSQL, and the few steps the
/// notification tests take: people, teams, articles, flags, proposals, preferences; links read out of what arrived.
/// </summary>
public sealed class NotificationSite : IAsyncDisposable
{
    private NotificationSite(KnowledgeBaseSite site, SmtpReceiver smtp, WebhookReceiver chat)
    {
        Site = site;
        Smtp = smtp;
        Chat = chat;
    }

    public KnowledgeBaseSite Site { get; }
    public SmtpReceiver Smtp { get; }
    public WebhookReceiver Chat { get; }

    /// <summary>Fast polling and retries; the database from <paramref name="database"/> (empty: the site's own SQLite file).</summary>
    public static async Task<NotificationSite> StartAsync(IDictionary<string, string?> database, IDictionary<string, string?>? extra = null, bool smtpUp = true,
        SmtpReceiver? smtp = null, WebhookReceiver? chat = null)
    {
        smtp ??= new SmtpReceiver();
        if (smtpUp) await smtp.StartAsync();
        chat ??= new WebhookReceiver();
        await chat.StartAsync();
        var settings = new Dictionary<string, string?>(database)
        {
            ["Notifications:Smtp:Host"] = smtp.Host, ["Notifications:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Notifications:Smtp:Security"] = "None", ["Notifications:Smtp:From"] = "kb@test.local", ["Notifications:Smtp:TimeoutSeconds"] = "5",
            ["Notifications:PollSeconds"] = "0.2", ["Notifications:RetryBaseSeconds"] = "0.3", ["Notifications:ClaimSeconds"] = "20",
            ["Api:Webhooks:AllowPrivateTargets"] = "true",
            ["Node:LeaseSeconds"] = "3",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        var site = new KnowledgeBaseSite(settings);
        _ = site.ServerAddress;
        return new NotificationSite(site, smtp, chat);
    }

    public T Service<T>() where T : notnull => Site.Services.GetRequiredService<T>();

    public async Task<string> UserAsync(string email, KcsRole role)
    {
        await Site.CreateUserAsync(email, role);
        return await IdOfAsync(email);
    }

    public async Task<string> IdOfAsync(string email)
    {
        await using var db = await Service<IDbContextFactory<KnowledgeBaseDbContext>>().CreateDbContextAsync();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    /// <summary>What an Admin's disable does to the account (the column the lifecycle work sets).</summary>
    public async Task DisableAsync(string email)
    {
        await using var db = await Service<IDbContextFactory<KnowledgeBaseDbContext>>().CreateDbContextAsync();
        await db.Users.Where(u => u.Email == email).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisabledAt, DateTime.UtcNow).SetProperty(u => u.DisabledBy, "admin@test.local"));
    }

    public async Task<int> TeamAsync(string name, params string[] members)
    {
        var teams = Service<TeamAdministration>();
        var (id, error) = await teams.CreateAsync("admin@test.local", name, "");
        Assert.Null(error);
        foreach (var member in members) Assert.Null(await teams.AddMemberAsync("admin@test.local", id!.Value, member));
        return id!.Value;
    }

    public async Task<Article> ArticleAsync(string title, string owner, KcsState state = KcsState.Validated) =>
        await Service<ArticleStore>().CreateAsync(new Actor("admin@test.local", KcsRole.Admin), null, new ArticleEdit
        {
            Title = title, Body = "## Issue\nThe printer says paper jam.\n\n## Resolution\nOpen tray 2.\n", State = state, Owner = owner,
        });

    public Task<ArticleFlag> FlagAsync(string by, KcsRole role, string articleId, string comment) =>
        Service<ReuseLedger>().FlagAsync(new Actor(by, role), articleId, FlagReason.Outdated, comment);

    public Task SetPreferenceAsync(string userId, NotificationFrequency frequency = NotificationFrequency.Immediate, bool email = true, string? chatUrl = null,
        ChatFormat chat = ChatFormat.Teams, bool weeklyQueue = true) =>
        Service<NotificationStore>().SavePreferenceAsync(new NotificationPreference
        {
            UserId = userId, Frequency = frequency, Email = email, ChatWebhookUrl = chatUrl, ChatFormat = chat, WeeklyQueue = weeklyQueue,
        });

    /// <summary>A client signed in as <paramref name="email"/> through the real sign-in form.</summary>
    public async Task<HttpClient> SignInAsync(string email)
    {
        var client = Site.CreateLoopbackClient();
        var response = await KnowledgeBaseSite.PostFormAsync(client, "/account/login", "login", new() { ["Input.Email"] = email, ["Input.Password"] = KnowledgeBaseSite.Password });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>The link of a plain-text e-mail that follows "<paramref name="label"/>: ", as a path on this site (it must be absolute, on the site's address).</summary>
    public string LinkPath(ReceivedMail mail, string label)
    {
        var match = Regex.Match(mail.Text, Regex.Escape(label) + @": (\S+)");
        Assert.True(match.Success, $"no '{label}: <link>' in the e-mail:\n{mail.Text}");
        var url = new Uri(match.Groups[1].Value);
        Assert.True(url.IsAbsoluteUri);
        Assert.Equal(Site.ServerAddress.Authority, url.Authority);
        Assert.Contains($"href=\"{System.Net.WebUtility.HtmlEncode(url.ToString())}\"", mail.Html);
        return url.PathAndQuery + url.Fragment;
    }

    public async Task<IReadOnlyList<NotificationMessage>> MessagesAsync()
    {
        await using var db = await Service<IDbContextFactory<KnowledgeBaseDbContext>>().CreateDbContextAsync();
        return await db.NotificationMessages.AsNoTracking().OrderBy(m => m.Id).ToListAsync();
    }

    public async Task<IReadOnlyList<Notification>> NotificationsAsync()
    {
        await using var db = await Service<IDbContextFactory<KnowledgeBaseDbContext>>().CreateDbContextAsync();
        return await db.Notifications.AsNoTracking().OrderBy(m => m.Id).ToListAsync();
    }

    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        for (var i = 0; i < seconds * 10; i++)
        {
            if (await condition()) return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"not within {seconds} s: {what}");
    }

    public async ValueTask DisposeAsync()
    {
        await Site.DisposeAsync();
        await Smtp.DisposeAsync();
        await Chat.DisposeAsync();
    }
}
