namespace KnowledgeBase.Data.Api;

/// <summary>A create that would go over a documented limit (docs/security.md "Limits"): the caller must remove something first.</summary>
public sealed class ApiLimitException(string message) : Exception(message);
