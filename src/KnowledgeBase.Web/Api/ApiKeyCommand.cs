using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Data.Api;

namespace KnowledgeBase.Web.Api;

/// <summary>
/// <c>apikey create --name N --scopes a,b --audience internal|customer</c> (prints the key alone on its last line),
/// <c>apikey list</c>, <c>apikey revoke --name N</c>, <c>apikey client --name N --client C</c> (blank: none). Exit codes as the other commands: 0 done, 1 refused, 2 usage.
/// </summary>
public static class ApiKeyCommand
{
    private static readonly string Usage = $"""
        usage: apikey create --name NAME --scopes SCOPE[,SCOPE…] [--audience internal|customer] [--client NAME]
               apikey list
               apikey revoke --name NAME
               apikey client --name NAME --client NAME   (a customer key's client; --client "" for none)
        scopes: {string.Join(", ", ApiScopes.All)}
        """;

    public static async Task<int> RunAsync(WebApplication app, string[] words)
    {
        if (words.Length == 0) return await UsageAsync(Usage);
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i < words.Length; i++)
        {
            if (!words[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= words.Length) return await UsageAsync($"apikey: unknown or incomplete option '{words[i]}'\n{Usage}");
            options[words[i][2..]] = words[++i];
        }
        var store = app.Services.GetRequiredService<ApiKeyStore>();
        switch (words[0].ToLowerInvariant())
        {
            case "create":
            {
                if (!options.TryGetValue("name", out var name) || string.IsNullOrWhiteSpace(name)) return await UsageAsync($"apikey: --name is required\n{Usage}");
                var scopes = ApiScopes.Parse(options.GetValueOrDefault("scopes"), out var unknown);
                if (unknown is not null || scopes.Count == 0) return await UsageAsync($"apikey: --scopes must list some of {string.Join(", ", ApiScopes.All)}" + (unknown is null ? "" : $" ('{unknown}' is not one)"));
                Audience? audience = Audience.Internal;
                if (options.TryGetValue("audience", out var audienceText) && !KcsNames.TryParseAudience(audienceText, out audience))
                    return await UsageAsync("apikey: --audience must be internal or customer");
                try
                {
                    var (key, secret) = await store.CreateAsync(name, scopes, audience.Value, options.GetValueOrDefault("client"), "cli");
                    await Console.Error.WriteLineAsync($"created API key '{key.Name}' ({key.Scopes}, audience {key.Audience.ToWire()}{(key.Client is null ? "" : $", client {key.Client}")}); it is shown once, below:");
                    Console.WriteLine(secret);
                    return 0;
                }
                catch (ApiValidationException ex)
                {
                    await Console.Error.WriteLineAsync("apikey create: " + string.Join("; ", ex.Errors.Values));
                    return 1;
                }
            }
            case "list":
                foreach (var key in await store.ListAsync())
                {
                    Console.WriteLine(string.Join('\t', key.Name, key.Scopes, key.Audience.ToWire() + (key.Client is null ? "" : $" ({key.Client})"), $"created {key.CreatedAt:yyyy-MM-dd HH:mm} by {key.CreatedBy}",
                        key.LastUsedAt is { } used ? $"last used {used:yyyy-MM-dd HH:mm}" : "never used", key.IsRevoked ? $"revoked {key.RevokedAt:yyyy-MM-dd HH:mm}" : "active"));
                }
                return 0;
            case "revoke":
            {
                if (!options.TryGetValue("name", out var name)) return await UsageAsync($"apikey: --name is required\n{Usage}");
                if (await store.RevokeAsync(name, "cli"))
                {
                    Console.WriteLine($"revoked API key '{name}'");
                    return 0;
                }
                await Console.Error.WriteLineAsync($"apikey revoke: no active key named '{name}'");
                return 1;
            }
            case "client":
            {
                if (!options.TryGetValue("name", out var name) || !options.TryGetValue("client", out var client))
                    return await UsageAsync($"apikey: --name and --client are required\n{Usage}");
                try
                {
                    var urls = app.Services.GetRequiredService<ApiUrls>();
                    if (await store.SetClientAsync(name, client, "cli", id => urls.Article(id)) is { } change)
                    {
                        Console.WriteLine(string.IsNullOrWhiteSpace(client) ? $"API key '{name}' has no client now" : $"API key '{name}' now reads for client {ClientNames.Display(client)}");
                        if (change.Notice is { } note) Console.WriteLine(note);
                        return 0;
                    }
                    await Console.Error.WriteLineAsync($"apikey client: no active key named '{name}'");
                    return 1;
                }
                catch (ApiValidationException ex)
                {
                    await Console.Error.WriteLineAsync("apikey client: " + string.Join("; ", ex.Errors.Values));
                    return 1;
                }
            }
            default:
                return await UsageAsync(Usage);
        }
    }

    private static async Task<int> UsageAsync(string text)
    {
        await Console.Error.WriteLineAsync(text);
        return 2;
    }
}
