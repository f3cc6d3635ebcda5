namespace KnowledgeBase.Bench.Engines;

/// <summary>An article as read from a folder of NNNNNN.md files: id (the file name), title and the Markdown body without front matter.</summary>
public sealed record BenchArticle(string Id, string Title, string Body);
