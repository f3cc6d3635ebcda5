using System.Diagnostics.CodeAnalysis;

namespace KnowledgeBase.Core.Articles;

/// <summary>Parses and prints states and audiences the way people write them ("Not Validated", "wip", "not-validated").</summary>
public static class KcsNames
{
    public static string Display(this KcsState state) => state switch
    {
        KcsState.Wip => "WIP",
        KcsState.NotValidated => "Not Validated",
        KcsState.Validated => "Validated",
        KcsState.Archived => "Archived",
        _ => state.ToString(),
    };

    public static string Display(this Audience audience) => audience.ToString();

    public static bool TryParseState(string? text, [NotNullWhen(true)] out KcsState? state)
    {
        state = Normalize(text) switch
        {
            "wip" or "workinprogress" or "draft" => KcsState.Wip,
            "notvalidated" => KcsState.NotValidated,
            "validated" => KcsState.Validated,
            "archived" => KcsState.Archived,
            _ => null,
        };
        return state is not null;
    }

    public static bool TryParseAudience(string? text, [NotNullWhen(true)] out Audience? audience)
    {
        audience = Normalize(text) switch
        {
            "internal" => Audience.Internal,
            "customer" or "external" => Audience.Customer,
            _ => null,
        };
        return audience is not null;
    }

    private static string Normalize(string? text) =>
        new((text ?? "").Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}
