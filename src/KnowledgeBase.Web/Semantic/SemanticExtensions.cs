using Microsoft.Extensions.DependencyInjection.Extensions;
using KnowledgeBase.Data.Semantic;
using KnowledgeBase.Search.Semantic;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Web.Semantic;

public static class SemanticExtensions
{
    /// <summary>
    /// The semantic step (<c>Search:Semantic</c>): the model, loaded in the background on every node; the embedding
    /// queue, drained by one node at a time; every node's vectors in memory.
    /// </summary>
    public static IServiceCollection AddKnowledgeBaseSemantic(this IServiceCollection services)
    {
        services.AddOptions<SemanticOptions>().BindConfiguration("Search:Semantic")
            .Validate(o => o.MaxPieces is >= 16 and <= 512, "Search:Semantic:MaxPieces must be from 16 to 512")
            .Validate(o => o.DenseCandidates is >= 1 and <= 1000 && o.FilteredDenseCandidates is >= 1 and <= 10_000,
                "Search:Semantic:DenseCandidates must be from 1 to 1000 and FilteredDenseCandidates from 1 to 10000")
            .Validate(o => o.MeaningOnlyCandidates is >= 1 and <= 1000, "Search:Semantic:MeaningOnlyCandidates must be from 1 to 1000")
            .Validate(o => Enum.IsDefined(o.Precision), "Search:Semantic:Precision must be Int8 or Float32")
            .Validate(o => o.QueryCacheEntries is >= 0 and <= 1_000_000, "Search:Semantic:QueryCacheEntries must be from 0 to 1000000");
        services.AddSingleton(sp => new SemanticSearch(sp.GetRequiredService<IOptions<SemanticOptions>>().Value));
        // The language model: MiniLM from its package. A test may put another ITextEmbedder here (same model key).
        services.TryAddSingleton<Func<SemanticOptions, ITextEmbedder>>(_ => options => new MiniLmEmbedder(options.MaxPieces, options.Precision));
        services.AddSingleton<EmbeddingStore>();
        services.AddSingleton<IEmbeddingStore>(sp => sp.GetRequiredService<EmbeddingStore>());
        services.AddSingleton<EmbeddingWorker>();
        services.AddSingleton<VectorFollower>();
        services.AddSingleton<TextVectors>();
        services.AddSingleton<DatabaseReadiness>();
        services.AddHostedService<SemanticModelService>();
        services.AddHostedService<EmbeddingWorkerService>();
        return services;
    }
}
