using System.Diagnostics.CodeAnalysis;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Tickets;

namespace KnowledgeBase.Core.Api;

/// <summary>How states, audiences and link types are written on the wire: lower case, words joined by dashes.</summary>
public static class ApiNames
{
    public static string ToWire(this KcsState state) => state switch
    {
        KcsState.Wip => "wip",
        KcsState.NotValidated => "not-validated",
        KcsState.Validated => "validated",
        KcsState.Archived => "archived",
        _ => state.ToString().ToLowerInvariant(),
    };

    public static string ToWire(this Audience audience) => audience == Audience.Customer ? "customer" : "internal";

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
