using System.Security.Cryptography;
using KnowledgeBase.Core.Lifecycle;

namespace KnowledgeBase.Web.Identity;

/// <summary>
/// Development only: when there are no users, creates one per KCS role with a random password and prints the
/// credentials to the console. Never in any other environment, and no password is written anywhere else.
/// </summary>
public sealed class DemoUserSeeder(IServiceProvider services, IHostEnvironment environment, IdentitySettings settings) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!environment.IsDevelopment() || !settings.SeedDemoUsers) return;
        await using var scope = services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        if (await admin.AnyUsersAsync()) return;
        var lines = new List<string> { "Demo users (Development only; these passwords are shown once):" };
        foreach (var role in Enum.GetValues<KcsRole>())
        {
            var email = $"{role.ToString().ToLowerInvariant()}@demo.local";
            var password = NewPassword();
            var error = await admin.CreateAsync("system", email, password, role);
            lines.Add(error is null ? $"  {role.Display(),-24} {email,-40} {password}" : $"  {email}: {error}");
        }
        // Console, not the logger: credentials must not end up in log sinks.
        Console.WriteLine(string.Join(Environment.NewLine, lines));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static string NewPassword()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        var chars = RandomNumberGenerator.GetItems<char>(alphabet, 14);
        // Identity's rules want a digit, a lower and an upper case letter.
        return new string(chars) + "a7Q";
    }
}
