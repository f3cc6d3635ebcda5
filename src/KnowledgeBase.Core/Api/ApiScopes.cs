using System.Collections.Frozen;
using KnowledgeBase.Core.Lifecycle;

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

    /// <summary>
    /// The rows of the KCS permission table (<see cref="KcsPermissions"/>) each scope needs. Reading, linking, feedback,
    /// reports and webhooks are "search, read, link, flag"; writing articles is creating drafts and editing internal
    /// articles. No scope grants publishing to customers, reviewing Candidates' work, managing the domain or administering.
    /// </summary>
    public static readonly FrozenDictionary<string, FrozenSet<KcsPermission>> Permissions = new Dictionary<string, FrozenSet<KcsPermission>>
    {
        [Read] = Set(KcsPermission.ReadAndLink),
        [Write] = Set(KcsPermission.ReadAndLink, KcsPermission.CreateDraft, KcsPermission.EditInternal),
        [LinksWrite] = Set(KcsPermission.ReadAndLink),
        [FeedbackWrite] = Set(KcsPermission.ReadAndLink),
        [ReportsRead] = Set(KcsPermission.ReadAndLink),
        [WebhooksManage] = Set(KcsPermission.ReadAndLink),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// The KCS role a key with these scopes acts with, so the lifecycle rules decide what it may do to articles: the
    /// least privileged role whose row of <see cref="KcsPermissions"/> holds every permission its scopes need (ties go to
    /// the lower role). Today that is a Contributor for a key with <c>kb.write</c> and a Candidate for any other key.
    /// </summary>
    public static KcsRole RoleFor(IEnumerable<string> scopes)
    {
        var needed = scopes.Where(Permissions.ContainsKey).SelectMany(s => Permissions[s]).ToHashSet();
        return Enum.GetValues<KcsRole>()
            .Where(role => needed.IsSubsetOf(KcsPermissions.Of(role)))
            .OrderBy(role => KcsPermissions.Of(role).Count).ThenBy(role => role)
            .First();
    }

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

    private static FrozenSet<KcsPermission> Set(params KcsPermission[] permissions) => permissions.ToFrozenSet();
}
