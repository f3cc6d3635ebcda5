using System.Diagnostics;
using KnowledgeBase.Search.Semantic;

namespace KnowledgeBase.Web.Semantic;

/// <summary>
/// On every node: loads the model off the startup path (the site answers, lexically, meanwhile), then keeps this
/// node's vectors in step with the database. Nothing runs when the semantic step is switched off.
/// </summary>
public sealed partial class SemanticModelService(SemanticSearch semantic, VectorFollower follower, DatabaseReadiness database,
    Func<SemanticOptions, ITextEmbedder> loadModel, ILogger<SemanticModelService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!semantic.Options.Enabled)
        {
            LogOff();
            return;
        }
        await Task.Yield();
        var load = Task.Run(() => Load(semantic, loadModel, logger), stoppingToken);
        await database.WaitAsync(stoppingToken);
        var follow = follower.RunAsync(stoppingToken);
        await load;
        await follow;
    }

    private static void Load(SemanticSearch semantic, Func<SemanticOptions, ITextEmbedder> loadModel, ILogger logger)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var embedder = loadModel(semantic.Options);
            semantic.Attach(embedder);
            LogLoaded(logger, embedder.ModelKey, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // ONNX Runtime's native library missing for this platform, a damaged package: search stays lexical.
            semantic.Fail(ex.Message);
            LogLoadFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Semantic search is switched off (Search:Semantic:Enabled=false): searches are lexical only")]
    private partial void LogOff();

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedding model {Model} loaded in {Seconds:0.0} s")]
    private static partial void LogLoaded(ILogger logger, string model, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "The embedding model could not be loaded: searches stay lexical")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception);
}
