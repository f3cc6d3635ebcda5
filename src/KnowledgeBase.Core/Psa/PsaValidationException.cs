namespace KnowledgeBase.Core.Psa;

/// <summary>PSA settings that cannot be stored; <see cref="Errors"/> maps each field to what is wrong.</summary>
public sealed class PsaValidationException(IReadOnlyDictionary<string, string> errors)
    : Exception("Not saved: " + string.Join(" ", errors.Values))
{
    public IReadOnlyDictionary<string, string> Errors { get; } = errors;

    public PsaValidationException(string field, string message) : this(new Dictionary<string, string> { [field] = message })
    {
    }
}
