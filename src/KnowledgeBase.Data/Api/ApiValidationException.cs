namespace KnowledgeBase.Data.Api;

/// <summary>Input of an API-management call that cannot be stored; <see cref="Errors"/> maps each field to what is wrong.</summary>
public sealed class ApiValidationException(IReadOnlyDictionary<string, string> errors)
    : Exception("The request is not valid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}")))
{
    public IReadOnlyDictionary<string, string> Errors { get; } = errors;
}
