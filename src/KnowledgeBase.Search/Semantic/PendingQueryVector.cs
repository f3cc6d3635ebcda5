using System.Runtime.ExceptionServices;

namespace KnowledgeBase.Search.Semantic;

/// <summary>
/// A query's vector being computed on another thread while the lexical search runs on this one: a settled query then
/// costs about the longer of the two instead of their sum. Whoever comes first runs the model — the thread pool, or the
/// search itself when it asks before the pool has started (so a busy pool never makes a search wait for a queue) —
/// and a search whose words turn out to decide abandons it: a run not begun never begins, a run under way is stopped.
/// </summary>
public sealed class PendingQueryVector
{
    private readonly Func<CancellationToken, float[]?> _embed;
    private readonly CancellationTokenSource _cancel = new();
    private readonly ManualResetEventSlim _done = new(false);
    private int _claimed;
    private float[]? _vector;
    private ExceptionDispatchInfo? _error;

    private PendingQueryVector(Func<CancellationToken, float[]?> embed) => _embed = embed;

    /// <summary>Starts <paramref name="embed"/> on the thread pool.</summary>
    public static PendingQueryVector Start(Func<CancellationToken, float[]?> embed)
    {
        ArgumentNullException.ThrowIfNull(embed);
        var pending = new PendingQueryVector(embed);
        ThreadPool.UnsafeQueueUserWorkItem(static p => p.Run(), pending, preferLocal: false);
        return pending;
    }

    /// <summary>A vector already known (a remembered query): nothing to run.</summary>
    public static PendingQueryVector Done(float[]? vector)
    {
        var pending = new PendingQueryVector(_ => vector) { _claimed = 1, _vector = vector };
        pending._done.Set();
        return pending;
    }

    /// <summary>The vector, computed here if the pool has not started it yet; the model's error, if it failed.</summary>
    public float[]? Result()
    {
        Run();
        _done.Wait();
        _error?.Throw();
        return _vector;
    }

    /// <summary>Not needed after all: a run not begun never begins, a run under way is stopped.</summary>
    public void Abandon()
    {
        if (Interlocked.CompareExchange(ref _claimed, 1, 0) == 0)
        {
            _done.Set();
            return;
        }
        if (!_done.IsSet) _cancel.Cancel();
    }

    private void Run()
    {
        if (Interlocked.CompareExchange(ref _claimed, 1, 0) != 0) return;
        try
        {
            _vector = _embed(_cancel.Token);
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _error = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            _done.Set();
        }
    }
}
