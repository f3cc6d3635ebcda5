using KnowledgeBase.Core.Inputs;

namespace KnowledgeBase.Core.Articles;

/// <summary>What an author submits when creating or editing an article.</summary>
public sealed record ArticleEdit
{
    public required string Title { get; init; }
    public required string Body { get; init; }
    public KcsState State { get; init; } = KcsState.NotValidated;
    public Audience Audience { get; init; } = Audience.Internal;
    /// <summary>Category ids, primary first.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
    /// <summary>
    /// The clients the article is for (names in any spelling; empty: every client); null keeps the article's clients as
    /// they are (a form or call that does not show them cannot clear them by leaving them out).
    /// </summary>
    public IReadOnlyList<string>? Clients { get; init; }
    /// <summary>
    /// The explicit owner as typed (a user's e-mail or user name, a team's name) or as stored (an owner reference);
    /// null or blank: the primary category's owner. The article store resolves it and refuses an unknown one.
    /// </summary>
    public string? Owner { get; init; }
    public string ChangeNote { get; init; } = "";

    public const int MaxBodyLength = 500_000;
    public const int MaxTags = 30;
    public const int MaxCategories = 10;

    /// <summary>Field → problem; empty when the edit can be stored (category existence is checked by the store).</summary>
    public Dictionary<string, string> Validate()
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(Title)) errors["title"] = "The title is required.";
        else if (Title.Length > 300) errors["title"] = "The title must be at most 300 characters.";
        else if (StoredText.NameProblem(Title) is { } titleProblem) errors["title"] = "The title " + titleProblem + ".";
        if (Body is null) errors["body"] = "The body is required.";
        else if (Body.Length > MaxBodyLength) errors["body"] = $"The body must be at most {MaxBodyLength:N0} characters.";
        else if (StoredText.NulProblem(Body) is { } bodyProblem) errors["body"] = "The text " + bodyProblem + ".";
        if (Categories.Count > MaxCategories) errors["categories"] = $"At most {MaxCategories} categories.";
        if (Tags.Count > MaxTags) errors["tags"] = $"At most {MaxTags} tags.";
        else if (Tags.Any(t => ArticleTag.Normalize(t).Length == 0)) errors["tags"] = "Tags must contain letters or digits.";
        else if (Tags.FirstOrDefault(ArticleTag.IsTooLong) is { } longTag)
            errors["tags"] = $"A tag must be at most {ArticleTag.MaxLength} characters ('{longTag[..Math.Min(30, longTag.Length)]}…' has {longTag.Length:N0}).";
        if (ClientNames.ListProblem(Clients) is { } clientsProblem) errors["clients"] = clientsProblem;
        if (Owner is { Length: > 256 }) errors["owner"] = "The owner must be at most 256 characters (a user's e-mail or user name, or a team's name).";
        else if (StoredText.NameProblem(Owner) is { } ownerProblem) errors["owner"] = "The owner " + ownerProblem + ".";
        if (ChangeNote.Length > 2000) errors["changeNote"] = "The change note must be at most 2,000 characters.";
        else if (StoredText.NulProblem(ChangeNote) is { } noteProblem) errors["changeNote"] = "The change note " + noteProblem + ".";
        if (!Enum.IsDefined(State)) errors["state"] = "Unknown state.";
        if (!Enum.IsDefined(Audience)) errors["audience"] = "Unknown audience.";
        return errors;
    }
}
