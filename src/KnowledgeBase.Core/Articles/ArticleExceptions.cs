namespace KnowledgeBase.Core.Articles;

/// <summary>A save was based on an older version than the one stored: nothing was overwritten.</summary>
public sealed class ArticleConflictException(string articleId, int expectedVersion, int currentVersion)
    : Exception($"Article '{articleId}' was changed by someone else: you edited version {expectedVersion}, the stored version is {currentVersion}. Nothing was saved.")
{
    public string ArticleId { get; } = articleId;
    public int ExpectedVersion { get; } = expectedVersion;
    public int CurrentVersion { get; } = currentVersion;
}

/// <summary>The lifecycle rules refuse the change for the actor's role.</summary>
public sealed class ArticleForbiddenException(string reason) : Exception(reason);

public sealed class ArticleNotFoundException(string articleId) : Exception($"Article '{articleId}' does not exist.")
{
    public string ArticleId { get; } = articleId;
}

/// <summary>Input that cannot be stored; <see cref="Errors"/> maps each field to what is wrong with it.</summary>
public sealed class ArticleValidationException(IReadOnlyDictionary<string, string> errors)
    : Exception("The article is not valid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}")))
{
    public IReadOnlyDictionary<string, string> Errors { get; } = errors;
}
