namespace KnowledgeBase.Bench.Cli;

/// <summary>The command line or its input files are unusable; the app prints the message and exits with code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
