using KnowledgeBase.Web.Cluster;
using Microsoft.Extensions.Logging.Abstractions;

namespace KnowledgeBase.Web.Tests.Cluster;

/// <summary>
/// The outbox dispatchers' one rule for a stop (notifications, webhooks, PSA write-back): a delivery under way is let
/// finish — cut off after the receiver took it, it would be sent again by the next lease holder — and none is begun after.
/// </summary>
public sealed class DeliverClaimedTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task A_stop_lets_the_deliveries_under_way_finish_and_begins_no_other(int parallel)
    {
        using var stop = new CancellationTokenSource();
        var begun = new List<int>();
        var finished = new List<int>();
        var allUnderWay = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var receiverAnswers = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var claimed = Enumerable.Range(1, parallel + 3).ToList();

        var delivering = Dispatcher.DeliverAsync(claimed, async item =>
        {
            lock (begun)
            {
                begun.Add(item);
                if (begun.Count == parallel) allUnderWay.TrySetResult();
            }
            await receiverAnswers.Task;
            lock (finished) finished.Add(item);
        }, stop.Token, parallel);

        await allUnderWay.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        Assert.False(delivering.IsCompleted, "the stop must wait for the deliveries under way");
        receiverAnswers.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => delivering);
        Assert.Equal(parallel, begun.Count);
        Assert.Equal(begun.Order(), finished.Order());
    }

    [Fact]
    public async Task Without_a_stop_every_claimed_row_is_delivered()
    {
        var delivered = new List<int>();
        await Dispatcher.DeliverAsync(Enumerable.Range(1, 5).ToList(), item =>
        {
            lock (delivered) delivered.Add(item);
            return Task.CompletedTask;
        }, CancellationToken.None, 1);

        Assert.Equal([1, 2, 3, 4, 5], delivered);
    }

    /// <summary>Reaches the protected helper; the lease loop itself is never started here.</summary>
    private sealed class Dispatcher() : LeasedBackgroundService(null!, null!, NullLogger.Instance)
    {
        protected override string LeaseName => "test";

        protected override Task RunWhileHeldAsync(CancellationToken leaseToken) => Task.CompletedTask;

        public static Task DeliverAsync<T>(IEnumerable<T> claimed, Func<T, Task> deliver, CancellationToken stoppingToken, int parallel) =>
            DeliverClaimedAsync(claimed, deliver, stoppingToken, parallel);
    }
}
