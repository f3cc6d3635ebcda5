namespace KnowledgeBase.Core.Api;

/// <summary>What an API key may do (docs: api.md "Conventions"). A key holds any subset.</summary>
public static class ApiScopes
{
    public const string Read = "kb.read";
    public const string Write = "kb.write";
    public const string LinksWrite = "kb.links.write";
    public const string FeedbackWrite = "kb.feedback.write";
    public const string ReportsRead = "kb.reports.read";
    public const string WebhooksManage = "kb.webhooks.manage";

    public static readonly IReadOnlyList<string> All = [Read, Write, LinksWrite, FeedbackWrite, ReportsRead, WebhooksManage];

    /// <summary>Splits "kb.read, kb.write" into known scopes; <paramref name="unknown"/> names the first one that is not.</summary>
    public static IReadOnlyList<string> Parse(string? text, out string? unknown)
    {
        unknown = null;
        var scopes = new List<string>();
        foreach (var part in (text ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var scope = part.ToLowerInvariant();
            if (!All.Contains(scope))
            {
                unknown = part;
                return [];
            }
            if (!scopes.Contains(scope)) scopes.Add(scope);
        }
        return scopes;
    }
}
