using System.Diagnostics;
using System.Runtime.ExceptionServices;
using KnowledgeBase.Bench.Corpus;
using KnowledgeBase.Bench.Engines;

namespace KnowledgeBase.Bench.Measurement;

/// <summary>Runs queries against a built engine: one at a time for latency and ranks, or on several threads for throughput.</summary>
public static class QueryTimer
{
    public const int Limit = 10;

    /// <summary>
    /// One pass, one thread: the time of each Search call and the 1-based rank of the expected id (0 when not in the
    /// top 10). With a <paramref name="budget"/> the pass stops after the query that crosses it, so the arrays may be
    /// shorter than the list.
    /// </summary>
    public static (double[] Milliseconds, int[] Ranks) RunOnce(IBenchEngine engine, IReadOnlyList<BenchQuery> queries, TimeSpan? budget = null)
    {
        var milliseconds = new List<double>(queries.Count);
        var ranks = new List<int>(queries.Count);
        var began = Stopwatch.GetTimestamp();
        foreach (var query in queries)
        {
            var start = Stopwatch.GetTimestamp();
            var ids = engine.Search(query.Text, Limit);
            milliseconds.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            ranks.Add(Rank(ids, query.ExpectedId));
            if (budget is { } b && Stopwatch.GetElapsedTime(began) > b) break;
        }
        return (milliseconds.ToArray(), ranks.ToArray());
    }

    /// <summary>One pass over intake tickets: the time of each suggestion call and the rank of the expected article.</summary>
    public static (double[] Milliseconds, int[] Ranks) RunIntake(IBenchEngine engine, IReadOnlyList<IntakeTicket> tickets)
    {
        var milliseconds = new double[tickets.Count];
        var ranks = new int[tickets.Count];
        for (var i = 0; i < tickets.Count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var ids = engine.SuggestForTicket(tickets[i].Subject, tickets[i].Description, Limit);
            milliseconds[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            ranks[i] = Rank(ids, tickets[i].ExpectedId);
        }
        return (milliseconds, ranks);
    }

    /// <summary>Runs the queries once, unmeasured, stopping early after <paramref name="budget"/> if one is given.</summary>
    public static void WarmUp(IBenchEngine engine, IEnumerable<BenchQuery> queries, TimeSpan? budget = null)
    {
        var start = Stopwatch.GetTimestamp();
        foreach (var query in queries)
        {
            engine.Search(query.Text, Limit);
            if (budget is { } b && Stopwatch.GetElapsedTime(start) > b) return;
        }
    }

    /// <summary>
    /// Queries per second with <paramref name="threads"/> threads searching for a fixed time, each starting at a
    /// different point of the query list so they don't hit the same cache lines in lockstep.
    /// </summary>
    public static double Throughput(IBenchEngine engine, IReadOnlyList<BenchQuery> queries, int threads, TimeSpan duration)
    {
        var counts = new long[threads];
        var failures = new Exception?[threads];
        using var start = new Barrier(threads + 1);
        long stopAt = 0;
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var i = t * queries.Count / threads;
            start.SignalAndWait();
            var done = 0L;
            try
            {
                while (Stopwatch.GetTimestamp() < Volatile.Read(ref stopAt))
                {
                    engine.Search(queries[i].Text, Limit);
                    i = (i + 1) % queries.Count;
                    done++;
                }
            }
            catch (Exception ex)
            {
                // An exception on a bare thread would kill the process without the engine's cleanup; rethrow on the caller.
                failures[t] = ex;
            }
            counts[t] = done;
        }) { IsBackground = true, Name = $"bench-qps-{t}" }).ToList();

        foreach (var worker in workers) worker.Start();
        var began = Stopwatch.GetTimestamp();
        Volatile.Write(ref stopAt, began + (long)(duration.TotalSeconds * Stopwatch.Frequency));
        start.SignalAndWait();
        foreach (var worker in workers) worker.Join();
        if (failures.FirstOrDefault(f => f is not null) is { } failure) ExceptionDispatchInfo.Throw(failure);
        // Count until the last query finished, not until the deadline: a slow engine overruns it.
        var elapsed = Stopwatch.GetElapsedTime(began).TotalSeconds;
        return counts.Sum() / elapsed;
    }

    public static int Rank(IReadOnlyList<string> ids, string expected)
    {
        for (var i = 0; i < Math.Min(ids.Count, Limit); i++)
            if (string.Equals(ids[i], expected, StringComparison.Ordinal)) return i + 1;
        return 0;
    }
}
