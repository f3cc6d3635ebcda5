using KnowledgeBase.Bench.Commands;
using KnowledgeBase.Bench.Reporting;

namespace KnowledgeBase.Bench.Cli;

/// <summary>Entry point: parses the command line, runs one benchmark, maps failures to exit codes (2 usage, 1 failure).</summary>
public static class BenchApp
{
    public const int UsageExitCode = 2;

    public const string Help = """
        KnowledgeBase.Bench: search quality and speed of the Lucene engine against SQLite FTS5 and PostgreSQL.

        usage:
          dotnet run -c Release --project src/KnowledgeBase.Bench -- quality --articles DIR --queries FILE [FILE...]
                [--intake FILE] [--pg CONNSTRING] [--json OUT] [--engines LIST] [--fts5-mode MODE] [--trace OUT] [--vectors DIR] [--precision P] [--directory KIND]
          dotnet run -c Release --project src/KnowledgeBase.Bench -- speed --articles DIR --queries FILE [FILE...] --scale N
                [--pg CONNSTRING] [--json OUT] [--engines LIST] [--fts5-mode MODE] [--qps-seconds S] [--seed N] [--slowest N] [--directory KIND]

        commands:
          ui        search as you type in real Chromium: keystroke to rendered results (ui --articles DIR --queries FILE)
          ui-editor typing in the article editor in real Chromium: keystroke to next frame and pause to preview, for a
                    2,000-character article and one of --size characters (default 200000); see docs/editor.md
          cluster   two running nodes on one PostgreSQL (start them with build/bench-cluster.sh): index lag between
                    nodes under a steady write load, search API throughput and latency across both, memory per idle
                    Blazor circuit; see "Scale-out" in docs/operations.md
          model     the language model alone in float32 and int8: load time, query and article embedding
                    time (one text per run, one thread), and how alike the int8 vectors are to the float ones
                    (model --articles DIR --queries FILE... [--limit N articles, default 300]); see docs/semantic-search.md
          quality   index the articles as they are; per engine and query file print MRR@10, Recall@10, Recall@1 and
                    p50/p99 latency of Search(query, 10) (one thread, after a short warm-up).
          speed     grow the articles to N deterministically (real articles first, then new ones recombined from their
                    paragraphs and sentences, ids from 1000000); per engine print build time and docs/s, index size
                    on disk, p50/p99 latency over the query file(s) in a seeded shuffled order after a warm-up pass
                    (the warm-up cut after 30 s, the timed pass after 2 min), and QPS with 2 threads.

        options:
          --articles DIR      folder of NNNNNN.md files (YAML front matter with title:, then Markdown); id = file name
          --queries FILE...   'query<TAB>expected_id' lines; several files may follow one --queries
          --pg CONNSTRING     also run PostgreSQL (e.g. "Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres");
                              it works in a schema of its own, dropped at the end
          --json OUT          also write the figures as JSON
          --engines LIST      comma-separated subset of lexical,dense,lucene,fts5,postgres (default: all, postgres only
                              with --pg). lucene is what production serves by default (lexical + semantic step);
                              lexical is the same engine with the semantic step off; dense is the model's vectors
                              alone. All three index what production indexes (rendered, plain text), not raw Markdown
          --intake FILE       quality: also score intake suggestions on tickets ('id<TAB>client<TAB>subject<TAB>description'
                              after a header row), as the set "intake"
          --trace OUT         quality: each query's lexical candidates and nearest articles with both scores (JSON lines)
          --vectors DIR       where article vectors are kept between runs (default: the temp folder's kb-bench-vectors);
                              they are keyed by model and text hash, so only changed articles are embedded again
          --precision P       the language model's weights: int8 (default, as production) or float32 (as the package ships)
          --fts5-mode MODE    or-title (default: terms OR-ed, title x5), or (terms OR-ed), and (all terms)
          --scale N           speed: number of articles to index (1 to 5,000,000)
          --qps-seconds S     speed: how long the 2-thread throughput run lasts (default 5)
          --seed N            speed: seed of the corpus synthesis (default 20240611)
          --slowest N         speed: list the N slowest queries of the timed pass, and the garbage collections during it
          --directory KIND    lucene, lexical: how index files are read, as production's Search:Directory: paged
                              (default: pages read once and kept in memory) or niofs (Lucene's NIOFSDirectory)

        JSON:
          quality  { engine: { query set: { mrr10, recall10, recall1, p50_ms, p99_ms } } }
                   engines are lexical, dense, dense-f32 (float32 vectors), lucene, fts5, postgres; a query set is named by its FILE NAME WITHOUT DIRECTORY OR
                   EXTENSION (queries/typo.tsv -> "typo").
          speed    { engine: { build_s, docs_per_s, index_bytes, p50_ms, p99_ms, qps_2t } }

        exit codes: 0 done, 1 an engine failed, 2 bad command line or unreadable input.
        """;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        try
        {
            if (args is ["reports", ..]) return Reports.ReportsCommand.Run(args[1..], output, error);
            if (args is ["ui", ..]) return Ui.KeystrokeCommand.Run(args[1..], output, error);
            if (args is ["ui-editor", ..]) return Ui.EditorTypingCommand.Run(args[1..], output, error);
            if (args is ["cluster", ..]) return Cluster.ClusterCommand.Run(args[1..], output, error);
            if (args is ["model", ..]) return ModelCommand.Run(args[1..], output, error);
            var options = BenchOptions.Parse(args);
            if (options is null)
            {
                output.Write(Help);
                return 0;
            }

            MachineInfo.Write(output, args);
            if (options.VectorsFolder is not null) Engines.VectorCache.Folder = options.VectorsFolder;
            Engines.VectorCache.Precision = options.Precision;
            if (options.Command == BenchCommand.Quality) QualityCommand.Run(options, output, error);
            else SpeedCommand.Run(options, output, error);
            return 0;
        }
        catch (UsageException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            error.WriteLine("run with --help for usage");
            return UsageExitCode;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The stack trace is the useful part when an engine breaks mid-run.
            error.WriteLine($"failed: {ex}");
            return 1;
        }
    }
}
