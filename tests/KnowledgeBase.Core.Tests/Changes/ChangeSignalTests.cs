using KnowledgeBase.Core.Changes;

namespace KnowledgeBase.Core.Tests.Changes;

public sealed class ChangeSignalTests
{
    private static readonly TimeSpan Forever = TimeSpan.FromHours(1);

    [Fact]
    public async Task A_notification_wakes_a_follower_that_is_waiting()
    {
        var signal = new ChangeSignal();
        var wait = signal.WaitAsync(signal.Generation, Forever, CancellationToken.None);
        Assert.False(wait.IsCompleted);

        signal.Notify();

        await wait.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_notification_that_came_while_the_follower_was_busy_is_not_slept_through()
    {
        var signal = new ChangeSignal();
        var seen = signal.Generation;   // read before the round
        signal.Notify();                // a commit during the round

        await signal.WaitAsync(seen, Forever, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Without_a_notification_the_wait_ends_at_its_timeout()
    {
        var signal = new ChangeSignal();

        await signal.WaitAsync(signal.Generation, TimeSpan.FromMilliseconds(20), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
    }
}
