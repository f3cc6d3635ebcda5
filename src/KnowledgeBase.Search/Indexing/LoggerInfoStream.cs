using Lucene.Net.Util;
using Microsoft.Extensions.Logging;

namespace KnowledgeBase.Search.Indexing;

/// <summary>Lucene's diagnostic stream (flushes, merges, commits) as Trace logs.</summary>
internal sealed class LoggerInfoStream(ILogger logger) : InfoStream
{
    public override void Message(string component, string message) => logger.LogTrace("Lucene {Component}: {Message}", component, message);

    public override bool IsEnabled(string component) => logger.IsEnabled(LogLevel.Trace);

    protected override void Dispose(bool disposing)
    {
    }
}
