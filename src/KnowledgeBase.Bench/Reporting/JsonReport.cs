using System.Text.Json;
using KnowledgeBase.Bench.Measurement;

namespace KnowledgeBase.Bench.Reporting;

/// <summary>
/// The machine-readable results. Top-level keys are engine names only, so a reader can iterate them:
/// quality → {engine: {query set: {mrr10, recall10, recall1, p50_ms, p99_ms}}};
/// speed → {engine: {build_s, docs_per_s, index_bytes, p50_ms, p99_ms, qps_2t}}.
/// </summary>
public static class JsonReport
{
    private static readonly JsonWriterOptions Options = new() { Indented = true };

    public static void WriteQuality(string path, IReadOnlyList<QualityResult> results)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, Options);
        json.WriteStartObject();
        foreach (var engine in results.GroupBy(r => r.Engine))
        {
            json.WriteStartObject(engine.Key);
            foreach (var r in engine)
            {
                json.WriteStartObject(r.QuerySet);
                json.WriteNumber("mrr10", Math.Round(r.Mrr10, 4));
                json.WriteNumber("recall10", Math.Round(r.Recall10, 4));
                json.WriteNumber("recall1", Math.Round(r.Recall1, 4));
                json.WriteNumber("p50_ms", Math.Round(r.P50Ms, 3));
                json.WriteNumber("p99_ms", Math.Round(r.P99Ms, 3));
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    public static void WriteSpeed(string path, IReadOnlyList<SpeedResult> results)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, Options);
        json.WriteStartObject();
        foreach (var r in results)
        {
            json.WriteStartObject(r.Engine);
            json.WriteNumber("build_s", Math.Round(r.BuildSeconds, 3));
            json.WriteNumber("docs_per_s", Math.Round(r.DocsPerSecond, 1));
            json.WriteNumber("index_bytes", r.IndexBytes);
            json.WriteNumber("p50_ms", Math.Round(r.P50Ms, 3));
            json.WriteNumber("p99_ms", Math.Round(r.P99Ms, 3));
            json.WriteNumber("qps_2t", Math.Round(r.Qps2Threads, 1));
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }
}
