using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace KnowledgeBase.Cluster.Tests;

/// <summary>The few API calls the cluster tests make.</summary>
public static class ArticlesApi
{
    public sealed record Saved(string Id, int Version, string ETag);

    public static async Task<Saved> CreateAsync(this HttpClient api, string id, string title, string body = "## Issue\nIt fails.\n\n## Resolution\nRestart it.")
    {
        using var response = await api.PostAsJsonAsync("articles", new { id, title, markdown = body, state = "not-validated" });
        return await SavedAsync(response, $"create {id}");
    }

    public static async Task<Saved> PatchTitleAsync(this HttpClient api, Saved article, string title)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"articles/{article.Id}") { Content = JsonContent.Create(new { title }) };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(article.ETag));
        using var response = await api.SendAsync(request);
        return await SavedAsync(response, $"patch {article.Id}");
    }

    public static async Task<IReadOnlyList<string>> SearchIdsAsync(this HttpClient api, string query)
    {
        using var response = await api.GetAsync($"articles/search?q={Uri.EscapeDataString(query)}&limit=50");
        if (response.StatusCode != HttpStatusCode.OK) return [];
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();
    }

    private static async Task<Saved> SavedAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}", null, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new Saved(json.GetProperty("id").GetString()!, json.GetProperty("version").GetInt32(), response.Headers.ETag!.ToString());
    }

    /// <summary>Polls a node's search until <paramref name="id"/> is found for <paramref name="query"/>; returns how long it took.</summary>
    public static async Task<TimeSpan> WaitUntilFoundAsync(this HttpClient api, string query, string id, TimeSpan? deadline = null)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var limit = deadline ?? TimeSpan.FromSeconds(30);
        while (started.Elapsed < limit)
        {
            if ((await api.SearchIdsAsync(query)).Contains(id)) return started.Elapsed;
            await Task.Delay(20);
        }
        throw new TimeoutException($"'{id}' was not found for '{query}' within {limit.TotalSeconds} s");
    }
}
