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
    private readonly Func<float[], IReadOnlyList<(string Id, float Similarity)>>? _scan;
    private IReadOnlyList<(string Id, float Similarity)>? _nearest;
    private readonly CancellationTokenSource _cancel = new();
    private readonly ManualResetEventSlim _done = new(false);
    private int _claimed;
    private float[]? _vector;
    private ExceptionDispatchInfo? _error;

    private PendingQueryVector(Func<CancellationToken, float[]?> embed, Func<float[], IReadOnlyList<(string Id, float Similarity)>>? scan)
    {
        _embed = embed;
        _scan = scan;
    }

    /// <summary>
    /// Starts <paramref name="embed"/> on the thread pool, then <paramref name="scan"/> (the articles nearest the
    /// vector) on the same thread, when given.
    /// </summary>
    public static PendingQueryVector Start(Func<CancellationToken, float[]?> embed, Func<float[], IReadOnlyList<(string Id, float Similarity)>>? scan = null)
    {
        ArgumentNullException.ThrowIfNull(embed);
        var pending = new PendingQueryVector(embed, scan);
        ThreadPool.UnsafeQueueUserWorkItem(static p => p.Run(), pending, preferLocal: false);
        return pending;
    }

    /// <summary>A vector already known (a remembered query): nothing to run.</summary>
    public static PendingQueryVector Done(float[]? vector)
    {
        var pending = new PendingQueryVector(_ => vector, null) { _claimed = 1, _vector = vector };
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

    /// <summary>The nearest articles scanned right after the vector, once <see cref="Result"/> has returned; null when not scanned.</summary>
    public IReadOnlyList<(string Id, float Similarity)>? Nearest => _done.IsSet ? _nearest : null;

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
            if (_vector is not null && _scan is not null && !_cancel.IsCancellationRequested) _nearest = _scan(_vector);
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
