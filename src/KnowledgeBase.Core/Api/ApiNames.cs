using System.Diagnostics.CodeAnalysis;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Tickets;

namespace KnowledgeBase.Core.Api;

/// <summary>How link types and proposal statuses are written on the wire: lower case (states and audiences: <see cref="KcsNames"/>).</summary>
public static class ApiNames
{
    public static string ToWire(this LinkType type) => type.ToString().ToLowerInvariant();

    public static string ToWire(this ProposalStatus status) => status.ToString().ToLowerInvariant();

    public static bool TryParseLinkType(string? text, [NotNullWhen(true)] out LinkType? type)
    {
        type = text?.Trim().ToLowerInvariant() switch
        {
            "reference" => LinkType.Reference,
            "resolved" => LinkType.Resolved,
            "created" => LinkType.Created,
            _ => null,
        };
        return type is not null;
    }
}
