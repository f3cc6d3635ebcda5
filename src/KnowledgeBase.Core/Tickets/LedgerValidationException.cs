namespace KnowledgeBase.Core.Tickets;

/// <summary>Input the reuse ledger cannot store; <see cref="Errors"/> maps each field (API names) to what is wrong.</summary>
public sealed class LedgerValidationException(IReadOnlyDictionary<string, string> errors)
    : Exception("The request is not valid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}")))
{
    public IReadOnlyDictionary<string, string> Errors { get; } = errors;

    public LedgerValidationException(string field, string message) : this(new Dictionary<string, string> { [field] = message })
    {
    }
}
