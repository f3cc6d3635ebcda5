namespace KnowledgeBase.Core.Changes;

/// <summary>
/// Wakes this process's change-log followers (search sync, webhooks) as soon as a change is committed here, so a saved
/// article is searchable on this node at once; other nodes find the change by polling. A follower reads
/// <see cref="Generation"/> before a round and waits with it afterwards, so a change committed while the round ran is
/// never slept through.
/// </summary>
public sealed class ChangeSignal
{
    private TaskCompletionSource _next = NewSource();
    private long _generation;

    /// <summary>Counts notifications; read it before a round and pass it to <see cref="WaitAsync"/> after.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>Called after a change-log row was committed.</summary>
    public void Notify()
    {
        Interlocked.Increment(ref _generation);
        Interlocked.Exchange(ref _next, NewSource()).TrySetResult();
    }

    /// <summary>
    /// Completes at once when a notification came after <paramref name="seenGeneration"/> was read, else at the next
    /// <see cref="Notify"/> or after <paramref name="timeout"/>, whichever comes first.
    /// </summary>
    public async Task WaitAsync(long seenGeneration, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Take the source before comparing: a Notify after this line completes it, one before it moved the generation.
        var next = Volatile.Read(ref _next).Task;
        if (Generation != seenGeneration) return;
        try
        {
            await next.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
