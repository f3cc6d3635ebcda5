using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace KnowledgeBase.Testing;

/// <summary>One message as the SMTP server received it: the envelope, whether it came over TLS and as whom, and the parsed message.</summary>
public sealed record ReceivedMail(string EnvelopeFrom, IReadOnlyList<string> EnvelopeTo, bool Secure, string? AuthenticatedUser, MimeMessage Message)
{
    public string To => EnvelopeTo.Single();
    public string Subject => Message.Subject ?? "";
    public string Text => Message.TextBody ?? "";
    public string Html => Message.HtmlBody ?? "";
}

/// <summary>
/// A real SMTP server (the SmtpServer package, in-process) on a loopback port: plain, STARTTLS or implicit TLS with a
/// self-signed certificate, with or without required sign-in. It parses every message with MimeKit. It can be stopped
/// and started again on the same port (a relay that is down and comes back).
/// </summary>
public sealed class SmtpReceiver : IAsyncDisposable
{
    private SmtpServer.SmtpServer? _server;
    private Task? _running;
    private CancellationTokenSource? _stop;

    public SmtpReceiver(int? port = null) => Port = port ?? LoopbackPorts.Free();

    public int Port { get; }
    public string Host => "127.0.0.1";

    /// <summary>Offer STARTTLS (<see cref="ImplicitTls"/> false) or speak TLS from the first byte (true) with this certificate; null: plain.</summary>
    public X509Certificate2? Certificate { get; set; }
    public bool ImplicitTls { get; set; }

    /// <summary>When set, MAIL FROM is refused until the client signs in with exactly these.</summary>
    public (string User, string Password)? RequiredSignIn { get; set; }

    public ConcurrentQueue<ReceivedMail> Messages { get; } = new();

    /// <summary>When set, awaited after a message is received and before the server answers "250" (a relay slow to answer).</summary>
    public Func<ReceivedMail, Task>? BeforeAnswer { get; set; }

    /// <summary>A self-signed certificate for "localhost"/127.0.0.1 (loadable by SslStream on every platform).</summary>
    public static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    public async Task StartAsync()
    {
        if (_server is not null) return;
        var builder = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e =>
        {
            e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port));
            if (Certificate is not null) e.Certificate(Certificate).IsSecure(ImplicitTls);
            if (RequiredSignIn is not null) e.AuthenticationRequired().AllowUnsecureAuthentication(Certificate is null);
        });
        var services = new ServiceProvider();
        services.Add(new Store(this));
        if (RequiredSignIn is { } signIn)
            services.Add(new DelegatingUserAuthenticator((user, password) => user == signIn.User && password == signIn.Password));
        _server = new SmtpServer.SmtpServer(builder.Build(), services);
        _stop = new CancellationTokenSource();
        _running = _server.StartAsync(_stop.Token);
        // Listening has begun once a client can connect.
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new InvalidOperationException($"The SMTP server did not start listening on port {Port}.");
    }

    /// <summary>Stops listening (a relay that is down: connections are refused) until <see cref="StartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_server is null) return;
        _server.Shutdown();
        await _stop!.CancelAsync();
        try
        {
            await _running!.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
        _server = null;
        _running = null;
    }

    /// <summary>Waits for a message that matches, or fails saying what arrived instead.</summary>
    public async Task<ReceivedMail> WaitForAsync(Func<ReceivedMail, bool> match, string what, int seconds = 30)
    {
        for (var i = 0; i < seconds * 10; i++)
        {
            var found = Messages.FirstOrDefault(match);
            if (found is not null) return found;
            await Task.Delay(100);
        }
        throw new TimeoutException($"no e-mail {what} within {seconds} s; got: {string.Join(" | ", Messages.Select(m => $"{m.To}: {m.Subject}"))}");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Certificate?.Dispose();
    }

    private sealed class Store(SmtpReceiver owner) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            var secure = context.Pipe is SmtpServer.IO.ISecurableDuplexPipe pipe && pipe.IsSecure;
            var received = new ReceivedMail(
                Address(transaction.From), transaction.To.Select(Address).ToList(), secure,
                context.Authentication.IsAuthenticated ? context.Authentication.User : null, message);
            owner.Messages.Enqueue(received);
            if (owner.BeforeAnswer is { } answer) await answer(received);
            return SmtpResponse.Ok;
        }

        private static string Address(SmtpServer.Mail.IMailbox mailbox) => $"{mailbox.User}@{mailbox.Host}";
    }
}
